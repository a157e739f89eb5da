import { describe, expect, it } from 'vitest'
import { nwFitAndHeatmapPrepared, nwHeatmapPrepared } from '../../src-shared/engine/fast/heatmapFast'
import { fastPredictPrepared } from '../../src-shared/engine/fast/predict'
import { prepareKeys, prepareQueries } from '../../src-shared/engine/fast/prepared'
import { COMPACT_KERNEL_IDS } from '../../src-shared/engine/kernels'
import { testData, type Layout } from './fastReference'

const LAYOUTS: Layout[] = ['uniform', 'ties', 'clustered', 'duplicates']

/**
 * A frame that shows a compact kernel's fit and heatmap makes both in one
 * pass (compactHeatmap's `fit`). Each must be what the two make apart, bit
 * for bit: "Save as run" stores the estimator's numbers, and a row computed
 * in a range must equal the row in the whole.
 */
describe('a compact kernel’s fit and heatmap in one pass', () => {
  it.each(COMPACT_KERNEL_IDS)('%s: the estimates are fastPredict’s and the rows nwHeatmap’s, bit for bit, in any range of rows', (kernel) => {
    for (const layout of LAYOUTS) {
      const { keys, values, queries } = testData(41, 700, 520, layout, layout === 'ties' ? 1e6 : 0)
      const prepared = prepareKeys(keys, values)
      const sorted = prepareQueries(queries)
      for (const sigma of [1e-4, 0.004, 0.05, 0.3, 4]) {
        const fit = fastPredictPrepared(prepared, sorted, kernel, sigma)
        for (const [rows, cols] of [[520, 140], [13, 29]] as const) {
          const apart = nwHeatmapPrepared(prepared, sorted.queries, kernel, sigma, rows, cols)
          for (const range of [{ from: 0, to: rows }, { from: 0, to: 5 }, { from: 5, to: rows }, { from: 3, to: 3 }]) {
            const both = nwFitAndHeatmapPrepared(prepared, sorted.queries, kernel, sigma, rows, cols, range)
            expect(both.estimates.length).toBe(both.to - both.from)
            let differing = 0
            for (let k = 0; k < both.estimates.length; k++) if (!Object.is(both.estimates[k], fit.yHat[sorted.order[both.from + k]!])) differing++
            expect(differing).toBe(0)
            let cellsDiffering = 0
            for (let k = range.from * cols; k < range.to * cols; k++) if (!Object.is(both.heatmap.values[k], apart.values[k])) cellsDiffering++
            expect(cellsDiffering).toBe(0)
            expect(both.heatmap.undefinedRows).toEqual(apart.undefinedRows.filter((r) => r >= range.from && r < range.to))
            if (range.from === 0 && range.to === rows) expect(both.errorBound).toBe(fit.errorBound)
          }
        }
      }
    }
  })
})
