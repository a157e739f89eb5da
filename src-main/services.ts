import { availableParallelism, hostname } from 'node:os'
import type { AppInfo } from '../src-shared/api/contract'
import { createDispatcher, type Dispatch } from './api/dispatch'
import { createHandlers } from './api/handlers'
import { createStudyHandlers } from './api/studyHandlers'
import { EventHub } from './events'
import { ExperimentRunner } from './jobs/experimentRunner'
import type { JobPool } from './jobs/jobKinds'
import { StudyRunner } from './jobs/studyRunner'
import { WorkerPool, type WorkerEntry } from './jobs/pool'
import { openDatabase } from './store/database'
import { newRunId } from './store/ids'
import { RunStore } from './store/runStore'
import { workerEntry } from './runtime'
import { APP_VERSION } from './version'

export interface ServicesOptions {
  databasePath: string
  worker?: WorkerEntry
  /** Experiment workers; default cores - 1, at least 1. */
  experimentWorkers?: number
  nativeBinding?: string
  transport: AppInfo['transport']
  /** Grace before a job that ignores a cancel is terminated. */
  cancelGraceMs?: number
  /** How long a run's save may wait for a busy database before the run is failed (default 10 minutes). */
  saveDeadlineMs?: number
}

/** Everything below the transports: the store, the job pools, the runner and the API. */
export interface Services {
  store: RunStore
  runner: ExperimentRunner
  studies: StudyRunner
  events: EventHub
  dispatch: Dispatch
  /** Runs marked interrupted when the store opened. */
  interrupted: string[]
  close(): Promise<void>
}

const OWNER = `${hostname()}:${process.pid}`

/** Whether the process that owns a run is still alive (same host only; elsewhere we cannot tell, so assume it is). */
function ownerAlive(owner: string | null): boolean {
  if (!owner) return false
  const sep = owner.lastIndexOf(':')
  const host = owner.slice(0, sep)
  const pid = Number(owner.slice(sep + 1))
  if (host !== hostname() || !Number.isInteger(pid)) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export function defaultExperimentWorkers(): number {
  return Math.max(1, availableParallelism() - 1)
}

export function createServices(options: ServicesOptions): Services {
  const db = openDatabase(options.databasePath, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  const store = new RunStore(db, APP_VERSION, OWNER)
  const interrupted = store.markInterrupted(Date.now(), ownerAlive)
  store.studies.markInterrupted(Date.now(), ownerAlive)
  // Deleted runs stay a week, so a delete can be undone, then go for good.
  store.purgeDeleted(Date.now() - 7 * 24 * 3600 * 1000)
  // From here on the main thread never waits inside SQLite for another writer: writes retry later (store/busy.ts).
  store.setLockWait(0)
  const events = new EventHub()
  const entry = options.worker ?? workerEntry('jobs')
  const workers = options.experimentWorkers ?? defaultExperimentWorkers()
  const grace = options.cancelGraceMs ?? 2000
  const experiments: JobPool = new WorkerPool({ name: 'nw-experiments', size: workers, entry, cancelGraceMs: grace })
  // Editor and viewer requests (heatmaps, run details, previews, rules of thumb) have a thread of their own, and a
  // leave-one-out search another: a long search never holds up a heatmap, and a training never holds up either.
  const quick: JobPool = new WorkerPool({ name: 'nw-quick', size: 1, entry, cancelGraceMs: grace })
  // Background: a search runs for seconds at 10^5 points, and must not take a core from the live preview.
  const search: JobPool = new WorkerPool({ name: 'nw-search', size: 1, entry, cancelGraceMs: grace, background: true })
  const location = { path: options.databasePath, owner: OWNER, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) }
  const runner = new ExperimentRunner(store, experiments, (e) => events.emit(e), { location, newId: newRunId, ...(options.saveDeadlineMs ? { saveDeadlineMs: options.saveDeadlineMs } : {}) })
  const studies = new StudyRunner({ store, pool: experiments, emit: (e) => events.emit(e), newId: newRunId, location, isAlive: ownerAlive })
  const runHandlers = createHandlers({
    store,
    runner,
    quick,
    search,
    location,
    events,
    owner: OWNER,
    info: () => ({ version: APP_VERSION, databasePath: options.databasePath, workers, transport: options.transport }),
  })
  const handlers = { ...runHandlers, ...createStudyHandlers({ store, studies, interactive: search, events }) }
  let closed = false
  return {
    store,
    runner,
    studies,
    events,
    dispatch: createDispatcher(handlers),
    interrupted,
    async close() {
      if (closed) return
      closed = true
      await studies.close()
      await runner.close()
      await Promise.all([experiments.close(), quick.close(), search.close()])
      store.close()
    },
  }
}
