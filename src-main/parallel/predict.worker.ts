// Worker-thread entry for parallelPredict: it only wires runRangeJob to the pool protocol.
import { serveJobs } from '../jobs/workerHarness'
import { runRangeJob, type PredictJobs } from './rangeJob'

serveJobs<PredictJobs>({ range: runRangeJob })
