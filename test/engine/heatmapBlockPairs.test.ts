import { describe, expect, it } from 'vitest'
import { compactShape } from '../../src-shared/engine/fast/compactShape'
import {
  binomials,
  blockMomentsFor,
  classifyColumns,
  cleanCellCoefficients,
  cleanCellValue,
  cleanRoundings,
  DIRTY,
  LEFT,
  RIGHT,
  GroupMoments,
} from '../../src-shared/engine/fast/heatmapBlockPairs'
import { prepareKeys } from '../../src-shared/engine/fast/prepared'
import { nwHeatmapFast } from '../../src-shared/engine/fast/heatmapFast'
import { nwHeatmapDense } from '../../src-shared/engine/dense/heatmap'
import { kernelInfo, type CompactKernelId } from '../../src-shared/engine/kernels'
import { createRng } from '../../src-shared/engine/rng'
import { compensatedSum, testData } from './fastReference'

const POLYNOMIAL_KERNELS: CompactKernelId[] = ['boxcar', 'triangular', 'epanechnikov', 'quartic', 'triweight', 'tricube']

const sorted = (values: number[]) => Float64Array.from(values).sort()

/** One column block (all the keys) and one group of queries with weights: the clean cell by the expansion and by a double sum. */
function cellBothWays(kernel: CompactKernelId, keys: Float64Array, queries: Float64Array, weights: Float64Array, sigma: number, side: number) {
  const shape = compactShape(kernel)
  const m = shape.momentCount
  const colStarts = Uint32Array.from([0, keys.length])
  const moments = blockMomentsFor(prepareKeys(keys, keys), colStarts, m)
  const qMin = queries[0]!
  const qMax = queries[queries.length - 1]!
  const centre = qMin + (qMax - qMin) / 2
  const radius = Math.max(centre - qMin, qMax - centre) / sigma
  const group = new GroupMoments(m)
  for (let i = 0; i < queries.length; i++) group.add(weights[i]!, (queries[i]! - centre) / sigma)
  const totals = new Float64Array(m)
  group.totals(totals)
  const coef = new Float64Array(m)
  const amplification = cleanCellCoefficients(shape, moments, 0, side, sigma, centre, radius, coef)
  const value = cleanCellValue(m, coef, 0, moments, 0, sigma, totals, binomials(m), new Float64Array(m))
  const profile = kernelInfo(kernel).profile
  const naive = compensatedSum(queries.length * keys.length, (t) => {
    const q = queries[Math.floor(t / keys.length)]!
    return weights[Math.floor(t / keys.length)]! * profile((q - keys[t % keys.length]!) / sigma)
  })
  const bound = Number.EPSILON * cleanRoundings(m) * amplification * totals[0]! * keys.length
  return { value, naive, bound, amplification }
}

