import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { createRng } from '../../src-shared/engine/rng'
import { vectorLooPredict, vectorPredict, vectorPredictRange, vectorWork } from '../../src-shared/engine/vector'
import { vectorRuleOfThumb } from '../../src-shared/engine/vectorBandwidth'
import { instantiateGaussSimd } from '../../src-shared/engine/vectorCore/gaussSimd'
import { prepare } from '../../src-shared/engine/vectorCore/prepare'
import { EXP_RELATIVE_ERROR, SimdEvaluator } from '../../src-shared/engine/vectorCore/simdEvaluator'
import { DenseEvaluator } from '../../src-shared/engine/vectorCore/dense'
import { InputError } from '../../src-shared/errors'
// @ts-expect-error: a plain ES module script without types
import { bytesModule } from '../../scripts/build-wasm.mjs'

/**
 * The WebAssembly SIMD path ('simd') against the dense reference: every
 * estimate within the bound it states, for d = 1 .. 32.
 */

const root = join(__dirname, '..', '..')

function data(seed: number, n: number, m: number, d: number, spread = 4) {
  const rng = createRng(seed)
  // Rounded keys: ties and duplicates.
  const keys = Float64Array.from({ length: n * d }, () => Math.round(10 * spread * rng.uniform()) / 10)
  const queries = Float64Array.from({ length: m * d }, () => (spread + 1) * rng.uniform() - 0.5)
  const values = Float64Array.from({ length: n }, (_, j) => Math.cos(keys[j * d]!) + 0.5 * keys[j * d + (d > 1 ? 1 : 0)]! + 0.1 * rng.normal())
  return { keys, queries, values }
}

function expectWithinBound(fast: { yHat: Float64Array; errorBound: number }, exact: Float64Array): number {
  let worst = 0
  for (let i = 0; i < exact.length; i++) {
    expect(Number.isNaN(fast.yHat[i]!)).toBe(Number.isNaN(exact[i]!))
    if (!Number.isNaN(exact[i]!)) worst = Math.max(worst, Math.abs(fast.yHat[i]! - exact[i]!))
  }
  expect(worst).toBeLessThanOrEqual(fast.errorBound)
  return worst
}

describe('the SIMD kernel module', () => {
  it('is the assembly of the committed gaussSimd.wat (run node scripts/build-wasm.mjs after editing it)', async () => {
    const wat = readFileSync(join(root, 'src-shared/engine/vectorCore/gaussSimd.wat'), 'utf8')
    const committed = readFileSync(join(root, 'src-shared/engine/vectorCore/gaussSimdBytes.ts'), 'utf8')
    expect(committed).toBe(await bytesModule(wat))
  })

  it(`computes exp(x) on [-708, 0] within ${EXP_RELATIVE_ERROR} relative (Math.exp, itself within 1 ulp, as reference) and 0 past the cut`, () => {
    const wasm = instantiateGaussSimd()!
    expect(wasm).not.toBeNull()
    const at = 1024
    const heap = new Float64Array(wasm.memory.buffer)
    const rng = createRng(5)
    let worst = 0
    const xs: number[] = [0, -0, -1e-300, -Math.LN2 / 2, -Math.LN2, -1, -0.5, -707.9, -708]
    for (let k = 0; k < 20000; k++) xs.push(-708 * rng.uniform() ** 3)
    for (let k = 0; k + 1 < xs.length; k += 2) {
      wasm.weightLanes(xs[k]!, xs[k + 1]!, 708, at)
      for (const lane of [0, 1]) {
        const x = xs[k + lane]!
        const want = Math.exp(x)
        worst = Math.max(worst, Math.abs(heap[at / 8 + lane]! - want) / want)
      }
    }
    expect(worst).toBeLessThanOrEqual(EXP_RELATIVE_ERROR - 2 ** -53)
    wasm.weightLanes(0, -0, 708, at)
    expect([heap[at / 8], heap[at / 8 + 1]]).toEqual([1, 1])
    wasm.weightLanes(-30.0001, -29.9999, 30, at)
    expect(heap[at / 8]).toBe(0)
    expect(heap[at / 8 + 1]).toBeCloseTo(Math.exp(-29.9999), 25)
    wasm.weightLanes(-Infinity, NaN, 708, at)
    expect([heap[at / 8], heap[at / 8 + 1]]).toEqual([0, 0])
  })
})

