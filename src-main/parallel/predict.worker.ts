// Worker-thread entry for parallelPredict: it only wires runRangeJob to the pool protocol.
import { serveJobs } from '../jobs/workerHarness'
import { runRangeJob, type RangeJob, type RangeResult } from './rangeJob'

serveJobs<RangeJob, RangeResult, never, never>(runRangeJob)
