import { nwHeatmapFast } from './fast/heatmapFast'
import { DENSE_MAX_PAIRS, type Algorithm } from './fast/plan'
import { blockStarts, edgesOf, sortedCopy } from './heatmapBlocks'
import { fillKernelRow } from './nonparametric'
import { validateProblem, type NwProblem } from './problem'

export { blockStarts, edgesOf, sortedCopy } from './heatmapBlocks'

/**
 * The attention-weight heatmap at display resolution: queries and keys are
 * sorted ascending (the chapter's "sorted testing inputs" by "sorted training
 * inputs"), cut into `rows` x `cols` blocks of consecutive points (sizes
 * differing by at most one), and each cell is the exact mean of the weights
 * alpha_ij over its block. With rows = m and cols = n it is the weight matrix.
 */
export interface Heatmap {
  rows: number
  cols: number
  /** Block means, row-major rows x cols. Rows of undefined queries are 0. */
  values: Float64Array
  /** Largest cell, for the colour scale. */
  max: number
  /** Sorted query values where each row block starts, plus the last query (length rows + 1). */
  rowEdges: Float64Array
  /** Sorted key values where each column block starts, plus the last key (length cols + 1). */
  colEdges: Float64Array
  /** Rows that contain a query no key reaches. */
  undefinedRows: number[]
  /** How the cells were computed (nwHeatmap chooses), and a bound on |cell - exact cell| (0: exact up to rounding). */
  algorithm?: Algorithm
  errorBound?: number
}

/**
 * Dense reference: one kernel row per query, O(n m). The fast path in
 * `fast/heatmapFast.ts` must agree with it.
 */
export function nwHeatmapDense(p: NwProblem, rows: number, cols: number): Heatmap {
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
  for (let r = 0; r < rows; r++) {
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
  }
}

/**
 * The heatmap the app shows; the estimator picks the algorithm: the dense
 * reference up to DENSE_MAX_PAIRS query-key pairs, fast/heatmapFast.ts
 * beyond (its cost grows with n + m and the display size, not n x m).
 */
export function nwHeatmap(p: NwProblem, rows: number, cols: number): Heatmap {
  validateProblem(p)
  const m = p.queries.length
  const n = p.keys.length
  if (n * m <= DENSE_MAX_PAIRS) return { ...nwHeatmapDense(p, rows, cols), algorithm: 'dense', errorBound: 0 }
  return nwHeatmapFast(p, Math.max(1, Math.min(rows, m)), Math.max(1, Math.min(cols, n)))
}
