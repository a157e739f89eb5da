import type { RunSummary } from '../../src-shared/api/runs'
import { CancelledError } from '../../src-shared/errors'
import { runExperiment, type ExperimentStage, type PartialOutcome } from '../../src-shared/experiment/execute'
import type { TrainingRecord } from '../../src-shared/experiment/outcome'
import { nameWithRuleValue, type NormalizedSpec } from '../../src-shared/experiment/normalize'
import { isBusy, retryWhileBusySync } from '../store/busy'
import type { RunStore } from '../store/runStore'
import type { JobContext } from './jobTable'
import { workerStore, type StoreLocation } from './workerStore'

/** Epoch records go to main at most this often; the last epoch always goes at once. */
const PROGRESS_INTERVAL_MS = 30
/** Epochs are written to the store at least this often while training (a crash loses at most this much). */
export const EPOCH_SAVE_INTERVAL_MS = 1000
/** A finished run's save waits this long for a busy database before the run is given up as failed. */
export const SAVE_DEADLINE_MS = 10 * 60_000

/** Progress of an experiment: the run started, finished epochs (batched so a fast run does not flood main), or a stage. */
export type ExperimentProgress =
  | { kind: 'status'; summary: RunSummary }
  | { kind: 'epochs'; records: TrainingRecord[]; total: number; w0: number | null }
  | { kind: 'stage'; stage: ExperimentStage; done: number; total: number }

export interface ExperimentJob {
  runId: string
  spec: NormalizedSpec
  store: StoreLocation
  /** How long saves may wait for a busy database (default SAVE_DEADLINE_MS). */
  saveDeadlineMs?: number
  /** The app named the run: when a rule chooses σ, the name takes the value it gave (issue 10). */
  appNamed?: boolean
}

/**
 * One experiment, inside a worker thread, from start to its saved end: it
 * marks the run running, computes it, appends its epochs to the store while
 * it trains, and writes the outcome (or, if cancelled or failed, what it
 * had) itself. Nothing large ever crosses to the main thread, and a result
 * is kept and retried while the database is busy rather than dropped.
 */
export function runExperimentJob(req: ExperimentJob, ctx: JobContext<ExperimentProgress>): { summary: RunSummary } {
  const store = workerStore(req.store)
  const id = req.runId
  const save = <T>(what: string, write: () => T): T => retryWhileBusySync(write, { deadlineMs: req.saveDeadlineMs ?? SAVE_DEADLINE_MS, what })
  save('marking the run as running', () => store.markRunning(id, Date.now()))
  ctx.progress({ kind: 'status', summary: store.summary(id) })

  const curve = new EpochSaver(store, id)
  let toMain: TrainingRecord[] = []
  let lastSent = 0
  // The starting w, once drawn: it goes out with the epochs, so that a replay can show epoch 0 while the run trains.
  let w0: number | null = null
  // A scalar w's epochs and a width vector's take the same path: batched to main, appended to the store.
  const onEpoch = (record: TrainingRecord, total: number) => {
    toMain.push(record)
    curve.add(record)
    const now = Date.now()
    if (now - lastSent >= PROGRESS_INTERVAL_MS || record.epoch === total) {
      ctx.progress({ kind: 'epochs', records: toMain, total, w0 })
      toMain = []
      lastSent = now
    }
  }
  let summary: RunSummary
  try {
    const outcome = runExperiment(req.spec, {
      shouldStop: () => ctx.shouldStop(),
      onStage: (stage, done, total) => ctx.progress({ kind: 'stage', stage, done, total }),
      onEpoch,
      onW0: (start) => {
        w0 = start
        curve.setW0(start)
      },
    })
    // From here the result exists: a cancel no longer stops the run, it is saved.
    ctx.progress({ kind: 'stage', stage: 'save', done: 0, total: 1 })
    summary = save('saving the run', () => store.saveOutcome(id, outcome, Date.now()))
    const named = req.appNamed ? nameWithRuleValue(req.spec, outcome.sigma) : null
    if (named !== null) summary = save('naming the run', () => store.rename(id, store.uniqueName(named)))
  } catch (e) {
    if (e instanceof CancelledError) {
      const partial = e.partial as PartialOutcome | null
      summary = save('saving the cancelled run', () => store.saveStopped(id, 'cancelled', null, Date.now(), partial ?? { epochs: curve.pending, w0: null }))
    } else {
      const err = e as Error
      summary = save('saving the failed run', () => store.saveStopped(id, 'failed', { name: err?.name ?? 'Error', message: err?.message ?? String(e) }, Date.now(), { epochs: curve.pending, w0: null }))
    }
  }
  return { summary }
}

/**
 * Appends a training curve to the store as it grows: at least once a second,
 * and after any epoch that ends a second or more after the last write. A
 * write that meets a busy database is kept and tried again with the next.
 */
class EpochSaver {
  pending: TrainingRecord[] = []
  private w0: number | null = null
  private lastWrite = Date.now()

  constructor(
    private readonly store: RunStore,
    private readonly id: string,
  ) {}

  setW0(w0: number): void {
    this.w0 = w0
  }

  add(record: TrainingRecord): void {
    this.pending.push(record)
    if (Date.now() - this.lastWrite >= EPOCH_SAVE_INTERVAL_MS) this.flush()
  }

  private flush(): void {
    try {
      this.store.appendEpochs(this.id, this.pending, this.w0)
      this.pending = []
      this.lastWrite = Date.now()
    } catch (e) {
      if (!isBusy(e)) throw e
    }
  }
}
