import { requirePositive } from '../errors'
import { fillKernelRow, nwLooPredictDense, nwPredictDense, nwWeightsDense } from './dense/nonparametric'
import { LooPredictor } from './fast/looPredictor'
import { fastLooPredict, fastPredict, fastPredictSteps } from './fast/predict'
import { prepareKeys } from './fast/prepared'
import { lastStep } from './fast/runPlan'
import type { KernelId } from './kernels'
import { validateKernel, validateProblem, validateTrainingPairs } from './problem'
import { takesDensePath } from './route'
import type { NwOptions, NwPrediction, NwProblem, NwWeights } from './types'

/**
 * The estimators the rest of the app calls. Which code answers (the dense
 * reference or a fast path) is decided here and in route.ts, never by a
 * caller: above DENSE_MAX_PAIRS query-key pairs fast/plan.ts picks windows
 * and moments for compact kernels (exact up to rounding), a truncated window
 * or the fast Gauss transform for the Gaussian (within `tolerance`, by
 * default 1e-12 times the spread of the values), a mean for the constant
 * kernel. Every result names its algorithm and bounds its error.
 */

export function nwPredict(p: NwProblem, options: NwOptions = {}): NwPrediction {
  validateProblem(p)
  if (takesDensePath(p.keys.length * p.queries.length, options.algorithm)) {
    const dense = nwPredictDense(p)
    // Dense problems are small: one report at the end is enough.
    options.onProgress?.(p.queries.length, p.queries.length)
    return dense
  }
  const { onProgress, ...planOptions } = options
  return fastPredict(p.keys, p.values, p.queries, p.kernel, p.sigma, planOptions, onProgress)
}

/**
 * nwPredict's estimates (default options) as steps of about `chunk` queries,
 * a generator yielding how many are done: a caller that must stay responsive
 * (a preview worker's background work, paused while a frame computes) stops
 * between two. The steps change nothing in the result.
 */
export function nwPredictSteps(p: NwProblem, chunk: number): Generator<number, NwPrediction> {
  validateProblem(p)
  if (takesDensePath(p.keys.length * p.queries.length)) return oneStep(nwPredictDense(p))
  return fastPredictSteps(p.keys, p.values, p.queries, p.kernel, p.sigma, chunk)
}

// eslint-disable-next-line require-yield
function* oneStep<T>(value: T): Generator<number, T> {
  return value
}

/** Predictions and the full attention-weight matrix (at most MAX_DENSE_WEIGHTS entries: ask for a heatmap beyond). */
export function nwWeights(p: NwProblem): NwWeights {
  return nwWeightsDense(p)
}

/** Leave-one-out predictions at the training inputs. */
export function nwLooPredict(
  keys: Float64Array,
  values: Float64Array,
  kernel: KernelId,
  sigma: number,
  options: NwOptions = {},
): NwPrediction {
  validateProblem({ keys, values, queries: keys, kernel, sigma })
  if (takesDensePath(keys.length * keys.length, options.algorithm)) return nwLooPredictDense(keys, values, kernel, sigma)
  return fastLooPredict(prepareKeys(keys, values), kernel, sigma, options)
}

/**
 * Leave-one-out predictions at many bandwidths for the same data (a
 * bandwidth search): the keys are checked and sorted once. Each call gives
 * exactly what nwLooPredict gives for that sigma and tolerance (the
 * options' unless given).
 */
export function nwLooPredictor(
  keys: Float64Array,
  values: Float64Array,
  kernel: KernelId,
  options: NwOptions = {},
): (sigma: number, tolerance?: number) => NwPrediction {
  const steps = nwLooPredictorSteps(keys, values, kernel, options, Infinity)
  return (sigma, tolerance) => lastStep(steps(sigma, tolerance))
}

/**
 * The same predictions, each as steps of about `chunk` keys (a generator
 * yielding how many are done): a caller that must stay responsive stops
 * between two. The steps change nothing in the result.
 */
export function nwLooPredictorSteps(
  keys: Float64Array,
  values: Float64Array,
  kernel: KernelId,
  options: NwOptions,
  chunk: number,
): (sigma: number, tolerance?: number) => Generator<number, NwPrediction> {
  validateTrainingPairs(keys, values)
  validateKernel(kernel)
  if (takesDensePath(keys.length * keys.length, options.algorithm)) {
    // Small enough to take one step.
    // eslint-disable-next-line require-yield
    return function* (sigma) {
      requirePositive(sigma, 'sigma')
      return nwLooPredictDense(keys, values, kernel, sigma)
    }
  }
  const predictor = new LooPredictor(prepareKeys(keys, values), kernel, options)
  return function* (sigma, tolerance = options.tolerance) {
    requirePositive(sigma, 'sigma')
    return yield* predictor.steps(sigma, tolerance, chunk)
  }
}

/**
 * One query's unnormalised kernel weights over every key, written into
 * `out` (length n); returns their sum, 0 when no key is in reach. Divided by
 * the sum they are the query's attention weights (a probe, a hover).
 */
export function attentionRow(query: number, keys: Float64Array, kernel: KernelId, sigma: number, out: Float64Array): number {
  return fillKernelRow(query, keys, kernel, sigma, out)
}

/** Average pooling, the chapter's baseline: every query gets the mean of all values. */
export function averagePooling(values: Float64Array, queryCount: number): Float64Array {
  let sum = 0
  for (let j = 0; j < values.length; j++) sum += values[j]!
  return new Float64Array(queryCount).fill(sum / values.length)
}
