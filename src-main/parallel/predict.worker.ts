// Worker-thread entry for parallelPredict: it only wires runRangeJob (and runReadJob, fit's query file) to the pool protocol.
import { serveJobs } from '../jobs/workerHarness'
import { runRangeJob, type PredictJobs } from './rangeJob'
import { runReadJob } from './readJob'

serveJobs<PredictJobs>({ range: runRangeJob, read: runReadJob })
