import { describe, expect, it } from 'vitest'
import { arange, generateDataset } from '../../src-shared/engine/data'
import { evaluateTarget, TARGET_FUNCTION_IDS } from '../../src-shared/engine/functions'
import { KERNEL_IDS, kernelInfo, sampleKernel } from '../../src-shared/engine/kernels'
import { PRESET_IDS, preset, presetGeneratorParams } from '../../src-shared/engine/presets'
import { reference } from './reference'

describe('query grid', () => {
  it('reproduces torch.arange(0, 5, 0.1) bit for bit', () => {
    // The reference data sets were built on numpy.arange(0, 5, 0.1), which computes start + i * step as torch does.
    expect(Array.from(arange(0, 5, 0.1))).toEqual(reference.datasets[0]!.q)
    expect(arange(0, 5, 5 / 50).length).toBe(50)
    expect(arange(0, 1, 0.3).length).toBe(4)
    expect(arange(2, 1, 0.5).length).toBe(0)
  })
  it('rejects a step that is not positive, or a grid too large to hold', () => {
    expect(() => arange(0, 1, 0)).toThrow(/query step must be > 0/)
    expect(() => arange(0, 1, 1e-9)).toThrow(/at most/)
  })
})

describe('data generators', () => {
  it('match each edition’s recipe', () => {
    const oldest = preset('d2l-oldest')
    expect(oldest.data).toMatchObject({ fn: 'sin-pow', n: 50, noiseSd: 0.5, xMin: 0, xMax: 5, queryStep: 0.1 })
    expect(oldest.training).toEqual({ w0: 'random', lr: 0.5, epochs: 5, loss: 'sum-half', leaveOneOut: true, batchSize: null })
    const middle = preset('d2l-middle')
    expect(middle.data).toMatchObject({ fn: 'sin-pow', n: 50, noiseSd: 1 })
    expect(middle.training).toEqual({ w0: 1, lr: 1, epochs: 5, loss: 'mean-half', leaveOneOut: false, batchSize: 10 })
    expect(presetGeneratorParams('d2l-middle', 0, 20).queryStep).toBe(5 / 20)
    const newest = preset('d2l-newest')
    expect(newest.data).toMatchObject({ fn: 'sin-linear', n: 40, noiseSd: 1 })
    expect(newest.training).toBeNull()
  })

  it.each(PRESET_IDS.map((p) => [p]))('%s: sorted inputs in [0, 5), the 0.1 query grid and its truth', (id) => {
    const ds = generateDataset(presetGeneratorParams(id, 42))
    const n = preset(id).data.n
    expect(ds.xTrain.length).toBe(n)
    for (let i = 1; i < n; i++) expect(ds.xTrain[i]!).toBeGreaterThanOrEqual(ds.xTrain[i - 1]!)
    expect(Math.min(...ds.xTrain)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...ds.xTrain)).toBeLessThan(5)
    expect(ds.xQuery.length).toBe(50)
    expect(Array.from(ds.yTruth!)).toEqual(Array.from(evaluateTarget(preset(id).data.fn, ds.xQuery)))
  })

  it('is deterministic in the seed, and the noise has the requested sd', () => {
    const p = { fn: 'sin' as const, n: 20_000, noiseSd: 0.7, xMin: -2, xMax: 3, queryStep: 0.5, seed: 9 }
    const a = generateDataset(p)
    expect(generateDataset(p)).toEqual(a)
    expect(generateDataset({ ...p, seed: 10 }).yTrain).not.toEqual(a.yTrain)
    const truth = evaluateTarget('sin', a.xTrain)
    let ss = 0
    for (let i = 0; i < p.n; i++) ss += (a.yTrain[i]! - truth[i]!) ** 2
    expect(Math.sqrt(ss / p.n)).toBeCloseTo(0.7, 1)
  })

  it('rejects impossible parameters with a clear message', () => {
    const ok = { fn: 'sin' as const, n: 10, noiseSd: 1, xMin: 0, xMax: 5, queryStep: 0.1, seed: 1 }
    expect(() => generateDataset({ ...ok, n: 0 })).toThrow(/n must be an integer/)
    expect(() => generateDataset({ ...ok, noiseSd: -1 })).toThrow(/noise sd must be >= 0/)
    expect(() => generateDataset({ ...ok, xMax: 0 })).toThrow(/x max must be greater/)
    expect(() => generateDataset({ ...ok, fn: 'sin-pow', xMin: -1 })).toThrow(/only defined for x >= 0/)
    expect(() => generateDataset({ ...ok, seed: -3 })).toThrow(/seed must be an integer/)
    expect(() => generateDataset({ ...ok, noiseSd: NaN })).toThrow(/noise sd must be a finite number/)
  })

  it('has a formula for every target function', () => {
    for (const id of TARGET_FUNCTION_IDS) expect(evaluateTarget(id, Float64Array.of(1)).length).toBe(1)
  })
})

describe('kernels', () => {
  it.each(KERNEL_IDS.map((k) => [k]))('%s: peaks at 0, is symmetric and respects its support', (id) => {
    const k = kernelInfo(id)
    expect(k.profile(0)).toBe(1)
    expect(k.formula).toMatch(/K\(u\)/)
    for (const u of [0.1, 0.5, 0.99, 1.5, 3]) {
      expect(k.profile(-u)).toBe(k.profile(u))
      expect(k.profile(u)).toBeLessThanOrEqual(1)
      if (u > k.support) expect(k.profile(u)).toBe(0)
    }
    if (k.support === 1) expect(k.profile(1)).toBe(id === 'boxcar' ? 1 : 0)
  })
  it('names the chapter’s "Epanechikov" correctly as the triangular kernel', () => {
    expect(kernelInfo('triangular').chapterName).toBe('Epanechikov')
    expect(Array.from(sampleKernel('triangular', [-0.5, 0, 0.25]))).toEqual([0.5, 1, 0.75])
    expect(Array.from(sampleKernel('epanechnikov', [-0.5, 0, 0.25]))).toEqual([0.75, 1, 1 - 0.0625])
  })
})
