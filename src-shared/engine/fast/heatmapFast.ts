import { blockStarts, edgesOf } from '../common/heatmapBlocks'
import type { CompactKernelId, KernelId } from '../kernels'
import type { Algorithm, Heatmap, NwProblem, RowRange } from '../types'
import { compactHeatmap, type CompactFit, type HeatmapAccumulator } from './heatmapCompact'
import { fgtHeatmap } from './heatmapFgt'
import { WindowHeatmapRows } from './heatmapWindow'
import { defaultTolerance, makePlan } from './plan'
import { prepareKeys, prepareQueries, type PreparedKeys } from './prepared'

/**
 * The block-averaged attention heatmap without the n x m weight matrix:
 * compact kernels by window pieces and prefix moments, the Gaussian by its
 * truncated windows or by a double expansion, the constant kernel in closed
 * form (every weight is 1/n). Same cells, edges and undefined rows as
 * `nwHeatmapDense`; `errorBound` bounds |cell - exact cell| (0 up to rounding
 * for the exact paths).
 *
 * Row weights sum to 1. A fast path trusts its sums only while their rounding
 * bound stays within HEATMAP_RELATIVE_TOLERANCE of a query's total weight,
 * per check: a compact query checks its pieces and, apart, the whole-block
 * cells of its group, so its share of a row may carry up to about three
 * times the tolerance. `errorBound` reports the bound reached, not the
 * tolerance.
 */
export const HEATMAP_RELATIVE_TOLERANCE = 1e-12

export function nwHeatmapFast(p: NwProblem, rows: number, cols: number, algorithm?: Algorithm): Heatmap {
  return nwHeatmapPrepared(prepareKeys(p.keys, p.values), prepareQueries(p.queries).queries, p.kernel, p.sigma, rows, cols, algorithm)
}

/**
 * The same heatmap from keys and queries sorted beforehand (sorting does not
 * depend on the kernel or sigma); with `range`, only those rows (RowRange).
 * Every path accumulates a row from its own queries only, in order, against
 * a plan made from all the queries, so a row computed in a range has the
 * same bits as in the whole. With `fit` (a compact kernel only), the
 * estimates at those rows' queries too (nwFitAndHeatmapPrepared).
 */
export function nwHeatmapPrepared(
  prepared: PreparedKeys,
  queries: Float64Array,
  kernel: KernelId,
  sigma: number,
  rows: number,
  cols: number,
  algorithm?: Algorithm,
  range: RowRange = { from: 0, to: rows },
  fit?: CompactFit,
): Heatmap {
  const n = prepared.keys.length
  const p = { kernel, sigma }
  const acc: HeatmapAccumulator = {
    sums: new Float64Array(rows * cols),
    rows,
    cols,
    rowStarts: blockStarts(queries.length, rows),
    colStarts: blockStarts(n, cols),
    undefinedRows: new Set(),
    rowError: new Float64Array(rows),
  }
  // The tolerance here is on the weights (rows sum to 1), not on estimates: plan with a value scale of 1.
  const plan = makePlan({ ...prepared, scale: 1, range: 1 }, queries, p.kernel, p.sigma, {
    tolerance: HEATMAP_RELATIVE_TOLERANCE,
    ...(algorithm ? { algorithm } : {}),
  })
  if (range.to > range.from) {
    const part = rowsOf(acc, range)
    const partQueries = queries.subarray(acc.rowStarts[range.from]!, acc.rowStarts[range.to]!)
    switch (plan.algorithm) {
      case 'constant':
        constantHeatmap(part)
        break
      case 'compact':
        compactHeatmap(prepared, partQueries, p.kernel as CompactKernelId, p.sigma, HEATMAP_RELATIVE_TOLERANCE, part, fit)
        break
      case 'fgt':
        fgtHeatmap(prepared, partQueries, plan.fgt!, plan.t2, HEATMAP_RELATIVE_TOLERANCE, part)
        break
      default: {
        const windows = new WindowHeatmapRows(prepared, p.sigma, plan.t2, part)
        let row = 0
        for (let i = 0; i < partQueries.length; i++) {
          while (part.rowStarts[row + 1]! <= i) row++
          windows.add(partQueries[i]!, row)
        }
      }
    }
    for (const r of part.undefinedRows) acc.undefinedRows.add(r + range.from)
  }
  return finish(acc, queries, prepared.keys, plan.algorithm)
}

