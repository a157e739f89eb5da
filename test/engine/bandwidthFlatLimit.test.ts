import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { looOptimalSigma, looScore } from '../../src-shared/engine/bandwidth'

/**
 * Data whose values hardly depend on x (round 1 of `check_cli_against_torch.py --seed 3109896862`,
 * n = 28): the leave-one-out score is lowest in the limit of an infinitely wide kernel, where each
 * estimate is the mean of the other points. statsmodels' cv_ls answered sigma = 848858.339.
 */
const STATSMODELS_CV_LS = 848858.3391095623

function load(): { x: Float64Array; y: Float64Array } {
  const rows = readFileSync(new URL('../fixtures/loo-flat-limit.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number))
  return { x: Float64Array.from(rows, (r) => r[0]!), y: Float64Array.from(rows, (r) => r[1]!) }
}

describe('the leave-one-out bandwidth search when the best kernel is flat', () => {
  const { x, y } = load()

  it('is no worse than statsmodels cv_ls, which goes to sigma = 8.5e5', () => {
    const ours = looOptimalSigma(x, y, 'gaussian')
    expect(ours.score).toBeLessThanOrEqual(looScore(x, y, 'gaussian', STATSMODELS_CV_LS).score * (1 + 1e-9))
  })

  it('scores the limit: the mean of the other points, computed plainly', () => {
    const n = x.length
    let total = 0
    for (let i = 0; i < n; i++) total += y[i]!
    let mse = 0
    for (let i = 0; i < n; i++) mse += ((total - y[i]!) / (n - 1) - y[i]!) ** 2
    expect(looOptimalSigma(x, y, 'gaussian').score).toBeCloseTo(mse / n, 9)
  })

  it('plots only the grid up to ten times the range, not the decades tried beyond it', () => {
    const { grid } = looOptimalSigma(x, y, 'gaussian')
    let lo = Infinity
    let hi = -Infinity
    for (const v of x) {
      lo = Math.min(lo, v)
      hi = Math.max(hi, v)
    }
    expect(grid[grid.length - 1]!.sigma).toBeCloseTo(10 * (hi - lo), 6)
  })
})
