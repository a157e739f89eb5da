import type { KernelId } from '../kernels'
import type { NwPrediction } from '../nonparametric'
import { makePlan, type NwPlan, type PlanOptions } from './plan'
import { LooPredictor } from './looPredictor'
import { prepareKeys, prepareQueries, type PreparedKeys, type PreparedQueries } from './prepared'
import { prepareSharedWork, runRange } from './run'

/**
 * Whole-problem entry points of the fast paths: sort, plan, run every query,
 * and report the plan's algorithm with the largest error bound. Callers
 * validate the problem first.
 */

/** Reported after each chunk of queries; throwing from it stops the computation (a cancel). */
export type ChunkProgress = (done: number, total: number) => void

/** Queries per progress report: about fifty reports for a long run, none smaller than this. */
const MIN_CHUNK = 20_000

export function runPlan(plan: NwPlan, prepared: PreparedKeys, queries: PreparedQueries, leaveOneOut: boolean, onProgress?: ChunkProgress): NwPrediction {
  const m = queries.queries.length
  const yHat = new Float64Array(m)
  const shared = prepareSharedWork(plan, prepared)
  const chunk = onProgress ? Math.max(MIN_CHUNK, Math.ceil(m / 50)) : m
  let errorBound = 0
  for (let from = 0; from < m; from += chunk) {
    const to = Math.min(m, from + chunk)
    errorBound = Math.max(errorBound, runRange(plan, prepared, queries, leaveOneOut, from, to, { yHat }, shared))
    onProgress?.(to, m)
  }
  return { yHat, undefinedQueries: undefinedIndices(yHat), algorithm: plan.algorithm, errorBound }
}

/** Indices whose estimate is NaN, ascending (the order the dense code reports them in). */
export function undefinedIndices(yHat: Float64Array): number[] {
  const out: number[] = []
  for (let i = 0; i < yHat.length; i++) if (yHat[i] !== yHat[i]) out.push(i)
  return out
}

export function fastPredict(
  keys: Float64Array,
  values: Float64Array,
  queries: Float64Array,
  kernel: KernelId,
  sigma: number,
  options: PlanOptions = {},
  onProgress?: ChunkProgress,
): NwPrediction {
  const prepared = prepareKeys(keys, values)
  const sorted = prepareQueries(queries)
  return runPlan(makePlan(prepared, sorted.queries, kernel, sigma, options), prepared, sorted, false, onProgress)
}

export function fastLooPredict(prepared: PreparedKeys, kernel: KernelId, sigma: number, options: PlanOptions = {}): NwPrediction {
  return new LooPredictor(prepared, kernel, options, false).predict(sigma)
}
