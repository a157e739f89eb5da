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

export function runPlan(plan: NwPlan, prepared: PreparedKeys, queries: PreparedQueries, leaveOneOut: boolean): NwPrediction {
  const m = queries.queries.length
  const yHat = new Float64Array(m)
  const errorBound = m > 0 ? runRange(plan, prepared, queries, leaveOneOut, 0, m, { yHat }, prepareSharedWork(plan, prepared)) : 0
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
): NwPrediction {
  const prepared = prepareKeys(keys, values)
  const sorted = prepareQueries(queries)
  return runPlan(makePlan(prepared, sorted.queries, kernel, sigma, options), prepared, sorted, false)
}

export function fastLooPredict(prepared: PreparedKeys, kernel: KernelId, sigma: number, options: PlanOptions = {}): NwPrediction {
  return new LooPredictor(prepared, kernel, options, false).predict(sigma)
}
