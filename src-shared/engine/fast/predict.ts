import type { KernelId } from '../kernels'
import type { ChunkProgress, NwPrediction } from '../types'
import { LooPredictor } from './looPredictor'
import { makePlan, type PlanOptions } from './plan'
import { prepareKeys, prepareQueries, type PreparedKeys, type PreparedQueries } from './prepared'
import { runPlan, runPlanSteps } from './runPlan'

/**
 * Whole-problem entry points of the fast paths: sort, plan, run every query.
 * Callers (estimate.ts) validate the problem first.
 */

export function fastPredict(
  keys: Float64Array,
  values: Float64Array,
  queries: Float64Array,
  kernel: KernelId,
  sigma: number,
  options: PlanOptions = {},
  onProgress?: ChunkProgress,
): NwPrediction {
  return fastPredictPrepared(prepareKeys(keys, values), prepareQueries(queries), kernel, sigma, options, onProgress)
}

/** The same estimates from keys and queries sorted beforehand (sorting does not depend on the kernel or sigma). */
export function fastPredictPrepared(
  prepared: PreparedKeys,
  sorted: PreparedQueries,
  kernel: KernelId,
  sigma: number,
  options: PlanOptions = {},
  onProgress?: ChunkProgress,
): NwPrediction {
  return runPlan(makePlan(prepared, sorted.queries, kernel, sigma, options), prepared, sorted, false, onProgress)
}

/** fastPredict's estimates as steps of `chunk` queries (runPlanSteps): the same numbers, with places to stop between. */
export function fastPredictSteps(
  keys: Float64Array,
  values: Float64Array,
  queries: Float64Array,
  kernel: KernelId,
  sigma: number,
  chunk: number,
): Generator<number, NwPrediction> {
  const prepared = prepareKeys(keys, values)
  const sorted = prepareQueries(queries)
  return runPlanSteps(makePlan(prepared, sorted.queries, kernel, sigma, {}), prepared, sorted, false, chunk)
}

export function fastLooPredict(prepared: PreparedKeys, kernel: KernelId, sigma: number, options: PlanOptions = {}): NwPrediction {
  return new LooPredictor(prepared, kernel, options, false).predict(sigma)
}
