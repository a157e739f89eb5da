import { describe, expect, it } from 'vitest'
import { compareNumbers } from '../../../src-renderer/live/compare'

const f = (...v: number[]) => Float64Array.from(v)

describe('a saved run held against the page’s numbers', () => {
  it('finds nothing to report when every bit agrees (undefined estimates included)', () => {
    const a = { xTrain: f(0, 1), yTrain: f(2, 3), yHat: f(0.5, NaN, -0) }
    expect(compareNumbers(a, { ...a, yHat: f(0.5, NaN, 0) })).toEqual({ points: 2, queries: 3, dataDiffering: 0, fitDiffering: 0, maxAbs: 0, maxRel: 0 })
  })

  it('counts entries that differ in the last bit and the largest gap', () => {
    const next = (x: number) => x + x * Number.EPSILON
    const run = { xTrain: f(0, 1), yTrain: f(2, 3), yHat: f(1, 2, 4) }
    const page = { xTrain: f(0, 1), yTrain: f(2, next(3)), yHat: f(1, next(2), 4) }
    const c = compareNumbers(run, page)
    expect(c.dataDiffering).toBe(1)
    expect(c.fitDiffering).toBe(1)
    expect(c.maxAbs).toBe(next(2) - 2)
    expect(c.maxRel).toBe((next(2) - 2) / 2)
  })

  it('treats a defined estimate against an undefined one as infinitely far apart', () => {
    const c = compareNumbers({ xTrain: f(), yTrain: f(), yHat: f(1) }, { xTrain: f(), yTrain: f(), yHat: f(NaN) })
    expect(c.fitDiffering).toBe(1)
    expect(c.maxAbs).toBe(Infinity)
  })
})
