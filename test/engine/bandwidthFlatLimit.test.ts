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

describe('where the leave-one-out optimum sits in the search', () => {
  it("says 'upper' when the score still falls beyond ten times the range (the flat data above)", () => {
    const { x, y } = load()
    expect(looOptimalSigma(x, y, 'gaussian').limit).toBe('upper')
  })

  // y = x^2 without noise on a regular grid: the smallest scale predicts best (at sigma -> 0 a point's
  // estimate is the mean of its two neighbours, off by h^2; any wider kernel adds curvature bias).
  const n = 50
  const grid = Float64Array.from({ length: n }, (_, i) => i / (n - 1))
  const square = grid.map((v) => v * v)

  it("says 'lower' when the smallest sigma searched is best, for a Gaussian and a compact kernel", () => {
    const h = 1 / (n - 1)
    const gaussian = looOptimalSigma(grid, square, 'gaussian')
    expect(gaussian.limit).toBe('lower')
    expect(gaussian.sigma).toBeCloseTo(h / 10, 12)
    const epanechnikov = looOptimalSigma(grid, square, 'epanechnikov')
    expect(epanechnikov.limit).toBe('lower')
    expect(epanechnikov.sigma).toBeCloseTo(h, 9)
  })

  it('says nothing for a minimum inside the search', () => {
    const wiggly = grid.map((v) => Math.sin(6 * v) + 0.3 * Math.cos(37 * v))
    for (const kernel of ['gaussian', 'epanechnikov'] as const) {
      const r = looOptimalSigma(grid, wiggly, kernel)
      expect(r.limit, kernel).toBeNull()
      // An interior minimum: both neighbours on the grid score worse.
      expect(looScore(grid, wiggly, kernel, r.sigma * 1.1).score).toBeGreaterThan(r.score)
      expect(looScore(grid, wiggly, kernel, r.sigma / 1.1).score).toBeGreaterThan(r.score)
    }
  })
})
