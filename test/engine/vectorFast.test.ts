import { describe, expect, it } from 'vitest'
import { classify } from '../../src-shared/engine/classify'
import { createRng } from '../../src-shared/engine/rng'
import { vectorLooPredict, vectorPredict, vectorPredictRange, vectorWork } from '../../src-shared/engine/vector'
import type { VectorProblem } from '../../src-shared/engine/vectorTypes'
import { expNeg } from '../../src-shared/engine/vectorCore/fastExp'
import { KdTree } from '../../src-shared/engine/vectorCore/kdtree'

function problem(seed: number, n: number, m: number, d: number, overrides: Partial<VectorProblem> = {}): VectorProblem {
  const rng = createRng(seed)
  // Rounded inputs: ties and duplicate keys, which the tree must keep together.
  const keys = Float64Array.from({ length: n * d }, () => Math.round(50 * rng.uniform()) / 10)
  const queries = Float64Array.from({ length: m * d }, () => 6 * rng.uniform() - 0.5)
  const values = Float64Array.from({ length: n }, (_, j) => Math.sin(keys[j * d]!) + (d > 1 ? 0.3 * keys[j * d + 1]! : 0) + 0.2 * rng.normal())
  const sigma = Float64Array.from({ length: d }, (_, l) => 0.25 + 0.1 * l)
  return { keys, d, values, queries, kernel: 'gaussian', sigma, ...overrides }
}

function worstDifference(a: Float64Array, b: Float64Array): number {
  let worst = 0
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]!) || Number.isNaN(b[i]!)) {
      if (Number.isNaN(a[i]!) !== Number.isNaN(b[i]!)) return Infinity
      continue
    }
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!))
  }
  return worst
}

describe('the fast exponential', () => {
  it('is within 4.5e-16 relative of Math.exp on (-745, 0] and exact at the ends', () => {
    const rng = createRng(1)
    let worst = 0
    for (let k = 0; k < 200_000; k++) {
      const x = k % 2 ? -700 * rng.uniform() : -4 * rng.uniform()
      const e = Math.exp(x)
      worst = Math.max(worst, Math.abs(expNeg(x) - e) / e)
    }
    expect(worst).toBeLessThan(4.5e-16)
    expect(expNeg(0)).toBe(1)
    expect(expNeg(-746)).toBe(0)
    expect(expNeg(-Infinity)).toBe(0)
    expect(expNeg(-708.5)).toBe(Math.exp(-708.5))
  })
})

describe('the k-d tree', () => {
  it('finds the nearest key and every key within a ball, as brute force does', () => {
    const d = 3
    const rng = createRng(2)
    const points = Float64Array.from({ length: 500 * d }, () => Math.round(20 * rng.uniform()) / 4)
    const tree = new KdTree(points, d)
    const qs = Float64Array.from({ length: 40 * d }, () => 6 * rng.uniform() - 0.5)
    const into = { ranges: new Int32Array(4) }
    for (let i = 0; i < 40; i++) {
      let best = Infinity
      const inBall: number[] = []
      for (let j = 0; j < 500; j++) {
        let s = 0
        for (let l = 0; l < d; l++) s += (qs[i * d + l]! - points[j * d + l]!) ** 2
        if (j !== 7) best = Math.min(best, s)
        if (s <= 1.3) inBall.push(j)
      }
      expect(tree.nearest(qs, i, 7)).toBe(best)
      const count = tree.search(qs, i, 1.3, 0, into)
      const found: number[] = []
      for (let g = 0; g < count; g++) {
        for (let t = into.ranges[2 * g]!; t < into.ranges[2 * g + 1]!; t++) {
          let s = 0
          for (let l = 0; l < d; l++) s += (qs[i * d + l]! - tree.points[t * d + l]!) ** 2
          if (s <= 1.3) found.push(tree.order[t]!)
        }
      }
      expect(found.sort((a, b) => a - b)).toEqual(inBall)
    }
  })
})

