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
