import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { vectorLooOptimalSigma, vectorLooScore } from '../../src-shared/engine/vectorBandwidth'

/**
 * Data on which the width search once stopped in a local minimum, 9% above statsmodels'
 * cv_ls: round 20 of `check_vector_against_statsmodels.py --seed 2427314780` (d = 3, n = 39).
 * The widths below are statsmodels' KernelReg(reg_type='lc', bw='cv_ls') answer on this file.
 */
const STATSMODELS_CV_LS = Float64Array.from([0.5389872701159636, 0.6826019490649392, 0.6371152152985033])

function load(): { keys: Float64Array; values: Float64Array; d: number } {
  const rows = readFileSync(new URL('../fixtures/vector/loo-local-minimum.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number))
  const d = rows[0]!.length - 1
  const keys = new Float64Array(rows.length * d)
  rows.forEach((r, i) => keys.set(r.slice(0, d), i * d))
  return { keys, values: Float64Array.from(rows, (r) => r[d]!), d }
}

describe('the leave-one-out width search on a score with local minima', () => {
  const spec = { ...load(), kernel: 'gaussian' as const }

  it('is no worse than statsmodels cv_ls from the same data', () => {
    const ours = vectorLooOptimalSigma(spec)
    const theirs = vectorLooScore(spec, STATSMODELS_CV_LS).score
    expect(ours.score).toBeLessThanOrEqual(theirs * (1 + 1e-9))
  })

  it('gives the same widths every time (its extra starts are seeded)', () => {
    expect(Array.from(vectorLooOptimalSigma(spec).sigma)).toEqual(Array.from(vectorLooOptimalSigma(spec).sigma))
  })
})
