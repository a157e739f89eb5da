import { describe, expect, it } from 'vitest'
import { nwHeatmap } from '../../src-shared/engine/heatmap'
import { nwWeightsDense } from '../../src-shared/engine/dense/nonparametric'
import { createRng } from '../../src-shared/engine/rng'
import type { KernelId } from '../../src-shared/engine/kernels'

function randomProblem(seed: number, n: number, m: number, kernel: KernelId, sigma: number) {
  const rng = createRng(seed)
  const keys = Float64Array.from({ length: n }, () => rng.uniform() * 5)
  const values = Float64Array.from({ length: n }, () => rng.normal())
  const queries = Float64Array.from({ length: m }, () => rng.uniform() * 6 - 0.5)
  return { keys, values, queries, kernel, sigma }
}

/** Sorted weight matrix from the dense estimator: the heatmap at full resolution must equal it. */
function sortedWeights(p: ReturnType<typeof randomProblem>) {
  const kOrder = Array.from(p.keys.keys()).sort((a, b) => p.keys[a]! - p.keys[b]! || a - b)
  const qOrder = Array.from(p.queries.keys()).sort((a, b) => p.queries[a]! - p.queries[b]! || a - b)
  const w = nwWeightsDense(p)
  return qOrder.map((i) => kOrder.map((j) => w.weights[i * p.keys.length + j]!))
}

describe('attention heatmap at display resolution', () => {
  it('equals the sorted weight matrix at full resolution', () => {
    const p = randomProblem(1, 23, 17, 'gaussian', 0.4)
    const h = nwHeatmap(p, 17, 23)
    const w = sortedWeights(p)
    for (let i = 0; i < 17; i++) for (let j = 0; j < 23; j++) expect(h.values[i * 23 + j]).toBeCloseTo(w[i]![j]!, 14)
    expect(h.max).toBe(Math.max(...h.values))
  })

  it('averages the weights over each block exactly', () => {
    const p = randomProblem(2, 40, 30, 'epanechnikov', 0.3)
    const h = nwHeatmap(p, 7, 9)
    const w = sortedWeights(p)
    const starts = (count: number, blocks: number) => Array.from({ length: blocks + 1 }, (_, b) => Math.floor((b * count) / blocks))
    const rs = starts(30, 7)
    const cs = starts(40, 9)
    for (let r = 0; r < 7; r++) {
      for (let c = 0; c < 9; c++) {
        let acc = 0
        for (let i = rs[r]!; i < rs[r + 1]!; i++) for (let j = cs[c]!; j < cs[c + 1]!; j++) acc += w[i]![j]!
        expect(h.values[r * 9 + c]).toBeCloseTo(acc / ((rs[r + 1]! - rs[r]!) * (cs[c + 1]! - cs[c]!)), 14)
      }
    }
    // Rows of block means still average to 1 / cols-width-weighted: each query row sums to 1.
    expect(h.rowEdges).toHaveLength(8)
    expect(h.colEdges).toHaveLength(10)
  })

  it('marks rows with a query out of reach', () => {
    const p = { keys: Float64Array.of(0, 1), values: Float64Array.of(1, 2), queries: Float64Array.of(0.5, 10), kernel: 'boxcar' as const, sigma: 0.6 }
    const h = nwHeatmap(p, 2, 2)
    expect(h.undefinedRows).toEqual([1])
    expect(Array.from(h.values.subarray(2))).toEqual([0, 0])
  })

  it('clamps the resolution to the data', () => {
    const p = randomProblem(3, 5, 4, 'gaussian', 1)
    const h = nwHeatmap(p, 100, 100)
    expect([h.rows, h.cols]).toEqual([4, 5])
  })
})
