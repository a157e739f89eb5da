import { requireFiniteArray, requirePositive } from '../errors'
import { nwHeatmapDense } from './dense/heatmap'
import { nwPredictDense } from './dense/nonparametric'
import { nwHeatmapPrepared } from './fast/heatmapFast'
import { fastPredictPrepared } from './fast/predict'
import { prepareKeys, prepareQueries, type PreparedKeys, type PreparedQueries } from './fast/prepared'
import type { KernelId } from './kernels'
import { validateKernel, validateTrainingPairs } from './problem'
import { takesDensePath } from './route'
import type { Heatmap, NwPrediction } from './types'

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
  heatmap(kernel: KernelId, sigma: number, rows: number, cols: number): Heatmap
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
    heatmap(kernel, sigma, rows, cols) {
      check(kernel, sigma)
      if (dense) return nwHeatmapDense({ keys, values, queries, kernel, sigma }, rows, cols)
      const { k, q } = sorted()
      // No more rows than queries, no more columns than keys.
      return nwHeatmapPrepared(k, q.queries, kernel, sigma, Math.max(1, Math.min(rows, queries.length)), Math.max(1, Math.min(cols, keys.length)))
    },
  }
}
