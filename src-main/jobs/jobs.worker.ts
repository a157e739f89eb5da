// Worker-thread entry: it only wires the job handlers to the pool protocol.
import { WORKBENCH_JOB_HANDLERS } from './jobHandlers'
import type { WorkbenchJobs } from './jobKinds'
import { serveJobs } from './workerHarness'

serveJobs<WorkbenchJobs>(WORKBENCH_JOB_HANDLERS)
