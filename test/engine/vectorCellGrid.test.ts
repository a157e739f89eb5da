import { describe, expect, it } from 'vitest'
import { createRng } from '../../src-shared/engine/rng'
import { vectorLooPredict, vectorPredict } from '../../src-shared/engine/vector'
import type { VectorProblem } from '../../src-shared/engine/vectorTypes'
import { CellGrid } from '../../src-shared/engine/vectorCore/cellGrid'
import { WindowEvaluator } from '../../src-shared/engine/vectorCore/window'
import { prepare } from '../../src-shared/engine/vectorCore/prepare'
import { planVector } from '../../src-shared/engine/vectorCore/run'

/** Brute force: squared distances from query i to every point. */
function distances(qs: Float64Array, i: number, points: Float64Array, d: number): number[] {
  const out: number[] = []
  for (let j = 0; j < points.length / d; j++) {
    let s = 0
    for (let l = 0; l < d; l++) s += (qs[i * d + l]! - points[j * d + l]!) ** 2
    out.push(s)
  }
  return out
}

/** Original indices of the points in the grid's ranges that satisfy `keep`. */
function collect(grid: CellGrid, count: number, ranges: Int32Array, keep: (t: number) => boolean): number[] {
  const found: number[] = []
  for (let g = 0; g < count; g++) for (let t = ranges[2 * g]!; t < ranges[2 * g + 1]!; t++) if (keep(t)) found.push(grid.order[t]!)
  return found.sort((a, b) => a - b)
}

describe('the grid of cells', () => {
  for (const d of [1, 2, 3]) {
    it(`finds the nearest key and every key in a ball or a box as brute force does, d = ${d} (duplicates, far queries, an excluded key)`, () => {
      const rng = createRng(40 + d)
      const n = 600
      // Rounded keys: duplicates and keys on cell boundaries.
      const points = Float64Array.from({ length: n * d }, () => Math.round(40 * rng.uniform()) / 4)
      const m = 60
      const qs = Float64Array.from({ length: m * d }, (_, k) => (k < 3 * d ? 1e4 * (rng.uniform() - 0.5) : 12 * rng.uniform() - 1))
      for (const reach2 of [0.5, 4, 30]) {
        const grid = CellGrid.build(points, d, reach2)
        expect(grid).not.toBeNull()
        const into = { ranges: new Int32Array(2) }
        for (let i = 0; i < m; i++) {
          const all = distances(qs, i, points, d)
          const exclude = i % 5
          let best = Infinity
          all.forEach((s, j) => {
            if (j !== exclude) best = Math.min(best, s)
          })
          expect(grid!.nearest(qs, i, exclude)).toBe(best)
          expect(grid!.nearest(qs, i)).toBe(Math.min(best, all[exclude]!))
          const r2 = best + reach2
          const inBall = all.flatMap((s, j) => (s <= r2 ? [j] : []))
          const ballCount = grid!.search(qs, i, r2, 0, into)
          expect(collect(grid!, ballCount, into.ranges, (t) => distances(qs, i, grid!.points.subarray(t * d, (t + 1) * d), d)[0]! <= r2)).toEqual(inBall)
          const half = Math.sqrt(reach2)
          const inBox = all.flatMap((_, j) => {
            for (let l = 0; l < d; l++) if (Math.abs(qs[i * d + l]! - points[j * d + l]!) > half) return []
            return [j]
          })
          const boxCount = grid!.search(qs, i, 0, half, into)
          const found = collect(grid!, boxCount, into.ranges, (t) => {
            for (let l = 0; l < d; l++) if (Math.abs(qs[i * d + l]! - grid!.points[t * d + l]!) > half) return false
            return true
          })
          expect(found).toEqual(inBox)
        }
      }
    })
  }

  it('holds keys that are all the same point, and refuses d > 3', () => {
    const points = new Float64Array(2 * 50).fill(1.5)
    const grid = CellGrid.build(points, 2, 9)!
    const qs = Float64Array.of(1.5, 1.5, 100, -3)
    expect(grid.nearest(qs, 0)).toBe(0)
    expect(grid.nearest(qs, 1)).toBe(98.5 ** 2 + 4.5 ** 2)
    const into = { ranges: new Int32Array(2) }
    expect(grid.search(qs, 0, 1, 0, into)).toBe(1)
    expect(into.ranges[1]! - into.ranges[0]!).toBe(50)
    expect(grid.search(qs, 1, 98.5 ** 2 + 4.5 ** 2 - 1, 0, into)).toBe(0)
    expect(CellGrid.build(new Float64Array(4 * 10), 4, 1)).toBeNull()
  })
})

