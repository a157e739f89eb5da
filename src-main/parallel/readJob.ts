import { readFeatures, type FeatureTable } from '../cli/vectorInputs'
import { numbersJson } from '../cli/json'
import type { JobSpec } from '../jobs/jobTable'

/**
 * Input and output work of `fit` on its worker threads. A data file read on a worker thread, so that `fit` reads its query file
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

/** Numbers to format as JSON (see numbersJson), on a thread of their own while main formats others. */
export interface FormatJob {
  values: Float64Array
}

export type ReadJobs = {
  read: JobSpec<ReadJob, FeatureTable>
  formatJson: JobSpec<FormatJob, string>
}

export function runFormatJob(job: FormatJob): string {
  return numbersJson(job.values)
}

export function runReadJob(job: ReadJob): Promise<FeatureTable> {
  return readFeatures(job.cwd, job.path, job.features, job.required, job.optional)
}
