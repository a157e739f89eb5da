import type { NwPlan } from '../../src-shared/engine/fast/plan'
import type { PreparedKeys, PreparedQueries } from '../../src-shared/engine/fast/prepared'
import { runRange } from '../../src-shared/engine/fast/run'

/**
 * One thread's share of a prediction: a range of the sorted queries, run
 * with the plan the main thread made for the whole problem. The arrays sit
 * in SharedArrayBuffers, so nothing is copied per thread, and each thread
 * writes only the estimates of its own queries.
 */
export interface RangeJob {
  plan: NwPlan
  /** PreparedKeys' scalars; its arrays are the buffers below. */
  shift: number
  scale: number
  range: number
  keys: SharedArrayBuffer
  values: SharedArrayBuffer
  queries: SharedArrayBuffer
  queryOrder: SharedArrayBuffer
  /** Output: estimates by original query index. */
  yHat: SharedArrayBuffer
  from: number
  to: number
}

export interface RangeResult {
  /** Largest error bound among the range's estimates. */
  errorBound: number
}

export function runRangeJob(job: RangeJob): RangeResult {
  const keys = new Float64Array(job.keys)
  const prepared: PreparedKeys = {
    keys,
    values: new Float64Array(job.values),
    // Only leave-one-out runs map sorted keys back to their original index; a prediction never does.
    order: new Uint32Array(0),
    shift: job.shift,
    scale: job.scale,
    range: job.range,
  }
  const queries: PreparedQueries = { queries: new Float64Array(job.queries), order: new Uint32Array(job.queryOrder) }
  const errorBound = runRange(job.plan, prepared, queries, false, job.from, job.to, { yHat: new Float64Array(job.yHat) })
  return { errorBound }
}
