import type { WorkbenchEvent } from '../../src-shared/api/contract'
import type { StudyProgress, StudyStatus, StudySummary } from '../../src-shared/api/studies'
import { InputError } from '../../src-shared/errors'
import { normalizeSpec, type NormalizedSpec } from '../../src-shared/experiment/normalize'
import { enumerateCells, replicateSpec, type StudyCell } from '../../src-shared/study/cells'
import { estimateRunMs } from '../../src-shared/study/estimate'
import type { Study } from '../../src-shared/study/studySpec'
import type { RunStore } from '../store/runStore'
import { slotKey, type StudyRunResult } from '../store/studyStore'
import type { JobPool } from './jobKinds'
import type { JobHandle } from './pool'
import type { StudyChunkRequest, StudyRunReply } from './studyJobs'
import type { StoreLocation } from './workerStore'
import { retryWhileBusy } from '../store/busy'

type ChunkRun = StudyChunkRequest['runs'][number]

/** A chunk holds runs until their estimated time reaches this, so small runs share a job and progress stays fresh. */
const CHUNK_TARGET_MS = 150
const MAX_CHUNK_RUNS = 64
const PROGRESS_INTERVAL_MS = 200
const CHANGED_INTERVAL_MS = 1000

interface Pending {
  slot: number
  cell: StudyCell
  replicate: number
  spec: NormalizedSpec
  estimateMs: number
}

interface ActiveStudy {
  handles: Set<JobHandle<StudyRunReply[], StudyRunReply[]>>
  stopping: 'cancelled' | 'interrupted' | null
  settled: Promise<StudySummary>
  progress: StudyProgress
}

export interface StudyRunnerOptions {
  store: RunStore
  pool: JobPool
  emit: (event: WorkbenchEvent) => void
  newId: () => string
  /** Where worker threads find the database, to save each chunk's runs themselves. */
  location: StoreLocation
  /** Whether the process named by a study's owner still runs (another window, a command-line sweep). */
  isAlive: (owner: string | null) => boolean
  now?: () => number
}

/**
 * Runs studies on the experiment pool: only the slots (cell, replicate)
 * without a done run, in chunks of small runs per job, a few chunks at a
 * time so single experiments are not stuck behind a whole study. Each
 * chunk's runs are saved in one transaction as it comes back, so a study
 * cancelled, crashed or killed resumes where it stopped.
 */
export class StudyRunner {
  private readonly active = new Map<string, ActiveStudy>()
  private readonly now: () => number

  constructor(private readonly o: StudyRunnerOptions) {
    this.now = o.now ?? Date.now
  }

  /** Stores a study (or extends the one with its name) and, unless told not to, runs what it lacks. */
  create(study: Study, options: { exercise?: string | null; start?: boolean } = {}): StudySummary {
    const cells = enumerateCells(study)
    const existing = this.o.store.studies.idByName(study.name)
    if (existing && this.active.has(existing)) throw new InputError(`the study "${study.name}" is running; cancel it before changing it`)
    const { id } = this.o.store.studies.save(this.o.newId(), study, cells, options.exercise ?? null, this.now())
    if (options.start === false) return this.o.store.studies.summary(id)
    return this.start(id, cells)
  }

  isActive(id: string): boolean {
    return this.active.has(id)
  }

  /** Runs the study's missing slots (a resume); a study already running is returned as it is. */
  start(id: string, knownCells?: StudyCell[]): StudySummary {
    const studies = this.o.store.studies
    if (this.active.has(id)) return studies.summary(id)
    const elsewhere = studies.runningElsewhere(id, this.o.isAlive)
    if (elsewhere) throw new InputError(`study ${id} is being run by another nw-workbench process (${elsewhere}); resume it there or wait`)
    const study = studies.definition(id)
    const cells = knownCells ?? enumerateCells(study)
    const done = studies.doneSlots(id)
    const todo: Pending[] = []
    // Replicate by replicate: the first pass over every cell gives a whole picture early; later ones tighten its bands.
    for (let r = 0; r < study.replicates; r++) {
      for (const cell of cells) {
        if (done.has(slotKey(cell.key, r))) continue
        const spec = normalizeSpec(replicateSpec(study, cell, r))
        todo.push({ slot: todo.length, cell, replicate: r, spec, estimateMs: estimateRunMs(spec) })
      }
    }
    const before = studies.summary(id)
    if (todo.length === 0) {
      if (before.status !== 'done') studies.setStatus(id, before.failed > 0 ? 'partial' : 'done', this.now())
      const s = studies.summary(id)
      this.emitProgress(id, { status: s.status, planned: s.planned, done: s.done, failed: s.failed, sessionTotal: 0, sessionDone: 0, elapsedMs: 0, etaMs: 0 })
      return s
    }
    studies.setStatus(id, 'running', this.now())
    const estimateTotal = todo.reduce((t, p) => t + p.estimateMs, 0) / this.o.pool.size
    const run: ActiveStudy = {
      handles: new Set(),
      stopping: null,
      settled: Promise.resolve(null as unknown as StudySummary),
      progress: { status: 'running', planned: before.planned, done: before.done, failed: before.failed, sessionTotal: todo.length, sessionDone: 0, elapsedMs: 0, etaMs: estimateTotal },
    }
    run.settled = this.drive(id, todo, run)
    this.active.set(id, run)
    this.emitProgress(id, run.progress)
    return studies.summary(id)
  }

