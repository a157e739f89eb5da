import { describe, expect, it } from 'vitest'
import { createRng } from '../../src-shared/engine/rng'
import { vectorPredict, vectorPredictRange, vectorWork } from '../../src-shared/engine/vector'
import { gaussianPairSums } from '../../src-shared/engine/vectorCore/gaussianSums'

/**
 * The dense path's fused pass (two queries per pass over the keys, sums
 * rescaled when a nearer key comes) against a naive second implementation:
 * scaled distances, Math.exp relative to the nearest key found first.
 */

function naive(keys: Float64Array, values: Float64Array, queries: Float64Array, d: number, sigma: Float64Array): Float64Array {
  const n = values.length
  const m = queries.length / d
  const out = new Float64Array(m)
  const s = new Float64Array(n)
  for (let i = 0; i < m; i++) {
    let nearest = Infinity
    for (let j = 0; j < n; j++) {
      let acc = 0
      for (let l = 0; l < d; l++) acc += ((queries[i * d + l]! - keys[j * d + l]!) / sigma[l]!) ** 2
      s[j] = acc
      nearest = Math.min(nearest, acc)
    }
    let den = 0
    let num = 0
    for (let j = 0; j < n; j++) {
      const w = Math.exp(-0.5 * (s[j]! - nearest))
      den += w
      num += w * values[j]!
    }
    out[i] = num / den
  }
  return out
}

function data(seed: number, n: number, m: number, d: number) {
  const rng = createRng(seed)
  // Rounded keys: ties and duplicates.
  const keys = Float64Array.from({ length: n * d }, () => Math.round(40 * rng.uniform()) / 10)
  const queries = Float64Array.from({ length: m * d }, () => 5 * rng.uniform() - 0.5)
  const values = Float64Array.from({ length: n }, (_, j) => Math.cos(keys[j * d]!) + 0.5 * keys[j * d + 1]! + 0.1 * rng.normal())
  return { keys, queries, values }
}

function worst(a: Float64Array, b: Float64Array): number {
  let w = 0
  for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i]! - b[i]!))
  return w
}

describe('the fused dense Gaussian pass', () => {
  for (const d of [4, 5, 8, 11]) {
    for (const width of [0.8, 0.02]) {
      it(`d = ${d}, widths ${width}: matches the naive estimate to rounding (odd query count, ties, narrow widths where absolute weights underflow)`, () => {
        const { keys, queries, values } = data(10 + d, 300, 57, d)
        const sigma = Float64Array.from({ length: d }, (_, l) => width * (1 + 0.1 * l))
        const r = vectorPredict({ keys, d, values, queries, kernel: 'gaussian', sigma }, { algorithm: 'dense' })
        expect(r.algorithm).toBe('dense')
        expect(r.errorBound).toBe(0)
        expect(worst(r.yHat, naive(keys, values, queries, d, sigma))).toBeLessThan(1e-13)
      })
    }
  }

  it('gives each query the same bits alone, paired, or in any split of the queries', () => {
    const d = 6
    const { keys, queries, values } = data(3, 400, 31, d)
    const sigma = Float64Array.from({ length: d }, () => 0.5)
    const work = vectorWork({ keys, d, values, queries, kernel: 'gaussian', sigma }, { algorithm: 'dense' })
    const whole = new Float64Array(31)
    vectorPredictRange(work, 0, 31, whole)
    const parts = new Float64Array(31)
    for (const [from, to] of [[0, 3], [3, 4], [4, 31]] as const) vectorPredictRange(work, from, to, parts)
    expect(Array.from(parts)).toEqual(Array.from(whole))
    const sums = new Float64Array(4)
    const { keys: k, queries: q } = work.prepared
    gaussianPairSums(q, 5 * d, 5 * d, k, 400, d, values, sums)
    expect(sums[0]).toBe(sums[2])
    expect(sums[1]! / sums[0]!).toBe(whole[5])
  })
})
