import { readFeatures, type FeatureTable } from '../cli/vectorInputs'
import type { JobSpec } from '../jobs/jobTable'

/**
 * A data file read on a worker thread, so that `fit` reads its query file
 * while the main thread reads the training file (parsing is CPU work: two
 * files on two threads take the time of one). The columns come back moved,
 * not copied.
 */
export interface ReadJob {
  cwd: string
  path: string
  features: string[]
  required: string[]
  optional: string[]
}

export type ReadJobs = {
  read: JobSpec<ReadJob, FeatureTable>
}

export function runReadJob(job: ReadJob): Promise<FeatureTable> {
  return readFeatures(job.cwd, job.path, job.features, job.required, job.optional)
}