  private async drive(id: string, todo: Pending[], run: ActiveStudy): Promise<StudySummary> {
    const studies = this.o.store.studies
    const started = this.now()
    let next = 0
    let lastProgress = 0
    let lastChanged = 0
    let saveError: Error | null = null
    const window = this.o.pool.size + 1
    const inflight = new Set<Promise<void>>()

    const nextChunk = (): Pending[] => {
      const chunk: Pending[] = []
      let ms = 0
      while (next < todo.length && chunk.length < MAX_CHUNK_RUNS && (chunk.length === 0 || ms + todo[next]!.estimateMs <= CHUNK_TARGET_MS)) {
        ms += todo[next]!.estimateMs
        chunk.push(todo[next++]!)
      }
      return chunk
    }

    /** The worker saved its runs; count them. */
    const count = (replies: StudyRunReply[]) => {
      for (const r of replies) {
        run.progress.sessionDone++
        if (r.status === 'done') run.progress.done++
        else run.progress.failed++
      }
    }
    /** A worker that died saved nothing: its runs fail with the reason, written from here without blocking. */
    const failAll = async (chunk: ChunkRun[], error: { name: string; message: string }) => {
      const t = this.now()
      const results: StudyRunResult[] = chunk.map((c) => ({ ...c, createdAt: t, startedAt: t, finishedAt: t, result: { status: 'failed' as const, error } }))
      await retryWhileBusy(() => studies.saveResults(id, results), { deadlineMs: 10 * 60_000, what: 'saving the failed study runs' })
      count(chunk.map((c) => ({ slot: c.slot, status: 'failed' as const })))
    }

    const report = (force = false) => {
      const t = this.now()
      const p = run.progress
      p.elapsedMs = t - started
      if (p.sessionDone > 0) p.etaMs = (p.elapsedMs / p.sessionDone) * (p.sessionTotal - p.sessionDone)
      if (force || t - lastProgress >= PROGRESS_INTERVAL_MS) {
        lastProgress = t
        this.emitProgress(id, p)
      }
      if (force || t - lastChanged >= CHANGED_INTERVAL_MS) {
        lastChanged = t
        this.o.emit({ type: 'runs.changed', ids: [] })
      }
    }

    const launch = (pending: Pending[]) => {
      const chunk: ChunkRun[] = pending.map((p) => ({ slot: p.slot, id: this.o.newId(), cellKey: p.cell.key, replicate: p.replicate, spec: p.spec }))
      const handle = this.o.pool.run('studyChunk', { studyId: id, store: this.o.location, runs: chunk })
      run.handles.add(handle)
      const done = handle.outcome
        .then(async (o) => {
          run.handles.delete(handle)
          if (o.status === 'done') count(o.reply)
          else if (o.status === 'cancelled') count(o.partial ?? [])
          // The worker died under this chunk (a crash, out of memory): its runs fail with that reason; the others go on.
          else await failAll(chunk, { name: o.error.name, message: o.error.message })
          report()
        })
        .catch((e: Error) => {
          saveError ??= e
          run.stopping ??= 'cancelled'
          for (const h of run.handles) h.cancel()
        })
        .finally(() => inflight.delete(done))
      inflight.add(done)
    }

    while (true) {
      while (run.stopping === null && inflight.size < window && next < todo.length) launch(nextChunk())
      if (inflight.size === 0) break
      await Promise.race(inflight)
    }

    let status: StudyStatus
    const after = studies.summary(id)
    if (saveError) {
      console.error(`nw-workbench: study ${id}: a result could not be saved: ${(saveError as Error).message}`)
      status = 'partial'
    } else if (run.stopping) status = run.stopping
    else status = after.done >= after.planned ? 'done' : 'partial'
    // Workers of other studies may be saving their runs: wait out their lock rather than leave this study "running".
    await retryWhileBusy(() => studies.setStatus(id, status, this.now()), { deadlineMs: 10 * 60_000, what: 'recording the study status' })
    run.progress.status = status
    run.progress.etaMs = status === 'done' || status === 'partial' ? 0 : null
    report(true)
    this.active.delete(id)
    return studies.summary(id)
  }

  private emitProgress(studyId: string, progress: StudyProgress): void {
    this.o.emit({ type: 'study.progress', studyId, progress: { ...progress } })
  }

  /** The progress of a study running here, or null. */
  progress(id: string): StudyProgress | null {
    const run = this.active.get(id)
    return run ? { ...run.progress } : null
  }

  /** Stops a running study; the runs already back are kept, and it resumes from them. */
  async cancel(id: string): Promise<StudySummary> {
    const run = this.active.get(id)
    if (!run) {
      const s = this.o.store.studies.summary(id)
      if (s.status === 'running' && this.o.store.studies.runningElsewhere(id, this.o.isAlive)) {
        throw new InputError(`study ${id} is being run by another nw-workbench process; stop it there`)
      }
      return s
    }
    run.stopping = 'cancelled'
    for (const h of run.handles) h.cancel()
    return run.settled
  }

  waitFor(id: string): Promise<StudySummary> {
    return this.active.get(id)?.settled ?? Promise.resolve(this.o.store.studies.summary(id))
  }

  /** Stops every running study (the app is closing): each is saved as interrupted and resumes next time. */
  async close(): Promise<void> {
    const runs = [...this.active.values()]
    for (const r of runs) {
      r.stopping = 'interrupted'
      for (const h of r.handles) h.cancel()
    }
    await Promise.allSettled(runs.map((r) => r.settled))
  }
}