/** A compact kernel's heatmap rows and the estimates at their queries, made in one pass (nwFitAndHeatmapPrepared). */
export interface FitAndHeatmap {
  heatmap: Heatmap
  /** The estimates at sorted queries [from, to) (the rows' queries), in that order: fastPredict's, bit for bit. */
  estimates: Float64Array
  from: number
  to: number
  /** The largest error bound of an estimate (NwPrediction.errorBound). */
  errorBound: number
}

/**
 * A compact kernel's heatmap rows (as nwHeatmapPrepared) and, from the same
 * pass over each query's window, the estimates at those rows' queries, each
 * the one fastPredict makes at the default tolerance: a frame that shows
 * both costs about 40% less than the two apart (compactHeatmap's `fit`).
 */
export function nwFitAndHeatmapPrepared(
  prepared: PreparedKeys,
  queries: Float64Array,
  kernel: CompactKernelId,
  sigma: number,
  rows: number,
  cols: number,
  range: RowRange = { from: 0, to: rows },
): FitAndHeatmap {
  const starts = blockStarts(queries.length, rows)
  const from = starts[range.from]!
  const to = starts[range.to]!
  const fit: CompactFit = { tolerance: defaultTolerance(prepared), estimates: new Float64Array(to - from), worst: 0 }
  const heatmap = nwHeatmapPrepared(prepared, queries, kernel, sigma, rows, cols, undefined, range, fit)
  return { heatmap, estimates: fit.estimates, from, to, errorBound: fit.worst }
}

/** An accumulator for some rows only, writing into the whole one's sums and row errors (views, not copies). */
function rowsOf(acc: HeatmapAccumulator, range: RowRange): HeatmapAccumulator {
  if (range.from === 0 && range.to === acc.rows) return acc
  const first = acc.rowStarts[range.from]!
  return {
    sums: acc.sums.subarray(range.from * acc.cols, range.to * acc.cols),
    rows: range.to - range.from,
    cols: acc.cols,
    rowStarts: acc.rowStarts.slice(range.from, range.to + 1).map((start) => start - first),
    colStarts: acc.colStarts,
    undefinedRows: new Set(),
    rowError: acc.rowError.subarray(range.from, range.to),
  }
}

function constantHeatmap(acc: HeatmapAccumulator): void {
  const { rows, cols, rowStarts, colStarts, sums } = acc
  const n = colStarts[cols]!
  for (let r = 0; r < rows; r++) {
    const count = rowStarts[r + 1]! - rowStarts[r]!
    for (let c = 0; c < cols; c++) sums[r * cols + c] = (count * (colStarts[c + 1]! - colStarts[c]!)) / n
  }
}

/** Divides the sums by the block sizes and fills in the rest of the Heatmap. */
function finish(acc: HeatmapAccumulator, queries: Float64Array, keys: Float64Array, algorithm: Algorithm): Heatmap {
  const { rows, cols, rowStarts, colStarts, sums, rowError } = acc
  let smallestBlock = Infinity
  for (let c = 0; c < cols; c++) smallestBlock = Math.min(smallestBlock, colStarts[c + 1]! - colStarts[c]!)
  let max = 0
  let errorBound = 0
  for (let r = 0; r < rows; r++) {
    const rowCount = rowStarts[r + 1]! - rowStarts[r]!
    for (let c = 0; c < cols; c++) {
      const k = r * cols + c
      sums[k] = sums[k]! / (rowCount * (colStarts[c + 1]! - colStarts[c]!))
      if (sums[k]! > max) max = sums[k]!
    }
    // All of a row's error could sit in its smallest cell.
    errorBound = Math.max(errorBound, rowError[r]! / (rowCount * smallestBlock))
  }
  return {
    rows,
    cols,
    values: sums,
    max,
    rowEdges: edgesOf(queries, rowStarts),
    colEdges: edgesOf(keys, colStarts),
    undefinedRows: [...acc.undefinedRows].sort((a, b) => a - b),
    algorithm,
    errorBound,
  }
}
