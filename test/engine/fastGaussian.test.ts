import { describe, expect, it } from 'vitest'
import { nwLooPredict, nwPredict } from '../../src-shared/engine/estimate'
import { exactEstimates, maxDifference, testData, type Layout } from './fastReference'

const EPS = Number.EPSILON
const LAYOUTS: Layout[] = ['uniform', 'ties', 'duplicates', 'clustered']
const SIGMAS = [1e-6, 1e-3, 0.05, 0.5, 5, 1e9]
const ALGORITHMS = ['window', 'fgt', undefined] as const

function spread(values: Float64Array): { range: number; scale: number; max: number } {
  let min = Infinity
  let top = -Infinity
  let mean = 0
  for (const v of values) {
    min = Math.min(min, v)
    top = Math.max(top, v)
    mean += v / values.length
  }
  let scale = 0
  for (const v of values) scale = Math.max(scale, Math.abs(v - mean))
  return { range: top - min, scale, max: Math.max(Math.abs(min), Math.abs(top)) }
}

/** Rounding of correct sums: relative to the spread, and to the values' size once the mean is added back. */
const allowanceOf = (values: Float64Array) => 1e-13 * spread(values).scale + 8 * EPS * spread(values).max

describe('the Gaussian by truncated windows and the fast Gauss transform', () => {
  for (const algorithm of ALGORITHMS) {
    it.each(LAYOUTS)(`${algorithm ?? 'automatic choice'}: within the reported bound of exact sums on %s data, every sigma`, (layout) => {
      const { keys, values, queries } = testData(21, 700, 300, layout, layout === 'duplicates' ? -3e5 : 0)
      const allowance = allowanceOf(values)
      const tolerance = 1e-12 * spread(values).scale
      for (const sigma of SIGMAS) {
        const fast = nwPredict({ keys, values, queries, kernel: 'gaussian', sigma }, algorithm ? { algorithm } : {})
        const exact = exactEstimates(keys, values, queries, 'gaussian', sigma)
        expect(fast.undefinedQueries).toEqual([])
        expect(fast.errorBound).toBeLessThanOrEqual(tolerance)
        expect(maxDifference(fast.yHat, exact)).toBeLessThanOrEqual(fast.errorBound! + allowance)

        const loo = nwLooPredict(keys, values, 'gaussian', sigma, algorithm ? { algorithm } : {})
        const looExact = exactEstimates(keys, values, keys, 'gaussian', sigma, true)
        expect(loo.errorBound).toBeLessThanOrEqual(tolerance)
        expect(maxDifference(loo.yHat, looExact)).toBeLessThanOrEqual(loo.errorBound! + allowance)
      }
    })
  }

  it.each(['window', 'fgt'] as const)('%s: the bound holds, and is met, at a loose tolerance', (algorithm) => {
    const { keys, values, queries } = testData(22, 3000, 500, 'uniform')
    const exact = exactEstimates(keys, values, queries, 'gaussian', 0.02)
    const tolerance = 1e-5
    const fast = nwPredict({ keys, values, queries, kernel: 'gaussian', sigma: 0.02 }, { algorithm, tolerance })
    expect(fast.algorithm).toBe(algorithm)
    const error = maxDifference(fast.yHat, exact)
    expect(fast.errorBound).toBeLessThanOrEqual(tolerance)
    expect(error).toBeLessThanOrEqual(fast.errorBound! + allowanceOf(values))
    // A looser tolerance must buy a visibly cheaper, less exact computation, or the option does nothing.
    expect(error).toBeGreaterThan(1e-12)
  })

  it.each(['window', 'fgt'] as const)('%s: far from every key at a tiny sigma, the nearest key takes the weight (no 0/0)', (algorithm) => {
    const keys = Float64Array.from({ length: 600 }, (_, j) => j / 600)
    const values = Float64Array.from({ length: 600 }, (_, j) => j)
    const queries = Float64Array.of(50, -50, 0.5 + 1e-9, 1 / 1200)
    const r = nwPredict({ keys, values, queries, kernel: 'gaussian', sigma: 1e-3 }, { algorithm })
    const exact = exactEstimates(keys, values, queries, 'gaussian', 1e-3)
    expect(r.yHat[0]).toBe(599)
    expect(r.yHat[1]).toBe(0)
    expect(maxDifference(r.yHat, exact)).toBeLessThan(1e-9)
    // Exactly halfway between keys 0 and 1 at a vanishing sigma: the two share the weight.
    const tie = nwPredict({ keys, values, queries: Float64Array.of(1 / 1200), kernel: 'gaussian', sigma: 1e-9 }, { algorithm })
    expect(tie.yHat[0]).toBeCloseTo(0.5, 12)
  })

  it.each(['window', 'fgt'] as const)('%s: one key gives its value everywhere; leave-one-out of one key is undefined', (algorithm) => {
    const r = nwPredict({ keys: Float64Array.of(2), values: Float64Array.of(7.5), queries: Float64Array.of(-100, 2, 1e6), kernel: 'gaussian', sigma: 0.01 }, { algorithm })
    expect(Array.from(r.yHat)).toEqual([7.5, 7.5, 7.5])
    expect(nwLooPredict(Float64Array.of(2), Float64Array.of(7.5), 'gaussian', 1, { algorithm }).undefinedQueries).toEqual([0])
  })

  it('chooses windows when sigma is small against the spacing, the transform when it is wide, and reports which', () => {
    const { keys, values, queries } = testData(23, 20000, 20000, 'uniform')
    expect(nwPredict({ keys, values, queries, kernel: 'gaussian', sigma: 1e-5 }).algorithm).toBe('window')
    expect(nwPredict({ keys, values, queries, kernel: 'gaussian', sigma: 0.5 }).algorithm).toBe('fgt')
  })
})