describe('whole-block heatmap cells (heatmapBlockPairs.ts)', () => {
  it('binomials are Pascal’s triangle', () => {
    const c = binomials(6)
    expect(Array.from(c.subarray(5 * 6, 6 * 6))).toEqual([1, 5, 10, 10, 5, 1])
    expect(Array.from(c.subarray(3 * 6, 4 * 6))).toEqual([1, 3, 3, 1, 0, 0])
  })

  for (const kernel of POLYNOMIAL_KERNELS) {
    it(`${kernel}: a clean cell equals the double sum of w_q K((q - k) / sigma) within its bound, keys left, right and (if even) around`, () => {
      const rng = createRng(7)
      const sigma = 0.37
      const weights = Float64Array.from({ length: 40 }, () => 0.1 + rng.uniform())
      // Keys left of the queries, the farthest pair just inside the support (the kernel near 0, its expansion cancelling).
      const queries = sorted(Array.from({ length: 40 }, () => 2 + 0.05 * rng.uniform()))
      const leftKeys = sorted(Array.from({ length: 60 }, () => queries[queries.length - 1]! - sigma * 0.999 + 0.1 * rng.uniform()))
      const rightKeys = sorted(Array.from({ length: 60 }, () => queries[queries.length - 1]! + 0.3 * rng.uniform()))
      const cases: [Float64Array, number][] = [
        [leftKeys, LEFT],
        [rightKeys, RIGHT],
      ]
      if (!compactShape(kernel).split) cases.push([sorted(Array.from({ length: 60 }, () => 1.95 + 0.15 * rng.uniform())), RIGHT])
      for (const [keys, side] of cases) {
        const { value, naive, bound, amplification } = cellBothWays(kernel, keys, queries, weights, sigma, side)
        expect(naive).toBeGreaterThan(0)
        expect(Math.abs(value - naive)).toBeLessThanOrEqual(bound + 4 * Number.EPSILON * naive)
        // Every pair is within one bandwidth: the expansion's amplification stays at sum |a_k|.
        expect(amplification).toBeLessThanOrEqual(8.01)
      }
    })
  }

  it('classifies a column clean exactly when every pair passes the window test on one side (brute force)', () => {
    const rng = createRng(3)
    const keys = sorted(Array.from({ length: 400 }, () => 5 * rng.uniform()))
    const colStarts = Uint32Array.from({ length: 41 }, (_, b) => b * 10)
    for (const kernel of ['tricube', 'epanechnikov', 'boxcar'] as CompactKernelId[]) {
      const shape = compactShape(kernel)
      for (const [qMin, qMax, sigma] of [
        [2, 2.1, 0.5],
        [1, 1.4, 1.3],
        [3.3, 3.3, 0.2],
      ]) {
        const kind = new Uint8Array(40)
        classifyColumns(keys, colStarts, qMin!, qMax!, sigma!, shape, kind)
        for (let b = 0; b < 40; b++) {
          const block = keys.subarray(colStarts[b]!, colStarts[b + 1]!)
          // The window test the engine uses, on every pair with the group's extreme queries.
          const reach = (q: number, k: number) => (shape.inclusive ? Math.abs((q - k) / sigma!) <= 1 : (q - k) / sigma! < 1 && (q - k) / sigma! > -1)
          const all = [qMin!, qMax!].every((q) => block.every((k) => reach(q, k)))
          const left = block.every((k) => k <= qMin!)
          const right = block.every((k) => k >= qMax!)
          const expected = !all ? DIRTY : left ? LEFT : right || !shape.split ? RIGHT : DIRTY
          expect(kind[b], `${kernel} block ${b}`).toBe(expected)
        }
      }
    }
  })

  it('stays finite and within its bound whatever the keys\' scale (moments in units of each block\'s half-width)', () => {
    const base = testData(43, 3000, 2000, 'uniform')
    // Keys in the keys' own units made (k - c)^9 underflow near 1e-36 and (1 / sigma)^9 overflow: NaN cells.
    for (const scale of [1e-36, 1e-20, 1e20, 1e36]) {
      const keys = base.keys.map((k) => k * scale)
      const queries = base.queries.map((q) => q * scale)
      const p = { keys, values: base.values, queries, kernel: 'tricube' as const, sigma: 0.5 * scale }
      const dense = nwHeatmapDense(p, 10, 40)
      const fast = nwHeatmapFast(p, 10, 40)
      expect(fast.values.every(Number.isFinite), `scale ${scale}`).toBe(true)
      let error = 0
      for (let k = 0; k < dense.values.length; k++) error = Math.max(error, Math.abs(fast.values[k]! - dense.values[k]!))
      expect(error, `scale ${scale}`).toBeLessThanOrEqual(fast.errorBound + 1e-13 * dense.max)
      expect(fast.errorBound).toBeLessThanOrEqual(1e-11 * Math.max(dense.max, 1))
    }
  })

  for (const kernel of POLYNOMIAL_KERNELS) {
    it(`${kernel}: heatmaps with many queries a row (whole-block columns) equal the dense block means`, () => {
      const { keys, values, queries } = testData(41, 3000, 2000, 'uniform')
      for (const sigma of [0.5, 2.5]) {
        const p = { keys, values, queries, kernel, sigma }
        const dense = nwHeatmapDense(p, 10, 40)
        const fast = nwHeatmapFast(p, 10, 40)
        expect(fast.algorithm).toBe('compact')
        let error = 0
        for (let k = 0; k < dense.values.length; k++) error = Math.max(error, Math.abs(fast.values[k]! - dense.values[k]!))
        expect(error).toBeLessThanOrEqual(fast.errorBound + 1e-13 * dense.max)
        expect(fast.errorBound).toBeLessThanOrEqual(1e-11 * Math.max(dense.max, 1))
        expect(fast.undefinedRows).toEqual(dense.undefinedRows)
      }
    })
  }
})
