// Worker-thread entry for parallelPredict: it only wires runRangeJob (and fit's file reading and JSON formatting, readJob.ts) to the pool protocol.
import { serveJobs } from '../jobs/workerHarness'
import { runRangeJob, runVectorRangeJob, type PredictJobs } from './rangeJob'
import { runFormatJob, runReadJob } from './readJob'

serveJobs<PredictJobs>({ range: runRangeJob, vectorRange: runVectorRangeJob, read: runReadJob, formatJson: runFormatJob })
