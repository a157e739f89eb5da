import { describe, expect, it } from 'vitest'
import { looOptimalSigma, looScore, ruleOfThumb } from '../../src-shared/engine/bandwidth'
import { kernelMoments, canonicalBandwidthRatio } from '../../src-shared/engine/kernelMoments'
import { COMPACT_KERNEL_IDS, type KernelId } from '../../src-shared/engine/kernels'
import { expectClose, f64, reference } from './reference'

describe('rules of thumb', () => {
  it.each(reference.datasets)('match statsmodels bw_silverman and bw_scott on $name', (ds) => {
    expectClose([ruleOfThumb(f64(ds.x), 'silverman', 'gaussian')], [ds.bandwidth.silverman], 1e-13, 'silverman')
    expectClose([ruleOfThumb(f64(ds.x), 'scott', 'gaussian')], [ds.bandwidth.scott], 1e-13, 'scott')
  })

  it('scale by the canonical-bandwidth ratio for other kernels', () => {
    const x = f64(reference.datasets[0]!.x)
    const g = ruleOfThumb(x, 'silverman', 'gaussian')
    expect(ruleOfThumb(x, 'silverman', 'epanechnikov') / g).toBeCloseTo(15 ** 0.2 / (1 / (2 * Math.sqrt(Math.PI))) ** 0.2, 10)
    expect(ruleOfThumb(x, 'scott', 'constant')).toBe(ruleOfThumb(x, 'scott', 'gaussian'))
  })

  it('refuses data whose inputs are all equal', () => {
    expect(() => ruleOfThumb(f64([2, 2, 2]), 'scott', 'gaussian')).toThrow(/all training inputs are equal/)
    expect(() => ruleOfThumb(f64([2]), 'scott', 'gaussian')).toThrow(/at least 2/)
  })
})

describe('kernel moments', () => {
  // Closed forms for the kernels normalised to unit mass (e.g. Wand & Jones 1995, table 2.1).
  const exact: Record<string, [number, number]> = {
    boxcar: [1 / 2, 1 / 3],
    triangular: [2 / 3, 1 / 6],
    epanechnikov: [3 / 5, 1 / 5],
    quartic: [5 / 7, 1 / 7],
    triweight: [350 / 429, 1 / 9],
    tricube: [175 / 247, 35 / 243],
    cosine: [Math.PI ** 2 / 16, 1 - 8 / Math.PI ** 2],
  }
  it.each(COMPACT_KERNEL_IDS.map((k) => [k]))('%s has the textbook roughness and variance', (k) => {
    const m = kernelMoments(k as KernelId)!
    const [r, v] = exact[k]!
    expect(m.roughness).toBeCloseTo(r, 10)
    expect(m.variance).toBeCloseTo(v, 10)
  })
  it('gives the Gaussian ratio 1', () => {
    expect(canonicalBandwidthRatio('gaussian')).toBe(1)
    expect(kernelMoments('constant')).toBeNull()
  })
})

describe('leave-one-out cross-validation', () => {
  for (const ds of reference.datasets) {
    it.each(ds.loo.filter((c) => c.score !== null))(`scores ${ds.name} with $kernel sigma $sigma like the reference`, (c) => {
      const r = looScore(f64(ds.x), f64(ds.y), c.kernel as KernelId, c.sigma)
      expectClose([r.score], [c.score], 1e-12, 'score')
      expect(r.undefinedPoints).toBe(0)
    })

    it(`finds a sigma on ${ds.name} at least as good as statsmodels KernelReg(bw='cv_ls')`, () => {
      const r = looOptimalSigma(f64(ds.x), f64(ds.y), 'gaussian')
      const sm = ds.bandwidth.statsmodelsCvLs
      expect(r.score).toBeLessThanOrEqual(sm.score * (1 + 1e-12))
      // The reported score is the score at the reported sigma.
      expect(looScore(f64(ds.x), f64(ds.y), 'gaussian', r.sigma).score).toBe(r.score)
    })
  }

  it('is undefined (Infinity) when a compact kernel leaves a point without neighbours', () => {
    const r = looScore(f64([0, 0.1, 5]), f64([1, 2, 3]), 'epanechnikov', 1)
    expect(r.score).toBe(Infinity)
    expect(r.undefinedPoints).toBe(1)
  })

  it('finds the global minimum when the score has two local minima', () => {
    // Two regimes: a fine-scale signal on a dense cluster and a coarse trend elsewhere
    // give a CV curve with a local minimum at each scale.
    const x: number[] = []
    const y: number[] = []
    for (let i = 0; i < 60; i++) {
      const t = i / 60
      x.push(t)
      y.push(Math.sin(40 * t))
    }
    for (let i = 0; i < 20; i++) {
      x.push(3 + i * 0.35)
      y.push(0.5 * (3 + i * 0.35))
    }
    const keys = f64(x)
    const values = f64(y)
    const r = looOptimalSigma(keys, values, 'gaussian')
    // Brute force on a fine log grid: nothing on it may beat the search.
    let best = Infinity
    for (let k = 0; k <= 4000; k++) {
      const s = Math.exp(Math.log(1e-3) + (Math.log(50) - Math.log(1e-3)) * (k / 4000))
      best = Math.min(best, looScore(keys, values, 'gaussian', s).score)
    }
    expect(r.score).toBeLessThanOrEqual(best * (1 + 1e-9))
  })

  it('works for compact kernels and stays in the region where every point has a neighbour', () => {
    const ds = reference.datasets[0]!
    for (const k of COMPACT_KERNEL_IDS) {
      const r = looOptimalSigma(f64(ds.x), f64(ds.y), k)
      expect(Number.isFinite(r.score)).toBe(true)
      expect(looScore(f64(ds.x), f64(ds.y), k, r.sigma).score).toBe(r.score)
    }
  })

  it('handles keys that are all equal', () => {
    const r = looOptimalSigma(f64([1, 1, 1]), f64([0, 3, 6]), 'gaussian')
    // Each point is predicted by the mean of the other two: errors 4.5, 0 and 4.5.
    expect(r.score).toBeCloseTo((4.5 ** 2 + 0 + 4.5 ** 2) / 3, 12)
  })
})
