import { describe, expect, it } from 'vitest'
import { nwHeatmapDense } from '../../src-shared/engine/dense/heatmap'
import { nwLooPredict, nwPredict } from '../../src-shared/engine/estimate'
import { buildCompactCells, compactCellsFor } from '../../src-shared/engine/fast/compactCells'
import { nwHeatmapPrepared } from '../../src-shared/engine/fast/heatmapFast'
import { compactShape } from '../../src-shared/engine/fast/compactShape'
import { CompactEvaluator } from '../../src-shared/engine/fast/compactEvaluator'
import { nwHeatmapFast } from '../../src-shared/engine/fast/heatmapFast'
import { makePlan } from '../../src-shared/engine/fast/plan'
import { prepareKeys, prepareQueries } from '../../src-shared/engine/fast/prepared'
import { runPlan } from '../../src-shared/engine/fast/runPlan'
import { COMPACT_KERNEL_IDS } from '../../src-shared/engine/kernels'
import { createRng } from '../../src-shared/engine/rng'
import { exactEstimates, maxDifference } from './fastReference'

const EPS = Number.EPSILON

/**
 * Data on which the moments cancel hard: keys spanning thousands of
 * bandwidths (a global moment sum would lose every digit), dense clusters a
 * few bandwidths wide with gaps, values far from 0, and queries at and just
 * beyond the clusters' edges, in the gaps, outside the data and on keys.
 */
function stressData(seed: number, n: number, sigma: number) {
  const rng = createRng(seed)
  const keys = new Float64Array(n)
  for (let j = 0; j < n; j++) {
    const u = rng.uniform()
    keys[j] = j % 3 === 0 ? 2000 * sigma * u : 500 * sigma + Math.floor(u * 4) * 40 * sigma + 3 * sigma * rng.uniform() ** 3
  }
  const values = Float64Array.from(keys, (x) => 1e4 + Math.sin(x / sigma) + rng.normal())
  const queries: number[] = []
  for (let c = 0; c < 4; c++) {
    const left = 500 * sigma + c * 40 * sigma
    for (const t of [-1.01, -0.999, -0.5, 0, 1e-9, 0.7, 1.5, 2.99, 3, 3.5, 3.999, 4.2]) queries.push(left + t * sigma)
  }
  for (let i = 0; i < 200; i++) queries.push(-3 * sigma + 2010 * sigma * rng.uniform())
  for (let i = 0; i < 100; i++) queries.push(keys[Math.floor(rng.uniform() * n)]!)
  return { keys, values, queries: Float64Array.from(queries) }
}

function allowance(values: Float64Array): number {
  let lo = Infinity
  let hi = -Infinity
  for (const v of values) {
    lo = Math.min(lo, v)
    hi = Math.max(hi, v)
  }
  return 1e-13 * (hi - lo) + 8 * EPS * Math.max(Math.abs(lo), Math.abs(hi))
}

