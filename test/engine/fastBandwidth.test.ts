import { describe, expect, it } from 'vitest'
import { looOptimalSigma, looScore } from '../../src-shared/engine/bandwidth'
import { nwLooPredict, nwLooPredictor } from '../../src-shared/engine/estimate'
import type { KernelId } from '../../src-shared/engine/kernels'
import { exactEstimates, maxDifference, testData } from './fastReference'

describe('leave-one-out at scale', () => {
  it.each(['ties', 'duplicates', 'uniform'] as const)('a reused predictor gives nwLooPredict bit for bit at every sigma (%s data)', (layout) => {
    const { keys, values } = testData(51, 3000, 0, layout)
    const predictor = nwLooPredictor(keys, values, 'gaussian')
    const algorithms = new Set<string>()
    // From where every estimate is its nearest keys' mean, through pairwise windows, to the transform.
    for (let e = -9; e <= 1; e += 0.5) {
      const sigma = 10 ** e
      const a = predictor(sigma)
      const b = nwLooPredict(keys, values, 'gaussian', sigma)
      algorithms.add(a.algorithm!)
      expect(a.errorBound).toBe(b.errorBound)
      for (let i = 0; i < keys.length; i++) if (!Object.is(a.yHat[i], b.yHat[i])) throw new Error(`sigma ${sigma}, point ${i}: ${a.yHat[i]} vs ${b.yHat[i]}`)
    }
    expect([...algorithms].sort()).toEqual(['fgt', 'window'])
  })

  it('leave-one-out windows summed pairwise agree with exact sums', () => {
    const { keys, values } = testData(52, 4000, 0, 'clustered')
    for (const sigma of [3e-4, 3e-3]) {
      const r = nwLooPredict(keys, values, 'gaussian', sigma, { algorithm: 'window' })
      expect(maxDifference(r.yHat, exactEstimates(keys, values, keys, 'gaussian', sigma, true))).toBeLessThanOrEqual(r.errorBound! + 1e-13)
    }
  })

  it.each(['gaussian', 'epanechnikov'] as KernelId[])('%s: the search at 12 000 points reports the score at its sigma and beats a fine brute-force grid', (kernel) => {
    const { keys, values } = testData(53, 12_000, 0, 'sorted')
    const r = looOptimalSigma(keys, values, kernel)
    const at = looScore(keys, values, kernel, r.sigma)
    expect(at.score).toBe(r.score)
    expect(at.errorBound).toBeLessThan(1e-10)
    // The grid spans 1e-12 of the range and up; its minimum lies between 1e-3 and 1, where a brute force looks.
    const predict = nwLooPredictor(keys, values, kernel)
    let best = Infinity
    for (let k = 0; k <= 120; k++) {
      const sigma = 10 ** (-3 + (3 * k) / 120)
      const { yHat, undefinedQueries } = predict(sigma)
      if (undefinedQueries.length > 0) continue
      let acc = 0
      for (let i = 0; i < keys.length; i++) acc += (values[i]! - yHat[i]!) ** 2
      best = Math.min(best, acc / keys.length)
    }
    expect(r.score).toBeLessThanOrEqual(best * (1 + 1e-9))
  })
})
