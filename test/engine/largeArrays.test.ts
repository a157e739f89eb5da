import { describe, expect, it } from 'vitest'
import type { RunDetail } from '../../src-shared/api/runs'
import { appendAll, finiteExtent, gather, maxOf, minOf } from '../../src-shared/arrays'
import { formatTable } from '../../src-main/cli/table'
import { diffRuns } from '../../src-renderer/compare/diff'

/**
 * Places that reduce or copy whole arrays, at a million entries: a spread
 * into a call (Math.max(...a), push(...a)) overflows the stack long before.
 */
const MILLION = 1_000_000

describe('array helpers at 10^6 entries', () => {
  const values = Float64Array.from({ length: MILLION }, (_, i) => Math.sin(i))
  it('find the largest and smallest value, skipping NaN', () => {
    let hi = -Infinity
    let lo = Infinity
    for (const v of values) {
      hi = v > hi ? v : hi
      lo = v < lo ? v : lo
    }
    const withNaN = Float64Array.from(values)
    withNaN[17] = NaN
    expect(maxOf(values)).toBe(hi)
    expect(minOf(values)).toBe(lo)
    expect(maxOf(withNaN)).toBe(hi)
    expect(maxOf([], 0)).toBe(0)
    expect(minOf([NaN], 7)).toBe(7)
  })

  it('find the finite extent, skipping null, NaN and infinities; [0, 1] when nothing is finite', () => {
    expect(finiteExtent([3, null, -2, NaN, Infinity, undefined, 5, -Infinity])).toEqual([-2, 5])
    expect(finiteExtent([null, NaN, Infinity])).toEqual([0, 1])
    expect(finiteExtent([])).toEqual([0, 1])
    expect(finiteExtent([4])).toEqual([4, 4])
  })

  it('gather values by index, directly or through an order', () => {
    const a = Float64Array.from({ length: MILLION }, (_, i) => i * 0.5)
    const index = Uint32Array.of(0, 7, MILLION - 1, 7)
    expect(Array.from(gather(a, index))).toEqual([0, 3.5, (MILLION - 1) * 0.5, 3.5])
    // Position k of a sorted order is a[order[k]]: a descending order reverses the picks.
    const order = Uint32Array.from({ length: MILLION }, (_, k) => MILLION - 1 - k)
    expect(Array.from(gather(a, index, order))).toEqual([(MILLION - 1) * 0.5, (MILLION - 8) * 0.5, 0, (MILLION - 8) * 0.5])
    expect(gather(a, new Uint32Array(0)).length).toBe(0)
  })

  it('append a million items', () => {
    const out = [1]
    appendAll(out, Array.from(values))
    expect(out.length).toBe(MILLION + 1)
    expect(out[MILLION]).toBe(values[MILLION - 1])
  })
})

describe('the command line table at 10^6 rows', () => {
  it('formats every row, right-aligned to the widest cell', () => {
    const rows = Array.from({ length: MILLION }, (_, i) => [i, i === 123_456 ? 1e-9 : i / 7])
    const text = formatTable(['x', 'yHat'], rows)
    const lines = text.trimEnd().split('\n')
    expect(lines.length).toBe(MILLION + 1)
    const width = lines[0]!.length
    expect(lines.every((l) => l.length === width)).toBe(true)
    expect(lines[123_457]!.trim()).toBe('123456  1.000000e-9')
  })
})

describe('the compare diff over 10^6 epochs', () => {
  it('reports the minimum, its epoch and the last value of each curve', () => {
    const epochs = Array.from({ length: MILLION }, (_, i) => ({ epoch: i + 1, loss: i === 654_321 ? 0.5 : 1 + ((i * 7919) % 1000) / 100, w: i / MILLION }))
    const run = { epochs, data: { label: 'x', seed: 1, nTrain: 1, nQuery: 1 }, metrics: {}, training: null } as unknown as RunDetail
    const other = { ...run, epochs: epochs.slice(0, 10) } as RunDetail
    const rows = diffRuns([run, other], false)
    const value = (label: string) => rows.find((r) => r.label === label)!.values[0]
    expect(value('loss: min')).toBe(0.5)
    expect(value('loss: epoch of min')).toBe(654_322)
    expect(value('loss: last')).toBe(epochs[MILLION - 1]!.loss)
    expect(value('w: min')).toBe(0)
    expect(value('w: last')).toBe((MILLION - 1) / MILLION)
  })
})