describe('compact cells and the moment sums on cancelling data', () => {
  for (const kernel of COMPACT_KERNEL_IDS) {
    it(`${kernel}: predictions, leave-one-out and heatmaps stay within their bounds of the exact sums`, () => {
      for (const sigma of [0.05, 1.3]) {
        const { keys, values, queries } = stressData(7, 3000, sigma)
        const slack = allowance(values)
        const fast = nwPredict({ keys, values, queries, kernel, sigma }, { algorithm: 'compact' })
        const exact = exactEstimates(keys, values, queries, kernel, sigma)
        expect(maxDifference(fast.yHat, exact)).toBeLessThanOrEqual(fast.errorBound! + slack)
        expect(fast.undefinedQueries.length).toBeGreaterThan(0)
        expect(fast.undefinedQueries.length).toBeLessThan(queries.length / 2)

        const loo = nwLooPredict(keys, values, kernel, sigma, { algorithm: 'compact' })
        expect(maxDifference(loo.yHat, exactEstimates(keys, values, keys, kernel, sigma, true))).toBeLessThanOrEqual(loo.errorBound! + slack)

        const p = { keys, values, queries, kernel, sigma }
        const dense = nwHeatmapDense(p, 37, 53)
        const heat = nwHeatmapFast(p, 37, 53)
        expect(heat.algorithm).toBe('compact')
        expect(heat.undefinedRows).toEqual(dense.undefinedRows)
        let error = 0
        for (let k = 0; k < dense.values.length; k++) error = Math.max(error, Math.abs(heat.values[k]! - dense.values[k]!))
        expect(error).toBeLessThanOrEqual(heat.errorBound + 1e-13 * dense.max)
      }
    })
  }

  it('builds once per keys, kernel and sigma, and what it keeps equals a fresh build', () => {
    const { keys, values } = stressData(3, 2000, 0.1)
    const prepared = prepareKeys(keys, values)
    const tricube = compactShape('tricube')
    const first = compactCellsFor(prepared, tricube, 0.1)
    expect(compactCellsFor(prepared, compactShape('tricube'), 0.1)).toBe(first)
    expect(first).toEqual(buildCompactCells(prepared, tricube, 0.1))
    const other = compactCellsFor(prepared, tricube, 0.1000001)
    expect(other).not.toBe(first)
    // The same kernel: the new cells were written into the old cells' prefix sums, and the old ones lost them.
    expect(first.prefix.length).toBe(0)
    expect(other).toEqual(buildCompactCells(prepared, tricube, 0.1000001))
    const quartic = compactCellsFor(prepared, compactShape('quartic'), 0.1000001)
    expect(quartic.momentCount).toBe(5)
    expect(quartic).toEqual(buildCompactCells(prepared, compactShape('quartic'), 0.1000001))
    // Other keys with the same kernel and sigma get their own cells.
    const again = prepareKeys(keys, values)
    expect(compactCellsFor(again, compactShape('quartic'), 0.1000001)).not.toBe(quartic)
  })

  it('builds weights only for a heatmap: the same weight sums, and the fit’s cells serve a heatmap but not the other way', () => {
    const { keys, values } = stressData(5, 2000, 0.2)
    const prepared = prepareKeys(keys, values)
    const tricube = compactShape('tricube')
    const both = buildCompactCells(prepared, tricube, 0.2)
    const weights = buildCompactCells(prepared, tricube, 0.2, null, 1)
    expect(weights.stride).toBe(10)
    expect(weights.prefix.length).toBe(2000 * 10)
    for (let j = 0; j < 2000; j++) {
      for (let r = 0; r < 10; r++) expect(weights.prefix[j * 10 + r]).toBe(both.prefix[j * 20 + r])
    }
    const forHeatmap = compactCellsFor(prepared, tricube, 0.2, 1)
    expect(forHeatmap.channels).toBe(1)
    const forFit = compactCellsFor(prepared, tricube, 0.2)
    expect(forFit.channels).toBe(2)
    expect(compactCellsFor(prepared, tricube, 0.2, 1)).toBe(forFit)
  })

  it('fills the cells of the keys asked for, when first asked, each as a whole build fills it', () => {
    const { keys, values } = stressData(7, 4000, 0.05)
    const prepared = prepareKeys(keys, values)
    const tricube = compactShape('tricube')
    const whole = buildCompactCells(prepared, tricube, 0.05)
    const cells = compactCellsFor(prepared, tricube, 0.05, 2, 1000, 1500)
    const [first, last] = [cells.cellOf[1000]!, cells.cellOf[1499]!]
    const sameCell = (c: number) => {
      for (let j = cells.start[c]! * cells.stride; j < cells.end[c]! * cells.stride; j++) if (!Object.is(cells.prefix[j], whole.prefix[j])) return false
      return true
    }
    for (let c = 0; c < cells.filled.length; c++) {
      expect(cells.filled[c]).toBe(c >= first && c <= last ? 1 : 0)
      if (cells.filled[c]) expect(sameCell(c)).toBe(true)
    }
    // Asked again for more: the rest filled, the same object.
    expect(compactCellsFor(prepared, tricube, 0.05)).toBe(cells)
    expect(cells.filled.every((f) => f === 1)).toBe(true)
    expect(cells).toEqual(whole)
  })

  it('a heatmap’s rows fill the cells their queries reach, not the others', () => {
    const keys = Float64Array.from({ length: 4000 }, (_, j) => (j * 5) / 4000)
    const prepared = prepareKeys(keys, keys.map(Math.sin))
    const queries = Float64Array.from({ length: 400 }, (_, i) => (i * 5) / 400)
    // The last 10 of 20 rows: queries from 2.5 on, keys from 2.5 - sigma on.
    nwHeatmapPrepared(prepared, queries, 'quartic', 0.05, 20, 20, undefined, { from: 10, to: 20 })
    const cells = compactCellsFor(prepared, compactShape('quartic'), 0.05, 1, 0, 0)
    for (let c = 0; c < cells.filled.length; c++) {
      const reached = prepared.keys[cells.end[c]! - 1]! > 2.5 - 0.05
      expect(cells.filled[c]).toBe(reached ? 1 : 0)
    }
  })

  it('an evaluator whose cells were rebuilt for another sigma sums directly, still exactly', () => {
    const { keys, values, queries } = stressData(9, 2000, 0.3)
    const prepared = prepareKeys(keys, values)
    const evaluator = new CompactEvaluator(prepared, 'quartic', 0.3, 1e-12 * prepared.scale)
    compactCellsFor(prepared, compactShape('quartic'), 0.31)
    expect(evaluator.cells.prefix.length).toBe(0)
    const sorted = Float64Array.from(queries).sort()
    const exact = exactEstimates(prepared.keys, prepared.values, sorted, 'quartic', 0.3)
    let defined = 0
    for (let i = 0; i < sorted.length; i++) {
      evaluator.evaluate(sorted[i]!, -1)
      expect(evaluator.bound).toBe(0)
      if (Number.isNaN(exact[i]!)) expect(evaluator.estimate).toBeNaN()
      else {
        defined++
        expect(Math.abs(evaluator.estimate - prepared.shift - exact[i]!)).toBeLessThanOrEqual(1e-12 * prepared.scale)
      }
    }
    expect(defined).toBeGreaterThan(100)
  })

  it('gives the same bits run chunk by chunk (progress reports) as in one go', () => {
    const { keys, values, queries } = stressData(5, 3000, 0.2)
    const prepared = prepareKeys(keys, values)
    const sorted = prepareQueries(Float64Array.from({ length: 50_000 }, (_, i) => queries[i % queries.length]! + i * 1e-9))
    for (const kernel of ['tricube', 'cosine'] as const) {
      const plan = makePlan(prepared, sorted.queries, kernel, 0.2, { algorithm: 'compact' })
      const whole = runPlan(plan, prepared, sorted, false)
      let reports = 0
      const chunked = runPlan(plan, prepareKeys(keys, values), sorted, false, () => reports++)
      expect(reports).toBeGreaterThan(1)
      expect(Array.from(chunked.yHat)).toEqual(Array.from(whole.yHat))
      expect(chunked.errorBound).toBe(whole.errorBound)
    }
  })
})