describe('vector estimates through the SIMD path', () => {
  for (let d = 1; d <= 32; d++) {
    it(`d = ${d}: within the stated bound of the dense reference (odd n and m, ties, far queries)`, () => {
      const n = 201 + 2 * d
      const m = 37
      const { keys, queries, values } = data(100 + d, n, m, d)
      // A width per coordinate, some narrow enough that absolute weights underflow.
      const sigma = Float64Array.from({ length: d }, (_, l) => (l % 3 === 0 ? 0.05 : 0.6 + 0.1 * l))
      for (let l = 0; l < d; l++) queries[(m - 1) * d + l] = 1e3 // far from every key
      const p = { keys, d, values, queries, kernel: 'gaussian' as const, sigma }
      const fast = vectorPredict(p, { algorithm: 'simd', tolerance: 1e-10 })
      expect(fast.algorithm).toBe('simd')
      expect(fast.errorBound).toBeGreaterThan(0)
      expect(fast.errorBound).toBeLessThanOrEqual(1e-10)
      expectWithinBound(fast, vectorPredict(p, { algorithm: 'dense' }).yHat)
    })
  }

  it('accounts for the keys past the cut: a loose tolerance drops far keys, and the error stays within the bound', () => {
    const d = 5
    const { keys, queries, values } = data(7, 999, 64, d)
    const sigma = Float64Array.from({ length: d }, () => 0.7)
    const p = { keys, d, values, queries, kernel: 'gaussian' as const, sigma }
    const exact = vectorPredict(p, { algorithm: 'dense' }).yHat
    for (const tolerance of [1e-1, 1e-3, 1e-6]) {
      const fast = vectorPredict(p, { algorithm: 'simd', tolerance })
      expect(fast.errorBound).toBeLessThanOrEqual(tolerance)
      const worst = expectWithinBound(fast, exact)
      // The cut is close enough to bite: the estimates are not the dense ones to rounding.
      if (tolerance === 1e-1) expect(worst).toBeGreaterThan(1e-9)
    }
  })

  it('sends a query whose lanes rescale too often for its bound to the dense reference (keys met farthest first)', () => {
    const n = 4000
    const keys = Float64Array.from({ length: n }, (_, j) => (n - j) / 100)
    const values = Float64Array.from({ length: n }, (_, j) => Math.sin(j))
    const queries = Float64Array.of(0, 40.2)
    const p = prepare({ keys, d: 1, queries, kernel: 'gaussian', sigma: Float64Array.of(0.5) }, values, 1)
    const simd = new SimdEvaluator(p, 40, 1e-11)
    const out = new Float64Array(2)
    simd.run(p.queries, 0, 2, out)
    const exact = new Float64Array(2)
    new DenseEvaluator(p).run(p.queries, 0, 2, exact, false)
    // Query 0 meets a nearer key at every step (about n / 2 rescales per lane): computed densely, the same bits.
    expect(simd.denseFallbacks).toBe(1)
    expect(out[0]).toBe(exact[0])
    expect(Math.abs(out[1]! - exact[1]!)).toBeLessThan(1e-11)
  })

  it('gives each query the same bits alone, paired, or in any split of the queries', () => {
    const d = 6
    const { keys, queries, values } = data(3, 400, 31, d)
    const sigma = Float64Array.from({ length: d }, () => 0.5)
    const work = vectorWork({ keys, d, values, queries, kernel: 'gaussian', sigma }, { algorithm: 'simd', tolerance: 1e-9 })
    const whole = new Float64Array(31)
    vectorPredictRange(work, 0, 31, whole)
    const parts = new Float64Array(31)
    for (const [from, to] of [[0, 3], [3, 4], [4, 31]] as const) vectorPredictRange(work, from, to, parts)
    expect(Array.from(parts)).toEqual(Array.from(whole))
  })

  it('is chosen for large Gaussian problems in d = 8 where the window keeps most keys, never for small ones, leave-one-out, classes or local-linear', () => {
    const d = 8
    const { keys, queries, values } = data(11, 1200, 400, d, 1)
    const sigma = Float64Array.from({ length: d }, () => 0.3)
    const p = { keys, d, values, queries, kernel: 'gaussian' as const, sigma }
    const fast = vectorPredict(p, { tolerance: 1e-9 })
    expect(fast.algorithm).toBe('simd')
    expectWithinBound(fast, vectorPredict(p, { algorithm: 'dense' }).yHat)
    // The default tolerance (1e-12 of the values' spread) is met too.
    expect(vectorPredict(p).algorithm).toBe('simd')
    // At most DENSE_MAX_PAIRS pairs the dense reference answers, exactly (bound 0).
    const small = vectorPredict({ ...p, queries: queries.subarray(0, 100 * d) })
    expect([small.algorithm, small.errorBound]).toEqual(['dense', 0])
    expect(vectorLooPredict({ keys, d, values, kernel: 'gaussian', sigma }).algorithm).not.toBe('simd')
    expect(vectorPredict({ ...p, estimator: 'local-linear' }, { tolerance: 1e-9 }).algorithm).not.toBe('simd')
  })

  it('takes over from the window where the window keeps a large share of the keys (d = 4, Scott widths), not where it keeps few', () => {
    const d = 4
    const rng = createRng(12)
    const keys = Float64Array.from({ length: 4000 * d }, () => 5 * rng.uniform())
    const queries = Float64Array.from({ length: 500 * d }, () => 5 * rng.uniform())
    const values = Float64Array.from({ length: 4000 }, (_, j) => Math.sin(keys[j * d]!) + 0.5 * rng.normal())
    const p = { keys, d, values, queries, kernel: 'gaussian' as const }
    const scott = vectorRuleOfThumb(keys, d, 'scott', 'gaussian')
    expect(vectorWork({ ...p, sigma: scott }, { tolerance: 1e-9 }).plan.algorithm).toBe('simd')
    expect(vectorWork({ ...p, sigma: Float64Array.from({ length: d }, () => 0.05) }, { tolerance: 1e-9 }).plan.algorithm).toBe('window')
  })

  it('refuses to be forced where it does not apply', () => {
    const { keys, queries, values } = data(1, 50, 5, 3)
    const p = { keys, d: 3, values, queries, sigma: Float64Array.of(1, 1, 1) }
    expect(() => vectorPredict({ ...p, kernel: 'epanechnikov' }, { algorithm: 'simd' })).toThrow(InputError)
    expect(() => vectorPredict({ ...p, kernel: 'gaussian', estimator: 'local-linear' }, { algorithm: 'simd' })).toThrow(InputError)
    expect(() => vectorPredict({ ...p, kernel: 'gaussian' }, { algorithm: 'simd', tolerance: 1e-300 })).toThrow(/tolerance/)
  })
})

describe('without WebAssembly (a page whose policy forbids compiling it, an old runtime)', () => {
  it('keeps the JavaScript paths: the same problem goes to the dense reference, bound 0', async () => {
    vi.resetModules()
    vi.stubGlobal('WebAssembly', undefined)
    try {
      const engine = await import('../../src-shared/engine/vector')
      const d = 8
      const { keys, queries, values } = data(11, 1200, 400, d, 1)
      const p = { keys, d, values, queries, kernel: 'gaussian' as const, sigma: Float64Array.from({ length: d }, () => 0.3) }
      const r = engine.vectorPredict(p, { tolerance: 1e-9 })
      expect([r.algorithm, r.errorBound]).toEqual(['dense', 0])
      expect(() => engine.vectorPredict(p, { algorithm: 'simd' })).toThrow(/WebAssembly SIMD/)
    } finally {
      vi.unstubAllGlobals()
      vi.resetModules()
    }
  })
})
