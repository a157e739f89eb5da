// Worker-thread entry: it only wires the job handlers to the pool protocol.
import { handleJob } from './jobHandlers'
import type { JobPartial, JobProgress, JobRequest, JobResult } from './jobTypes'
import { serveJobs } from './workerHarness'

serveJobs<JobRequest, JobResult, JobProgress, JobPartial>(handleJob)