describe('fast paths against the dense reference', () => {
  for (const d of [1, 2, 3, 5]) {
    it(`Gaussian window, d = ${d}: within the reported bound, which is within the tolerance`, () => {
      const p = problem(10 + d, 3000, 400, d)
      const dense = vectorPredict(p, { algorithm: 'dense' })
      const fast = vectorPredict(p, { algorithm: 'window' })
      expect(fast.algorithm).toBe('window')
      const mean = p.values.reduce((a, v) => a + v, 0) / p.values.length
      const tolerance = 1e-12 * p.values.reduce((a, v) => Math.max(a, Math.abs(v - mean)), 0)
      expect(fast.errorBound).toBeLessThanOrEqual(tolerance)
      expect(worstDifference(fast.yHat, dense.yHat)).toBeLessThanOrEqual(fast.errorBound + 1e-13)
      for (const estimator of ['local-linear'] as const) {
        const a = vectorPredict({ ...p, estimator }, { algorithm: 'dense' })
        const b = vectorPredict({ ...p, estimator }, { algorithm: 'window' })
        expect(worstDifference(a.yHat, b.yHat)).toBeLessThan(1e-9)
      }
    })

    it(`compact kernels are exact through the tree, d = ${d} (product and radial, undefined queries alike)`, () => {
      for (const [kernel, shape] of [['epanechnikov', 'product'], ['boxcar', 'product'], ['triangular', 'product'], ['tricube', 'radial']] as const) {
        const p = problem(20 + d, 2000, 300, d, { kernel, shape, sigma: new Float64Array(d).fill(0.4) })
        const dense = vectorPredict(p, { algorithm: 'dense' })
        const fast = vectorPredict(p, { algorithm: 'compact' })
        expect(fast.errorBound).toBe(0)
        expect(fast.undefinedQueries).toEqual(dense.undefinedQueries)
        expect(worstDifference(fast.yHat, dense.yHat)).toBeLessThan(1e-12)
      }
    })
  }

  it('leave-one-out and class scores agree between paths', () => {
    const p = problem(31, 2500, 0, 2)
    const a = vectorLooPredict(p, { algorithm: 'dense' })
    const b = vectorLooPredict(p, { algorithm: 'window' })
    expect(worstDifference(a.yHat, b.yHat)).toBeLessThanOrEqual(b.errorBound + 1e-13)
    const q = problem(32, 2500, 300, 2)
    const labels = Uint32Array.from(q.values, (v) => (v > 0.5 ? 2 : v > 0 ? 1 : 0))
    const c1 = classify({ ...q, labels, classCount: 3 }, { algorithm: 'dense' })
    const c2 = classify({ ...q, labels, classCount: 3 }, { algorithm: 'window' })
    expect(worstDifference(c1.scores, c2.scores)).toBeLessThanOrEqual(c2.errorBound + 1e-13)
    expect(Array.from(c2.predicted)).toEqual(Array.from(c1.predicted))
  })

  it('routes large problems to the tree and small ones to the dense code, with progress', () => {
    const big = problem(40, 20_000, 100, 2, { sigma: Float64Array.of(0.05, 0.05) })
    const reports: number[] = []
    const r = vectorPredict(big, { onProgress: (done) => reports.push(done) })
    expect(r.algorithm).toBe('window')
    expect(reports.at(-1)).toBe(100)
    expect(vectorPredict(problem(41, 100, 100, 2)).algorithm).toBe('dense')
    expect(vectorPredict(problem(42, 20_000, 100, 2, { kernel: 'quartic' })).algorithm).toBe('compact')
    expect(vectorPredict(problem(43, 20_000, 100, 2, { scoring: 'dot' })).algorithm).toBe('dense')
  })

  it('any split of the queries gives the same bits (threads, chunks)', () => {
    const p = problem(50, 4000, 333, 3)
    const whole = vectorPredict(p)
    const work = vectorWork(p)
    const parts = new Float64Array(333)
    for (const [from, to] of [[0, 100], [100, 101], [101, 333]] as const) vectorPredictRange(work, from, to, parts)
    expect(Array.from(parts)).toEqual(Array.from(whole.yHat))
  })
})
