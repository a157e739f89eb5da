import { describe, expect, it } from 'vitest'
import { averagePooling, nwPredict, nwLooPredict } from '../../src-shared/engine/estimate'
import { KERNEL_IDS, type KernelId } from '../../src-shared/engine/kernels'
import { nwWeightsDense } from '../../src-shared/engine/dense/nonparametric'
import { expectClose, f64, reference } from './reference'

// float64 PyTorch vs float64 TypeScript: only summation order differs.
const REL = 1e-12

describe('nonparametric Nadaraya-Watson against the chapter’s PyTorch code', () => {
  for (const ds of reference.datasets) {
    describe(ds.name, () => {
      it.each(ds.fits)('$kernel, sigma $sigma: predictions and undefined queries', (fit) => {
        const r = nwPredict({ keys: f64(ds.x), values: f64(ds.y), queries: f64(ds.q), kernel: fit.kernel as KernelId, sigma: fit.sigma })
        expectClose(r.yHat, fit.yHat, REL, `${ds.name} ${fit.kernel} ${fit.sigma}`)
        expect(r.undefinedQueries).toEqual(fit.undefinedQueries)
      })

      it.each(ds.fits.filter((f) => f.weights))('$kernel, sigma $sigma: attention weights', (fit) => {
        const r = nwWeightsDense({ keys: f64(ds.x), values: f64(ds.y), queries: f64(ds.q), kernel: fit.kernel as KernelId, sigma: fit.sigma })
        expect(r.rows).toBe(ds.q.length)
        expect(r.cols).toBe(ds.x.length)
        expectClose(r.weights, fit.weights!.flat(), REL, 'weights')
        for (let i = 0; i < r.rows; i++) {
          let s = 0
          for (let j = 0; j < r.cols; j++) s += r.weights[i * r.cols + j]!
          // Defined rows sum to 1, undefined rows are all zero (never NaN).
          expect(Math.abs(s - (r.undefinedQueries.includes(i) ? 0 : 1))).toBeLessThan(1e-13)
        }
      })

      it.each(ds.loo)('leave-one-out predictions, $kernel sigma $sigma', (c) => {
        const r = nwLooPredict(f64(ds.x), f64(ds.y), c.kernel as KernelId, c.sigma)
        expectClose(r.yHat, c.yHat, REL, 'loo')
      })
    })
  }
})

describe('edge cases', () => {
  const keys = f64([0, 1, 2, 3])
  const values = f64([1, 3, 2, 5])

  it('with one training point, every kernel of infinite support predicts its value everywhere', () => {
    for (const kernel of ['gaussian', 'constant'] as const) {
      const r = nwPredict({ keys: f64([2]), values: f64([7.5]), queries: f64([-100, 2, 1e6]), kernel, sigma: 0.01 })
      expect(Array.from(r.yHat)).toEqual([7.5, 7.5, 7.5])
    }
  })

  it('with all keys equal, every query gets the mean of the values (any kernel that reaches them)', () => {
    for (const kernel of KERNEL_IDS) {
      const r = nwPredict({ keys: f64([1, 1, 1]), values: f64([1, 2, 6]), queries: f64([1, 1.5]), kernel, sigma: 1 })
      expect(r.yHat[0]).toBeCloseTo(3, 14)
      if (kernel === 'gaussian' || kernel === 'constant' || kernel === 'boxcar') expect(r.yHat[1]).toBeCloseTo(3, 14)
    }
  })

  it('reports a query out of reach of a compact kernel instead of dividing 0 by 0', () => {
    const r = nwPredict({ keys, values, queries: f64([1.5, 10, -5]), kernel: 'epanechnikov', sigma: 0.6 })
    expect(r.yHat[0]).toBeCloseTo(2.5, 14)
    expect(Number.isNaN(r.yHat[1])).toBe(true)
    expect(Number.isNaN(r.yHat[2])).toBe(true)
    expect(r.undefinedQueries).toEqual([1, 2])
    const w = nwWeightsDense({ keys, values, queries: f64([10]), kernel: 'triangular', sigma: 0.5 })
    expect(Array.from(w.weights)).toEqual([0, 0, 0, 0])
    expect(w.undefinedQueries).toEqual([0])
  })

  it('stays finite for a tiny Gaussian sigma: the nearest key takes all the weight', () => {
    const r = nwWeightsDense({ keys, values, queries: f64([0.9, 2.2, 50]), kernel: 'gaussian', sigma: 1e-6 })
    expect(Array.from(r.yHat)).toEqual([3, 2, 5])
    expect(r.undefinedQueries).toEqual([])
    expect(Array.from(r.weights.subarray(0, 4))).toEqual([0, 1, 0, 0])
    // Two keys at exactly the same distance share the weight.
    const tie = nwPredict({ keys, values, queries: f64([0.5]), kernel: 'gaussian', sigma: 1e-9 })
    expect(tie.yHat[0]).toBe(2)
  })

  it('tends to average pooling for a huge sigma', () => {
    const r = nwPredict({ keys, values, queries: f64([-3, 1.5, 40]), kernel: 'gaussian', sigma: 1e12 })
    const mean = averagePooling(values, 1)[0]!
    for (const v of r.yHat) expect(v).toBeCloseTo(mean, 12)
    const c = nwPredict({ keys, values, queries: f64([0, 99]), kernel: 'constant', sigma: 0.001 })
    expect(Array.from(c.yHat)).toEqual([2.75, 2.75])
  })

  it('rejects NaN, infinite input and bad sigma with a message naming the culprit', () => {
    const base = { keys, values, queries: f64([1]), kernel: 'gaussian' as const, sigma: 1 }
    expect(() => nwPredict({ ...base, keys: f64([0, NaN, 2, 3]) })).toThrow(/training x\[1\] must be a finite number \(got NaN\)/)
    expect(() => nwPredict({ ...base, values: f64([0, 1, Infinity, 3]) })).toThrow(/training y\[2\].*Infinity/)
    expect(() => nwPredict({ ...base, queries: f64([-Infinity]) })).toThrow(/queries\[0\]/)
    expect(() => nwPredict({ ...base, sigma: 0 })).toThrow(/sigma must be > 0/)
    expect(() => nwPredict({ ...base, sigma: -1 })).toThrow(/sigma must be > 0/)
    expect(() => nwPredict({ ...base, sigma: NaN })).toThrow(/sigma must be a finite number/)
    expect(() => nwPredict({ ...base, sigma: Infinity })).toThrow(/sigma must be a finite number/)
    expect(() => nwPredict({ ...base, keys: f64([]), values: f64([]) })).toThrow(/no training points/)
    expect(() => nwPredict({ ...base, values: f64([1, 2]) })).toThrow(/differ in length/)
    expect(() => nwPredict({ ...base, kernel: 'gauss' as never })).toThrow(/unknown kernel "gauss"/)
  })

  it('leaves a training point with no neighbour undefined in leave-one-out', () => {
    const r = nwLooPredict(f64([0, 0.1, 5]), f64([1, 2, 3]), 'boxcar', 0.5)
    expect(r.yHat[0]).toBe(2)
    expect(r.yHat[1]).toBe(1)
    expect(r.undefinedQueries).toEqual([2])
  })
})
