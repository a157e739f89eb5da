import { InputError } from '../../errors'
import { kernelInfo, type KernelId } from '../kernels'
import { validateProblem } from '../problem'
import type { NwPrediction, NwProblem, NwWeights } from '../types'

/**
 * Dense Nadaraya-Watson: every query against every key, O(n m) time and
 * O(n) scratch. This is the reference every fast path is tested against, and
 * the path that produces the full attention-weight matrix.
 */

/**
 * Writes the unnormalised kernel weights of query `q` into `row` (length n)
 * and returns their sum. Key `exclude` (leave-one-out) gets weight 0.
 *
 * The Gaussian is computed in log space with the largest logit subtracted
 * (a softmax), so that a tiny sigma, where every exp(-u^2/2) underflows to 0,
 * still gives the nearest key weight 1 instead of 0/0.
 */
export function fillKernelRow(
  q: number,
  keys: Float64Array,
  kernel: KernelId,
  sigma: number,
  row: Float64Array,
  exclude = -1,
): number {
  const n = keys.length
  let sum = 0
  if (kernel === 'gaussian') {
    let minSq = Infinity
    for (let j = 0; j < n; j++) {
      if (j === exclude) continue
      const u = (q - keys[j]!) / sigma
      const sq = u * u
      row[j] = sq
      if (sq < minSq) minSq = sq
    }
    for (let j = 0; j < n; j++) {
      if (j === exclude) {
        row[j] = 0
        continue
      }
      const w = Math.exp(-0.5 * (row[j]! - minSq))
      row[j] = w
      sum += w
    }
    return sum
  }
  const profile = kernelInfo(kernel).profile
  for (let j = 0; j < n; j++) {
    const w = j === exclude ? 0 : profile((q - keys[j]!) / sigma)
    row[j] = w
    sum += w
  }
  return sum
}

function weightedMean(row: Float64Array, values: Float64Array, sum: number): number {
  let acc = 0
  for (let j = 0; j < values.length; j++) acc += row[j]! * values[j]!
  return acc / sum
}

/** Predictions at every query. */
export function nwPredictDense(p: NwProblem): NwPrediction {
  validateProblem(p)
  const { keys, values, queries, kernel, sigma } = p
  const row = new Float64Array(keys.length)
  const yHat = new Float64Array(queries.length)
  const undefinedQueries: number[] = []
  for (let i = 0; i < queries.length; i++) {
    const sum = fillKernelRow(queries[i]!, keys, kernel, sigma, row)
    if (sum > 0) {
      yHat[i] = weightedMean(row, values, sum)
    } else {
      yHat[i] = NaN
      undefinedQueries.push(i)
    }
  }
  return { yHat, undefinedQueries, algorithm: 'dense', errorBound: 0 }
}

/** Largest weight matrix we build in memory (entries): 2^27 doubles = 1 GiB. */
export const MAX_DENSE_WEIGHTS = 2 ** 27

/** Predictions and the full attention-weight matrix. */
export function nwWeightsDense(p: NwProblem): NwWeights {
  validateProblem(p)
  const { keys, values, queries, kernel, sigma } = p
  const n = keys.length
  const m = queries.length
  if (n * m > MAX_DENSE_WEIGHTS) {
    throw new InputError(
      `a ${m} x ${n} weight matrix is too large to build (${n * m} entries, at most ${MAX_DENSE_WEIGHTS}); ask for a block-averaged heatmap instead`,
    )
  }
  const weights = new Float64Array(n * m)
  const yHat = new Float64Array(m)
  const undefinedQueries: number[] = []
  for (let i = 0; i < m; i++) {
    const row = weights.subarray(i * n, (i + 1) * n)
    const sum = fillKernelRow(queries[i]!, keys, kernel, sigma, row)
    if (sum > 0) {
      yHat[i] = weightedMean(row, values, sum)
      for (let j = 0; j < n; j++) row[j] = row[j]! / sum
    } else {
      yHat[i] = NaN
      undefinedQueries.push(i)
    }
  }
  return { yHat, undefinedQueries, algorithm: 'dense', errorBound: 0, weights, rows: m, cols: n }
}

/**
 * Leave-one-out predictions at the training inputs: the estimate at x_i uses
 * every training pair except the i-th (by index, so duplicates of x_i stay).
 */
export function nwLooPredictDense(
  keys: Float64Array,
  values: Float64Array,
  kernel: KernelId,
  sigma: number,
): NwPrediction {
  validateProblem({ keys, values, queries: keys, kernel, sigma })
  const n = keys.length
  const row = new Float64Array(n)
  const yHat = new Float64Array(n)
  const undefinedQueries: number[] = []
  for (let i = 0; i < n; i++) {
    const sum = fillKernelRow(keys[i]!, keys, kernel, sigma, row, i)
    if (sum > 0) {
      yHat[i] = weightedMean(row, values, sum)
    } else {
      yHat[i] = NaN
      undefinedQueries.push(i)
    }
  }
  return { yHat, undefinedQueries, algorithm: 'dense', errorBound: 0 }
}
