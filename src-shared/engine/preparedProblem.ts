import { requireFiniteArray, requirePositive } from '../errors'
import { nwHeatmapDense } from './dense/heatmap'
import { nwPredictDense } from './dense/nonparametric'
import { nwFitAndHeatmapPrepared, nwHeatmapPrepared, type FitAndHeatmap } from './fast/heatmapFast'
import { fastPredictPrepared } from './fast/predict'
import { undefinedIndices } from './fast/runPlan'
import { prepareKeys, prepareQueries, type PreparedKeys, type PreparedQueries } from './fast/prepared'
import { isCompactKernel, type KernelId } from './kernels'
import { validateKernel, validateTrainingPairs } from './problem'
import { takesDensePath } from './route'
import type { Heatmap, NwPrediction, RowRange } from './types'

/**
 * One data set's keys and queries, checked and sorted once, then estimated at
 * many kernels and bandwidths (the live preview: a drag or a kernel switch
 * changes neither the keys nor the queries). `predict` and `heatmap` return
 * exactly what nwPredict and nwHeatmap return for the same arrays, bit for
 * bit: the fast paths sort before they plan, and sorting depends on the data
 * only. The arrays must not change afterwards (a new data set gets a new
 * PreparedProblem).
 */
export interface PreparedProblem {
  readonly keys: Float64Array
  readonly values: Float64Array
  readonly queries: Float64Array
  predict(kernel: KernelId, sigma: number): NwPrediction
  /**
   * With `share` = [a, b] (0 <= a <= b <= 1), only the rows from round(a R)
   * to round(b R) of the R rows (RowRange): two calls with shares that meet
   * make the whole heatmap between them, row for row.
   */
  heatmap(kernel: KernelId, sigma: number, rows: number, cols: number, share?: readonly [number, number]): Heatmap
  /**
   * For a compact kernel on the fast path: `heatmap`'s rows and, from the
   * same pass, `predict`'s estimates at those rows' queries (in ascending
   * order of the queries; `order` maps that order to the queries' own).
   * Null for other kernels and for data small enough for the dense path:
   * call the two apart.
   */
  fitAndHeatmap(kernel: KernelId, sigma: number, rows: number, cols: number, share?: readonly [number, number]): FittedRows | null
}

/** PreparedProblem.fitAndHeatmap's answer. */
export type FittedRows = FitAndHeatmap & {
  /** The queries' own index of each sorted query (all of them). */
  order: Uint32Array
}

/** fitAndHeatmap over every row as `predict` returns it, bit for bit: the estimates back in the queries' own order. */
export function predictionOf(rows: FittedRows): NwPrediction {
  const yHat = new Float64Array(rows.estimates.length)
  if (rows.from !== 0 || rows.to !== rows.order.length) throw new RangeError('a prediction needs the estimates at every query')
  for (let k = 0; k < yHat.length; k++) yHat[rows.order[k]!] = rows.estimates[k]!
  return { yHat, undefinedQueries: undefinedIndices(yHat), algorithm: 'compact', errorBound: rows.errorBound }
}

export function prepareProblem(keys: Float64Array, values: Float64Array, queries: Float64Array): PreparedProblem {
  validateTrainingPairs(keys, values)
  requireFiniteArray(queries, 'queries')
  const dense = takesDensePath(keys.length * queries.length)
  // Sorted on first use by a fast path (the dense code needs no sorting).
  let sortedKeys: PreparedKeys | null = null
  let sortedQueries: PreparedQueries | null = null
  const sorted = () => {
    sortedKeys ??= prepareKeys(keys, values)
    sortedQueries ??= prepareQueries(queries)
    return { k: sortedKeys, q: sortedQueries }
  }
  // No more rows than queries, no more columns than keys.
  const grid = (rows: number, cols: number) => [Math.max(1, Math.min(rows, queries.length)), Math.max(1, Math.min(cols, keys.length))] as const
  const check = (kernel: KernelId, sigma: number) => {
    validateKernel(kernel)
    requirePositive(sigma, 'sigma')
  }
  return {
    keys,
    values,
    queries,
    predict(kernel, sigma) {
      check(kernel, sigma)
      if (dense) return nwPredictDense({ keys, values, queries, kernel, sigma })
      const { k, q } = sorted()
      return fastPredictPrepared(k, q, kernel, sigma)
    },
    heatmap(kernel, sigma, rows, cols, share) {
      check(kernel, sigma)
      ;[rows, cols] = grid(rows, cols)
      const range = share ? rowRange(share, rows) : undefined
      if (dense) return nwHeatmapDense({ keys, values, queries, kernel, sigma }, rows, cols, range)
      const { k, q } = sorted()
      return nwHeatmapPrepared(k, q.queries, kernel, sigma, rows, cols, undefined, range)
    },
    fitAndHeatmap(kernel, sigma, rows, cols, share) {
      check(kernel, sigma)
      if (dense || !isCompactKernel(kernel)) return null
      ;[rows, cols] = grid(rows, cols)
      const { k, q } = sorted()
      return { ...nwFitAndHeatmapPrepared(k, q.queries, kernel, sigma, rows, cols, share ? rowRange(share, rows) : undefined), order: q.order }
    },
  }
}

function rowRange([a, b]: readonly [number, number], rows: number): RowRange {
  if (!(a >= 0 && a <= b && b <= 1)) throw new RangeError(`a heatmap share is two fractions 0 <= a <= b <= 1 (got ${a}, ${b})`)
  return { from: Math.round(a * rows), to: Math.round(b * rows) }
}
