import type { WorkbenchEvent } from '../../src-shared/api/contract'
import { InputError } from '../../src-shared/errors'
import type { RunSummary } from '../../src-shared/api/runs'
import type { ExperimentSpec } from '../../src-shared/api/spec'
import type { EpochRecord } from '../../src-shared/engine/sgd'
import type { ExperimentOutcome, PartialOutcome } from '../../src-shared/experiment/execute'
import { normalizeSpec, type NormalizedSpec } from '../../src-shared/experiment/normalize'
import type { RunStore } from '../store/runStore'
import type { JobPool } from './jobKinds'
import type { JobHandle } from './pool'

interface ActiveRun {
  handle: JobHandle<ExperimentOutcome, PartialOutcome>
  /** Epochs reported so far: kept here so a cancel keeps the partial curve even if the worker had to be killed. */
  epochs: EpochRecord[]
  settled: Promise<RunSummary>
}

/**
 * Runs experiments: stores each as queued, runs it on the job pool, streams
 * its progress as events, and writes the outcome, or the partial curve of a
 * cancelled or failed run, in one transaction.
 */
export class ExperimentRunner {
  private readonly active = new Map<string, ActiveRun>()

  constructor(
    private readonly store: RunStore,
    private readonly pool: JobPool,
    private readonly emit: (event: WorkbenchEvent) => void,
    private readonly newId: () => string,
    private readonly now: () => number = Date.now,
  ) {}

  create(spec: ExperimentSpec): RunSummary {
    return this.start(normalizeSpec(spec))
  }

  /** Runs an already normalised spec (re-running a stored run replays its spec as is). */
  start(spec: NormalizedSpec): RunSummary {
    const id = this.newId()
    const summary = this.store.createQueued(id, spec, this.now())
    this.emitStatus(summary)
    const epochs: EpochRecord[] = []
    const handle = this.pool.run(
      'experiment',
      { spec },
      {
        onStart: () => {
          this.store.markRunning(id, this.now())
          this.emitStatus(this.store.summary(id))
        },
        onProgress: (p) => {
          if (p.kind === 'epochs') {
            // One by one: a fast run batches tens of thousands of epochs, too many for push(...spread).
            for (const r of p.records) epochs.push(r)
            const last = p.records[p.records.length - 1]!
            this.emit({ type: 'run.progress', runId: id, epoch: last.epoch, epochs: p.total, loss: last.loss, w: last.w, records: p.records })
          } else {
            this.emit({ type: 'run.stage', runId: id, stage: p.stage, done: p.done, total: p.total })
          }
        },
      },
    )
    const settled = handle.outcome
      .then((o) => {
        switch (o.status) {
          case 'done':
            return this.store.saveOutcome(id, o.reply, this.now())
          case 'cancelled': {
            // The worker's partial curve, or, if it had to be killed, the epochs it reported before.
            const partial = o.partial ?? { epochs, w0: null }
            const kept = partial.epochs.length >= epochs.length ? partial.epochs : epochs
            return this.store.saveStopped(id, 'cancelled', null, { epochs: kept, w0: partial.w0 }, this.now())
          }
          case 'failed':
            return this.store.saveStopped(id, 'failed', { name: o.error.name, message: o.error.message }, { epochs, w0: null }, this.now())
        }
      })
      .catch((saveError: Error) => {
        // The outcome could not be written (disk full, database busy): record the failure if at all possible,
        // so the run does not stay "running" forever.
        console.error(`nw-workbench: could not save run ${id}: ${saveError.message}`)
        return this.store.saveStopped(id, 'failed', { name: 'StorageError', message: `the result could not be saved: ${saveError.message}` }, { epochs: [], w0: null }, this.now())
      })
      .then((final) => {
        this.emitStatus(final)
        return final
      })
      .finally(() => this.active.delete(id))
    // Settlement errors (a failed database write) reach whoever awaits the run; do not crash on the unawaited copy.
    settled.catch((e: Error) => console.error(`nw-workbench: could not save run ${id}: ${e.message}`))
    this.active.set(id, { handle, epochs, settled })
    return summary
  }

  private emitStatus(run: RunSummary): void {
    this.emit({ type: 'run.status', runId: run.id, status: run.status, run })
  }

  isActive(id: string): boolean {
    return this.active.has(id)
  }

  /** Stops a queued or running run; a finished run is returned as it is. */
  async cancel(id: string): Promise<RunSummary> {
    const run = this.active.get(id)
    if (!run) {
      const summary = this.store.summary(id)
      if (summary.status === 'queued' || summary.status === 'running') {
        throw new InputError(`run ${id} is being computed by another nw-workbench process (a command-line run or another window); stop it there`)
      }
      return summary
    }
    run.handle.cancel()
    return run.settled
  }

  /** Resolves when the run has finished and been saved. */
  waitFor(id: string): Promise<RunSummary> {
    return this.active.get(id)?.settled ?? Promise.resolve(this.store.summary(id))
  }

  /** Cancels every active run and waits until each is saved. */
  async close(): Promise<void> {
    const runs = [...this.active.values()]
    for (const r of runs) r.handle.cancel()
    await Promise.allSettled(runs.map((r) => r.settled))
  }
}
