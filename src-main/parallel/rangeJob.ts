import { predictRange, type RangeWork } from '../../src-shared/engine/parallel'
import { vectorPredictRange, type VectorWork } from '../../src-shared/engine/vector'
import type { JobSpec } from '../jobs/jobTable'
import type { ReadJobs } from './readJob'

/**
 * One thread's share of a prediction: a range of the sorted queries, run
 * with the plan the main thread made for the whole problem. The arrays sit
 * in SharedArrayBuffers, so nothing is copied per thread, and each thread
 * writes only the estimates of its own queries.
 */
export interface RangeJob {
  work: RangeWork
  /** Output: estimates by original query index (over a SharedArrayBuffer). */
  yHat: Float64Array
  from: number
  to: number
}

export interface RangeResult {
  /** Largest error bound among the range's estimates. */
  errorBound: number
}

/** The same for vector inputs: a range of the queries (unsorted), the plan made for all of them. */
export interface VectorRangeJob {
  work: VectorWork
  yHat: Float64Array
  from: number
  to: number
}

export type PredictJobs = ReadJobs & {
  range: JobSpec<RangeJob, RangeResult>
  vectorRange: JobSpec<VectorRangeJob, RangeResult>
}

export function runRangeJob(job: RangeJob): RangeResult {
  return { errorBound: predictRange(job.work, job.from, job.to, job.yHat) }
}

export function runVectorRangeJob(job: VectorRangeJob): RangeResult {
  return { errorBound: vectorPredictRange(job.work, job.from, job.to, job.yHat) }
}
