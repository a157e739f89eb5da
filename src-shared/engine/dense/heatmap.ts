import { blockStarts, edgesOf, sortedCopy } from '../common/heatmapBlocks'
import { validateProblem } from '../problem'
import type { Heatmap, NwProblem, RowRange } from '../types'
import { fillKernelRow } from './nonparametric'

/**
 * Dense reference heatmap: one kernel row per query, O(n m). The fast paths
 * in `fast/heatmapFast.ts` must agree with it.
 */
export function nwHeatmapDense(p: NwProblem, rows: number, cols: number, range?: RowRange): Heatmap {
  validateProblem(p)
  const m = p.queries.length
  const n = p.keys.length
  rows = Math.max(1, Math.min(rows, m))
  cols = Math.max(1, Math.min(cols, n))
  const keys = sortedCopy(p.keys)
  const values = new Float64Array(n)
  for (let j = 0; j < n; j++) values[j] = p.values[keys.order[j]!]!
  const queries = sortedCopy(p.queries).sorted
  const rowStarts = blockStarts(m, rows)
  const colStarts = blockStarts(n, cols)
  const out = new Float64Array(rows * cols)
  const undefinedRows: number[] = []
  const row = new Float64Array(n)
  for (let r = range?.from ?? 0; r < (range?.to ?? rows); r++) {
    let undefinedRow = false
    for (let i = rowStarts[r]!; i < rowStarts[r + 1]!; i++) {
      const sum = fillKernelRow(queries[i]!, keys.sorted, p.kernel, p.sigma, row)
      if (!(sum > 0)) {
        undefinedRow = true
        continue
      }
      for (let c = 0; c < cols; c++) {
        let acc = 0
        for (let j = colStarts[c]!; j < colStarts[c + 1]!; j++) acc += row[j]!
        out[r * cols + c] = out[r * cols + c]! + acc / sum
      }
    }
    if (undefinedRow) undefinedRows.push(r)
    const rowCount = rowStarts[r + 1]! - rowStarts[r]!
    for (let c = 0; c < cols; c++) {
      out[r * cols + c] = out[r * cols + c]! / (rowCount * (colStarts[c + 1]! - colStarts[c]!))
    }
  }
  let max = 0
  for (let k = 0; k < out.length; k++) if (out[k]! > max) max = out[k]!
  return {
    rows,
    cols,
    values: out,
    max,
    rowEdges: edgesOf(queries, rowStarts),
    colEdges: edgesOf(keys.sorted, colStarts),
    undefinedRows,
    algorithm: 'dense',
    errorBound: 0,
  }
}