describe('the Gaussian window at small widths (grid of cells) against the dense reference', () => {
  for (const [d, sigma] of [
    [2, 0.02],
    [2, 0.005],
    [1, 0.003],
    [3, 0.05],
  ] as const) {
    it(`d = ${d}, sigma ${sigma}: within the reported bound, which is within the tolerance; leave-one-out too`, () => {
      const rng = createRng(Math.round(1000 * sigma) + d)
      const n = 4000
      const keys = Float64Array.from({ length: n * d }, () => Math.round(2000 * rng.uniform()) / 1000)
      // Two duplicated keys, and a last query far from every key.
      keys.copyWithin(0, d, 2 * d)
      const m = 500
      const queries = Float64Array.from({ length: m * d }, (_, k) => (k >= (m - 1) * d ? 40 : 2.2 * rng.uniform() - 0.1))
      const values = Float64Array.from({ length: n }, (_, j) => Math.sin(3 * keys[j * d]!) + 0.2 * rng.normal())
      const p: VectorProblem = { keys, d, values, queries, kernel: 'gaussian', sigma: new Float64Array(d).fill(sigma) }
      const tolerance = 1e-9
      const prepared = prepare(p, values, 1)
      const plan = planVector(prepared, { tolerance, algorithm: 'window' }, false)
      expect(new WindowEvaluator(prepared, 'window', plan.t2, tolerance).tree).toBeInstanceOf(CellGrid)
      const dense = vectorPredict(p, { algorithm: 'dense' })
      const fast = vectorPredict(p, { algorithm: 'window', tolerance })
      expect(fast.errorBound).toBeLessThanOrEqual(tolerance)
      for (let i = 0; i < m; i++) expect(Math.abs(fast.yHat[i]! - dense.yHat[i]!)).toBeLessThanOrEqual(fast.errorBound + 1e-13)
      const looDense = vectorLooPredict(p, { algorithm: 'dense' })
      const looFast = vectorLooPredict(p, { algorithm: 'window', tolerance })
      for (let i = 0; i < n; i++) expect(Math.abs(looFast.yHat[i]! - looDense.yHat[i]!)).toBeLessThanOrEqual(looFast.errorBound + 1e-13)
    })
  }
})

describe('the product Epanechnikov kernel on its own loop against the dense reference', () => {
  for (const d of [1, 2, 3]) {
    it(`d = ${d}: exact up to rounding, leave-one-out too, a query out of reach undefined`, () => {
      const rng = createRng(70 + d)
      const n = 3000
      const keys = Float64Array.from({ length: n * d }, () => Math.round(400 * rng.uniform()) / 100)
      keys.copyWithin(0, d, 2 * d)
      const m = 300
      const queries = Float64Array.from({ length: m * d }, (_, k) => (k >= (m - 1) * d ? 50 : 4.4 * rng.uniform() - 0.2))
      const values = Float64Array.from({ length: n }, (_, j) => Math.cos(2 * keys[j * d]!) + 0.1 * rng.normal())
      const p: VectorProblem = { keys, d, values, queries, kernel: 'epanechnikov', sigma: new Float64Array(d).fill(0.3) }
      const dense = vectorPredict(p, { algorithm: 'dense' })
      const fast = vectorPredict(p, { algorithm: 'compact' })
      expect(fast.errorBound).toBe(0)
      expect(fast.undefinedQueries).toEqual(dense.undefinedQueries)
      expect(fast.undefinedQueries).toContain(m - 1)
      for (let i = 0; i < m - 1; i++) if (!Number.isNaN(dense.yHat[i]!)) expect(Math.abs(fast.yHat[i]! - dense.yHat[i]!)).toBeLessThan(1e-12)
      const looDense = vectorLooPredict(p, { algorithm: 'dense' })
      const looFast = vectorLooPredict(p, { algorithm: 'compact' })
      for (let i = 0; i < n; i++) {
        if (Number.isNaN(looDense.yHat[i]!)) expect(looFast.yHat[i]).toBeNaN()
        else expect(Math.abs(looFast.yHat[i]! - looDense.yHat[i]!)).toBeLessThan(1e-12)
      }
    })
  }
})
