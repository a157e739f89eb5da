import type { WorkbenchEvent } from '../../src-shared/api/contract'
import type { RunSummary } from '../../src-shared/api/runs'
import type { ExperimentSpec } from '../../src-shared/api/spec'
import { InputError } from '../../src-shared/errors'
import { normalizeSpec, type NormalizedSpec } from '../../src-shared/experiment/normalize'
import { retryWhileBusy } from '../store/busy'
import type { RunStore } from '../store/runStore'
import type { JobPool } from './jobKinds'
import type { JobHandle } from './pool'
import type { StoreLocation } from './workerStore'

interface ActiveRun {
  handle: JobHandle<{ summary: RunSummary }>
  /** The worker is saving the result: a cancel must not stop it now. */
  saving: boolean
  settled: Promise<RunSummary>
}

/** A run's own writes from the main thread wait this long for a busy database (they are small, and rare). */
const WRITE_DEADLINE_MS = 10 * 60_000

export interface RunnerOptions {
  /** Where worker threads find the database. */
  location: StoreLocation
  newId: () => string
  now?: () => number
  /** How long a worker's save may wait for a busy database before the run is failed (tests shorten it). */
  saveDeadlineMs?: number
}

/**
 * Runs experiments: stores each as queued and hands it to a worker, which
 * computes it and saves it itself (see experimentJob.ts); streams its
 * progress as events. Only when a worker dies or is stopped mid-way does the
 * main thread end the run in the store, retrying while the database is busy
 * without ever blocking.
 */
export class ExperimentRunner {
  private readonly active = new Map<string, ActiveRun>()
  private readonly now: () => number

  constructor(
    private readonly store: RunStore,
    private readonly pool: JobPool,
    private readonly emit: (event: WorkbenchEvent) => void,
    private readonly options: RunnerOptions,
  ) {
    this.now = options.now ?? Date.now
  }

  /** A new run from an API spec; a name the app makes up never repeats another run's. */
  async create(spec: ExperimentSpec, origin: { parentId?: string | null } = {}): Promise<RunSummary> {
    const normalized = normalizeSpec(spec)
    if (spec.name === undefined) normalized.name = this.store.uniqueName(normalized.name)
    return this.start(normalized, { ...origin, appNamed: spec.name === undefined })
  }

  /** Runs an already normalised spec (re-running a stored run replays its spec as is). */
  async start(spec: NormalizedSpec, origin: { parentId?: string | null; appNamed?: boolean } = {}): Promise<RunSummary> {
    const id = this.options.newId()
    const summary = await retryWhileBusy(() => this.store.createQueued(id, spec, this.now(), origin), { deadlineMs: 30_000, what: 'creating the run' })
    this.emitStatus(summary)
    const run: ActiveRun = {
      handle: this.pool.run(
        'experiment',
        {
          runId: id,
          spec,
          store: this.options.location,
          ...(origin.appNamed ? { appNamed: true } : {}),
          ...(this.options.saveDeadlineMs ? { saveDeadlineMs: this.options.saveDeadlineMs } : {}),
        },
        {
          onProgress: (p) => {
            switch (p.kind) {
              case 'status':
                this.emitStatus(p.summary)
                break
              case 'epochs': {
                const last = p.records[p.records.length - 1]!
                this.emit({ type: 'run.progress', runId: id, epoch: last.epoch, epochs: p.total, loss: last.loss, w: last.w, records: p.records, ...(p.w0 !== null ? { w0: p.w0 } : {}) })
                break
              }
              case 'stage':
                if (p.stage === 'save') run.saving = true
                this.emit({ type: 'run.stage', runId: id, stage: p.stage, done: p.done, total: p.total })
            }
          },
        },
      ),
      saving: false,
      settled: Promise.resolve(summary),
    }
    run.settled = run.handle.outcome
      .then(async (o) => {
        if (o.status === 'done') return o.reply.summary
        // The worker could not end the run itself: it was stopped before it began, killed after ignoring a
        // cancel, died, or could not save. The run keeps the epochs the worker had appended.
        const [status, error] = o.status === 'cancelled' ? (['cancelled', null] as const) : (['failed', { name: o.error.name, message: o.error.message }] as const)
        return retryWhileBusy(() => this.store.saveStopped(id, status, error, this.now()), { deadlineMs: WRITE_DEADLINE_MS, what: `ending run ${id}` })
      })
      .then((final) => {
        this.emitStatus(final)
        return final
      })
      .finally(() => this.active.delete(id))
    // Whoever awaits the run sees a failure to record it; the unawaited copy must not crash the process.
    run.settled.catch((e: Error) => console.error(`nw-workbench: could not record the end of run ${id}: ${e.message}`))
    this.active.set(id, run)
    return summary
  }

  private emitStatus(run: RunSummary): void {
    this.emit({ type: 'run.status', runId: run.id, status: run.status, run })
  }

  isActive(id: string): boolean {
    return this.active.has(id)
  }

  /** Stops a queued or running run; a finished run is returned as it is, and one being saved is saved. */
  async cancel(id: string): Promise<RunSummary> {
    const run = this.active.get(id)
    if (!run) {
      const summary = this.store.summary(id)
      if (summary.status === 'queued' || summary.status === 'running') {
        throw new InputError(`run ${id} is being computed by another nw-workbench process (a command-line run or another window); stop it there`)
      }
      return summary
    }
    if (!run.saving) run.handle.cancel()
    return run.settled
  }

  /** Resolves when the run has finished and been saved. */
  waitFor(id: string): Promise<RunSummary> {
    return this.active.get(id)?.settled ?? Promise.resolve(this.store.summary(id))
  }

  /** Cancels every active run and waits until each is saved. */
  async close(): Promise<void> {
    const runs = [...this.active.values()]
    for (const r of runs) if (!r.saving) r.handle.cancel()
    await Promise.allSettled(runs.map((r) => r.settled))
  }
}
