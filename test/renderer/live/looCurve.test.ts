import { describe, expect, it } from 'vitest'
import { looOptimalSigma, looScore, ruleOfThumb } from '../../../src-shared/engine/bandwidth'
import { DatasetCache } from '../../../src-renderer/live/datasets'
import { coarseToFine, evaluateLooCurve, looCurveSigmas } from '../../../src-renderer/live/looCurve'
import type { LooCurveUpdate } from '../../../src-renderer/live/protocol'

const prepared = (n: number, seed: number) =>
  new DatasetCache().get({ key: `g${n}-${seed}`, kind: 'spec', spec: { fn: 'sin-pow', n, noiseSd: 0.5, xMin: 0, xMax: 5, queryStep: 0.1, seed } })

describe('the leave-one-out curve', () => {
  it('visits every grid point once, both ends first, then ever finer', () => {
    const order = Array.from(coarseToFine(48))
    expect(order.slice(0, 2)).toEqual([0, 47])
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 48 }, (_, i) => i))
    expect(order.slice(2, 4)).toEqual([32, 16])
  })

  it.each([['gaussian'], ['epanechnikov'], ['boxcar']] as const)('scores each sigma as the bandwidth search does (%s), reporting as it goes', async (kernel) => {
    const p = prepared(300, 2)
    const updates: LooCurveUpdate[] = []
    const finished = await evaluateLooCurve(p, kernel, 24, { between: async () => true, update: (u) => updates.push(u) })
    expect(finished).toBe(true)
    const last = updates[updates.length - 1]!
    expect(last.done).toBe(24)
    expect(last.points).toHaveLength(24)
    expect(updates.length).toBeGreaterThan(1)
    expect(updates[0]!.points.length).toBeLessThan(24)
    for (let k = 1; k < last.points.length; k++) expect(last.points[k]!.sigma).toBeGreaterThan(last.points[k - 1]!.sigma)
    for (const point of last.points) {
      const reference = looScore(p.data.xTrain, p.data.yTrain, kernel, point.sigma)
      // Above the largest gap between neighbours every point has one in reach: the compact kernels' curve starts there.
      expect(point.score).not.toBeNull()
      expect(Math.abs(point.score! - reference.score) / reference.score).toBeLessThan(1e-6)
    }
    expect(last.rules.silverman).toBe(ruleOfThumb(p.data.xTrain, 'silverman', kernel))
    expect(last.rules.scott).toBe(ruleOfThumb(p.data.xTrain, 'scott', kernel))
    const best = last.points.reduce((a, b) => (b.score! < a.score! ? b : a))
    expect(last.best).toEqual(best)
  })

  it('refines the grid’s best point as the bandwidth search does, to the digits the editor shows', async () => {
    for (const kernel of ['gaussian', 'epanechnikov'] as const) {
      const p = prepared(300, 2)
      const updates: LooCurveUpdate[] = []
      await evaluateLooCurve(p, kernel, 48, { between: async () => true, update: (u) => updates.push(u) })
      const last = updates[updates.length - 1]!
      // Only the final update carries it: before, the grid was still being drawn.
      expect(updates.slice(0, -1).every((u) => u.optimum === undefined)).toBe(true)
      const search = looOptimalSigma(p.data.xTrain, p.data.yTrain, kernel)
      expect(last.optimum, kernel).not.toBeNull()
      expect(Math.abs(last.optimum!.sigma / search.sigma - 1), kernel).toBeLessThan(1e-5)
      expect(last.optimum!.sigma.toPrecision(3)).toBe(search.sigma.toPrecision(3))
      expect(last.optimum!.score).toBeLessThanOrEqual(last.best!.score!)
    }
  })

  it('refines nothing when the grid’s best point is at its end (the minimum may lie beyond)', async () => {
    // y = x^2 without noise on a regular grid: the smallest sigma predicts best.
    const x = Float64Array.from({ length: 60 }, (_, i) => i / 59)
    const p = new DatasetCache().get({ key: 'square', kind: 'arrays', arrays: { xTrain: x, yTrain: x.map((v) => v * v), xQuery: x, yTruth: null } })
    const updates: LooCurveUpdate[] = []
    await evaluateLooCurve(p, 'gaussian', 24, { between: async () => true, update: (u) => updates.push(u) })
    const last = updates[updates.length - 1]!
    expect(last.best!.sigma).toBe(last.points[0]!.sigma)
    expect(last.optimum).toBeNull()
  })

  it('stops between two points when cancelled', async () => {
    const p = prepared(200, 3)
    let asked = 0
    const updates: LooCurveUpdate[] = []
    const finished = await evaluateLooCurve(p, 'gaussian', 48, { between: async () => ++asked <= 5, update: (u) => updates.push(u) })
    expect(finished).toBe(false)
    // Five points evaluated, the sixth refused: nothing after the cancel.
    expect(asked).toBe(6)
    expect(updates[updates.length - 1]!.done).toBeLessThanOrEqual(5)
  })

  it('can stop within a point: a sigma over many keys is computed in steps, each followed by the same check', async () => {
    const p = prepared(10_000, 4)
    let asked = 0
    const updates: LooCurveUpdate[] = []
    let askedForGrid = -1
    // 10,000 keys in steps of 4,096: two checks within each point besides the one before it (the grid's four
    // points, reported whole before its best point is refined, in steps too).
    expect(
      await evaluateLooCurve(p, 'tricube', 4, {
        between: async () => (++asked, true),
        update: (u) => {
          if (u.done === 4 && askedForGrid < 0) askedForGrid = asked
          updates.push(u)
        },
      }),
    ).toBe(true)
    expect(askedForGrid).toBe(4 * 3)
    // Stopped at the first check within the first point: no point is reported.
    let checks = 0
    const stopped: LooCurveUpdate[] = []
    expect(await evaluateLooCurve(p, 'tricube', 4, { between: async () => ++checks < 2, update: (u) => stopped.push(u) })).toBe(false)
    expect(checks).toBe(2)
    expect(stopped).toEqual([])
  })

  it('spans the scales the data resolve: from about the neighbours’ spacing (two decades under a rule of thumb at most) to beyond the range', () => {
    const sorted = Float64Array.from({ length: 1001 }, (_, i) => i / 200)
    const gaussian = looCurveSigmas(sorted, 'gaussian', 10)
    expect(gaussian[0]).toBeCloseTo(0.0025, 12)
    expect(gaussian[9]).toBeCloseTo(15, 12)
    expect(looCurveSigmas(sorted, 'gaussian', 10, 1)[0]).toBeCloseTo(0.01, 12)
    // Compact: below the widest gap some point has no neighbour.
    expect(looCurveSigmas(sorted, 'tricube', 10)[0]).toBeGreaterThan(0.005)
    expect(Array.from(looCurveSigmas(Float64Array.of(2, 2, 2), 'gaussian', 10))).toEqual([1])
  })
})
