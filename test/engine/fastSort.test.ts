import { describe, expect, it } from 'vitest'
import { argsort, sortWithOrder, sortWithPayload } from '../../src-shared/engine/fast/sort'
import { sortedCopy } from '../../src-shared/engine/common/heatmapBlocks'
import { createRng } from '../../src-shared/engine/rng'

describe('argsort (bucket sort)', () => {
  const rng = createRng(11)
  const cases: [string, Float64Array][] = [
    ['uniform', Float64Array.from({ length: 5000 }, () => rng.uniform() * 5)],
    ['ties', Float64Array.from({ length: 5000 }, () => Math.floor(rng.uniform() * 7))],
    ['clustered and spread over 600 orders of magnitude', Float64Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? 1e-300 * rng.uniform() : i % 3 === 1 ? 1e300 * rng.normal() : 1 + 1e-12 * rng.normal()))],
    ['heavy tails', Float64Array.from({ length: 5000 }, () => Math.tan(Math.PI * (rng.uniform() - 0.5)))],
    ['signed zeros and negatives', Float64Array.from({ length: 3000 }, (_, i) => [0, -0, -1, 1, -Number.MIN_VALUE][i % 5]!)],
    ['already sorted', Float64Array.from({ length: 3000 }, (_, i) => i * 0.5)],
    ['reversed', Float64Array.from({ length: 3000 }, (_, i) => -i)],
    // Large enough that a pass makes fewer buckets than values and each bucket is sorted again.
    ['uniform, 100,000 values', Float64Array.from({ length: 100_000 }, () => rng.uniform() * 5)],
    ['heavy tails, 100,000 values', Float64Array.from({ length: 100_000 }, () => Math.tan(Math.PI * (rng.uniform() - 0.5)))],
    ['ties among 100,000 values', Float64Array.from({ length: 100_000 }, () => Math.floor(rng.uniform() * 3000) / 8)],
    ['short', Float64Array.of(3, 1, 2, 1)],
    ['empty', new Float64Array(0)],
  ]
  it.each(cases)('orders %s exactly as the dense heatmap does (by value, ties by index)', (_, a) => {
    expect(Array.from(argsort(a))).toEqual(Array.from(sortedCopy(a).order))
  })

  it.each(cases)('carries a payload through the same permutation: %s', (_, a) => {
    // A payload that identifies its index, with -0 and NaN among the values carried (carried as they are, never compared).
    const payload = Float64Array.from(a, (_, i) => (i % 5 === 0 ? -0 : i % 7 === 0 ? NaN : i + 0.5))
    const { sorted, order, carried } = sortWithPayload(a, payload)
    // The naive reference: indices by a comparator (value, then index), the payload gathered through them.
    const reference = Array.from(a, (_, i) => i).sort((i, j) => a[i]! + 0 - (a[j]! + 0) || i - j)
    expect(Array.from(order)).toEqual(reference)
    expect(Array.from(sorted)).toEqual(reference.map((i) => a[i]! + 0))
    const gathered = reference.map((i) => payload[i]!)
    for (let k = 0; k < gathered.length; k++) expect(Object.is(carried[k], gathered[k])).toBe(true)
    expect(Array.from(sortWithOrder(a).order)).toEqual(reference)
  })

  it('returns the sorted values with -0 read as +0', () => {
    const { sorted, order } = sortWithOrder(Float64Array.of(2, -0, -3, 0))
    expect(Array.from(order)).toEqual([2, 1, 3, 0])
    expect(Object.is(sorted[1], 0)).toBe(true)
    expect(Array.from(sorted)).toEqual([-3, 0, 0, 2])
  })

  it('refuses a payload of another length', () => {
    expect(() => sortWithPayload(Float64Array.of(1, 2), Float64Array.of(1))).toThrow('2 keys but 1 payload values')
  })
})
