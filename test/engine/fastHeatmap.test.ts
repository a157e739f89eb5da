import { describe, expect, it } from 'vitest'
import { nwHeatmapFast } from '../../src-shared/engine/fast/heatmapFast'
import { nwHeatmapDense } from '../../src-shared/engine/dense/heatmap'
import { nwHeatmap } from '../../src-shared/engine/heatmap'
import { KERNEL_IDS, type KernelId } from '../../src-shared/engine/kernels'
import { testData, type Layout } from './fastReference'

const LAYOUTS: Layout[] = ['uniform', 'ties', 'clustered']

describe('the fast attention heatmap', () => {
  for (const kernel of KERNEL_IDS) {
    const algorithms = kernel === 'gaussian' ? (['window', 'fgt'] as const) : ([undefined] as const)
    for (const algorithm of algorithms) {
      it.each(LAYOUTS)(`${kernel}${algorithm ? ` (${algorithm})` : ''}: equals the dense block means on %s data, same undefined rows`, (layout) => {
        const { keys, values, queries } = testData(31, 600, 450, layout)
        for (const sigma of [1e-4, 0.02, 0.3, 4]) {
          for (const [rows, cols] of [[450, 600], [13, 29]] as const) {
            const p = { keys, values, queries, kernel: kernel as KernelId, sigma }
            const dense = nwHeatmapDense(p, rows, cols)
            const fast = nwHeatmapFast(p, dense.rows, dense.cols, algorithm)
            expect(fast.undefinedRows).toEqual(dense.undefinedRows)
            expect(Array.from(fast.rowEdges)).toEqual(Array.from(dense.rowEdges))
            expect(Array.from(fast.colEdges)).toEqual(Array.from(dense.colEdges))
            let error = 0
            for (let k = 0; k < dense.values.length; k++) error = Math.max(error, Math.abs(fast.values[k]! - dense.values[k]!))
            // Rounding of either side is relative to the largest cell; the bound covers truncation.
            expect(error).toBeLessThanOrEqual(fast.errorBound + 1e-13 * dense.max)
            expect(fast.errorBound).toBeLessThanOrEqual(1e-11 * Math.max(dense.max, 1))
            expect(fast.max).toBe(fast.values.reduce((a, b) => Math.max(a, b), 0))
          }
        }
      })
    }
  }

  it.each([
    ['gaussian', 1],
    ['gaussian', 0.01],
    ['epanechnikov', 0.5],
    ['tricube', 0.05],
  ] as [KernelId, number][])('%s sigma %s at 10^5 x 10^5: every query row still sums to 1', (kernel, sigma) => {
    const { keys, values, queries } = testData(32, 100_000, 100_000, 'uniform')
    const h = nwHeatmap({ keys, values, queries: queries.map((q) => Math.min(5, Math.max(0, q))), kernel, sigma }, 100, 100)
    expect(h.algorithm).not.toBe('dense')
    expect(h.undefinedRows).toEqual([])
    // Cell (r, c) is the mean over |R| x |C| weights; each query's weights sum to 1, so sum_c cell * |C| = 1 per row.
    for (let r = 0; r < 100; r++) {
      let total = 0
      for (let c = 0; c < 100; c++) total += h.values[r * 100 + c]! * 1000
      expect(Math.abs(total - 1)).toBeLessThan(1e-9)
    }
  })
})
