import { describe, expect, it } from 'vitest'
import { nwLooPredict, nwPredict } from '../../src-shared/engine/estimate'
import { COMPACT_KERNEL_IDS, type CompactKernelId } from '../../src-shared/engine/kernels'
import { exactEstimates, maxDifference, testData, type Layout } from './fastReference'

const EPS = Number.EPSILON
const LAYOUTS: Layout[] = ['uniform', 'ties', 'duplicates', 'clustered']
const SIGMAS = [1e-4, 0.03, 0.4, 3, 1e6]

/** What rounding alone may leave between two correct sums: relative to the spread and to the values' size. */
function roundingAllowance(values: Float64Array): number {
  let max = 0
  let min = Infinity
  let top = -Infinity
  for (const v of values) {
    max = Math.max(max, Math.abs(v))
    min = Math.min(min, v)
    top = Math.max(top, v)
  }
  return 1e-13 * (top - min) + 8 * EPS * max
}

describe('compact kernels by windows and prefix moments', () => {
  for (const kernel of COMPACT_KERNEL_IDS) {
    it.each(LAYOUTS)(`${kernel}: predictions and leave-one-out agree with exact sums on %s data at every sigma`, (layout) => {
      const { keys, values, queries } = testData(3, 900, 400, layout, layout === 'clustered' ? 1e6 : 0)
      const allowance = roundingAllowance(values)
      for (const sigma of SIGMAS) {
        const fast = nwPredict({ keys, values, queries, kernel, sigma }, { algorithm: 'compact' })
        expect(fast.algorithm).toBe('compact')
        const exact = exactEstimates(keys, values, queries, kernel, sigma)
        expect(fast.undefinedQueries).toEqual(Array.from(exact.keys()).filter((i) => Number.isNaN(exact[i]!)))
        expect(maxDifference(fast.yHat, exact)).toBeLessThanOrEqual(fast.errorBound! + allowance)
        expect(fast.errorBound).toBeLessThanOrEqual(1e-12 * 4)

        const loo = nwLooPredict(keys, values, kernel, sigma, { algorithm: 'compact' })
        const looExact = exactEstimates(keys, values, keys, kernel, sigma, true)
        expect(loo.undefinedQueries).toEqual(Array.from(looExact.keys()).filter((i) => Number.isNaN(looExact[i]!)))
        expect(maxDifference(loo.yHat, looExact)).toBeLessThanOrEqual(loo.errorBound! + allowance)
      }
    })
  }

  it('has queries out of reach undefined, some defined, so the comparison above is not vacuous', () => {
    const { keys, values, queries } = testData(3, 900, 400, 'clustered')
    const r = nwPredict({ keys, values, queries, kernel: 'epanechnikov', sigma: 0.03 }, { algorithm: 'compact' })
    expect(r.undefinedQueries.length).toBeGreaterThan(50)
    expect(r.undefinedQueries.length).toBeLessThan(350)
  })

  it.each(COMPACT_KERNEL_IDS.filter((k) => k !== 'boxcar'))('%s: keys exactly one bandwidth away weigh 0, as in the dense code', (kernel) => {
    // u = (1 - 0) / 1 and (1 - 2) / 1 are exactly +-1; 40 copies make the window large enough for moments.
    const keys = Float64Array.from({ length: 80 }, (_, j) => (j % 2 === 0 ? 0 : 2))
    const values = Float64Array.from({ length: 80 }, (_, j) => j)
    const r = nwPredict({ keys, values, queries: Float64Array.of(1, 0.5), kernel, sigma: 1 }, { algorithm: 'compact' })
    expect(r.undefinedQueries).toEqual([0])
    expect(r.yHat[1]).toBeCloseTo(exactEstimates(keys, values, Float64Array.of(0.5), kernel, 1)[0]!, 12)
  })

  it('boxcar: keys exactly one bandwidth away weigh 1 (|u| <= 1)', () => {
    const keys = Float64Array.from({ length: 80 }, (_, j) => (j % 2 === 0 ? 0 : 2))
    const values = Float64Array.from({ length: 80 }, (_, j) => (j % 2 === 0 ? 1 : 3))
    const r = nwPredict({ keys, values, queries: Float64Array.of(1, 3.5), kernel: 'boxcar', sigma: 1 }, { algorithm: 'compact' })
    expect(r.yHat[0]).toBe(2)
    expect(r.undefinedQueries).toEqual([1])
  })

  it.each(['triweight', 'tricube', 'quartic'] as CompactKernelId[])(
    '%s: a window whose keys all sit near its edges (moments cancel) is summed directly',
    (kernel) => {
      // 300 keys within 1e-6 of q +- 0.9999 sigma: each weight ~1e-12, the moments O(1).
      const keys = Float64Array.from({ length: 300 }, (_, j) => (j % 2 === 0 ? -0.9999 : 0.9999) + 1e-6 * Math.sin(j))
      const values = Float64Array.from({ length: 300 }, (_, j) => Math.cos(j))
      const queries = Float64Array.of(0, 1e-7)
      const fast = nwPredict({ keys, values, queries, kernel, sigma: 1 }, { algorithm: 'compact' })
      const exact = exactEstimates(keys, values, queries, kernel, 1)
      expect(maxDifference(fast.yHat, exact)).toBeLessThan(1e-12)
    },
  )

  it('with one key: its value within reach, undefined beyond; leave-one-out undefined', () => {
    const r = nwPredict({ keys: Float64Array.of(2), values: Float64Array.of(7), queries: Float64Array.of(2.5, 9), kernel: 'tricube', sigma: 1 }, { algorithm: 'compact' })
    expect(r.yHat[0]).toBe(7)
    expect(r.undefinedQueries).toEqual([1])
    expect(nwLooPredict(Float64Array.of(2), Float64Array.of(7), 'cosine', 1, { algorithm: 'compact' }).undefinedQueries).toEqual([0])
  })

  it('at a huge sigma gives the mean of the values', () => {
    const { keys, values, queries } = testData(4, 500, 100, 'uniform')
    const mean = values.reduce((a, b) => a + b, 0) / values.length
    const r = nwPredict({ keys, values, queries, kernel: 'boxcar', sigma: 1e12 }, { algorithm: 'compact' })
    for (const y of r.yHat) expect(Math.abs(y - mean)).toBeLessThan(1e-14)
  })

  it('is chosen automatically beyond the dense size and reports how', () => {
    const { keys, values, queries } = testData(5, 2000, 1000, 'uniform')
    const r = nwPredict({ keys, values, queries, kernel: 'quartic', sigma: 0.2 })
    expect(r.algorithm).toBe('compact')
    const small = nwPredict({ keys: keys.subarray(0, 50), values: values.subarray(0, 50), queries: queries.subarray(0, 50), kernel: 'quartic', sigma: 0.2 })
    expect(small.algorithm).toBe('dense')
  })
})
