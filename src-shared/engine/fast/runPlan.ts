import type { ChunkProgress, NwPrediction } from '../types'
import type { NwPlan } from './plan'
import type { PreparedKeys, PreparedQueries } from './prepared'
import { prepareSharedWork, runRange } from './run'

/** Queries per progress report: about fifty reports for a long run, none smaller than this. */
const MIN_CHUNK = 20_000

/**
 * Runs a plan over every query, chunk by chunk (so that progress can be
 * reported and a cancel take effect between chunks), and reports the
 * plan's algorithm with the largest error bound.
 */
export function runPlan(plan: NwPlan, prepared: PreparedKeys, queries: PreparedQueries, leaveOneOut: boolean, onProgress?: ChunkProgress): NwPrediction {
  const m = queries.queries.length
  const steps = runPlanSteps(plan, prepared, queries, leaveOneOut, onProgress ? Math.max(MIN_CHUNK, Math.ceil(m / 50)) : m)
  for (;;) {
    const step = steps.next()
    if (step.done) {
      if (m > 0) onProgress?.(m, m)
      return step.value
    }
    onProgress?.(step.value, m)
  }
}

/**
 * The same, as steps of `chunk` queries: each step yields how many queries
 * are done, and the last returns the prediction. A caller that must stay
 * responsive (a preview worker asked to pause) can stop between two steps.
 */
export function* runPlanSteps(plan: NwPlan, prepared: PreparedKeys, queries: PreparedQueries, leaveOneOut: boolean, chunk: number): Generator<number, NwPrediction> {
  const m = queries.queries.length
  const yHat = new Float64Array(m)
  const shared = prepareSharedWork(plan, prepared)
  let errorBound = 0
  for (let from = 0; from < m; from += chunk) {
    const to = Math.min(m, from + chunk)
    errorBound = Math.max(errorBound, runRange(plan, prepared, queries, leaveOneOut, from, to, { yHat }, shared))
    if (to < m) yield to
  }
  return { yHat, undefinedQueries: undefinedIndices(yHat), algorithm: plan.algorithm, errorBound }
}

/** Runs steps to the end. */
export function lastStep<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/** Indices whose estimate is NaN, ascending (the order the dense code reports them in). */
export function undefinedIndices(yHat: Float64Array): number[] {
  const out: number[] = []
  for (let i = 0; i < yHat.length; i++) if (yHat[i] !== yHat[i]) out.push(i)
  return out
}
