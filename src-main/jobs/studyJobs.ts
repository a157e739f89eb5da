import type { RunError } from '../../src-shared/api/runs'
import { CancelledError } from '../../src-shared/errors'
import { runExperiment, type ExperimentOutcome } from '../../src-shared/experiment/execute'
import type { NormalizedSpec } from '../../src-shared/experiment/normalize'
import { retryWhileBusySync } from '../store/busy'
import type { StudyRunResult } from '../store/studyStore'
import { SAVE_DEADLINE_MS } from './experimentJob'
import type { JobContext } from './jobTable'
import { workerStore, type StoreLocation } from './workerStore'

/** A chunk of a study's runs for one worker: several small runs per job keep the per-run overhead low. */
export interface StudyChunkRequest {
  studyId: string
  store: StoreLocation
  runs: { slot: number; id: string; cellKey: string; replicate: number; spec: NormalizedSpec }[]
}

/** One run of a chunk, computed and saved: how it ended. */
export interface StudyRunReply {
  slot: number
  status: 'done' | 'failed'
}

interface Computed {
  slot: number
  startedAt: number
  finishedAt: number
  result: { status: 'done'; outcome: ExperimentOutcome } | { status: 'failed'; error: RunError }
}

/**
 * Saves a chunk's finished runs with their study links, in this worker, in
 * one transaction (retried while the database is busy): outcomes never pass
 * through the main thread.
 */
function saveChunk(req: StudyChunkRequest, computed: Computed[]): StudyRunReply[] {
  const bySlot = new Map(req.runs.map((r) => [r.slot, r]))
  const results: StudyRunResult[] = computed.map((c) => {
    const r = bySlot.get(c.slot)!
    return { id: r.id, cellKey: r.cellKey, replicate: r.replicate, spec: r.spec, createdAt: c.startedAt, startedAt: c.startedAt, finishedAt: c.finishedAt, result: c.result }
  })
  const studies = workerStore(req.store).studies
  retryWhileBusySync(() => studies.saveResults(req.studyId, results), { deadlineMs: SAVE_DEADLINE_MS, what: 'saving the study runs' })
  return computed.map((c) => ({ slot: c.slot, status: c.result.status }))
}

/**
 * Runs a chunk's runs one after the other and saves them. A run that fails
 * is a failed run, not a failed chunk; a cancel stops between runs (or
 * inside a long one) and saves the runs already finished.
 */
export function runStudyChunk(req: StudyChunkRequest, ctx: JobContext<number>): StudyRunReply[] {
  const out: Computed[] = []
  for (const r of req.runs) {
    if (ctx.shouldStop()) throw new CancelledError<StudyRunReply[]>(saveChunk(req, out))
    const startedAt = Date.now()
    try {
      const outcome = runExperiment(r.spec, { shouldStop: () => ctx.shouldStop() })
      out.push({ slot: r.slot, startedAt, finishedAt: Date.now(), result: { status: 'done', outcome } })
    } catch (e) {
      if (e instanceof CancelledError) throw new CancelledError<StudyRunReply[]>(saveChunk(req, out))
      const err = e as Error
      out.push({ slot: r.slot, startedAt, finishedAt: Date.now(), result: { status: 'failed', error: { name: err?.name ?? 'Error', message: err?.message ?? String(e) } } })
    }
    ctx.progress(out.length)
  }
  return saveChunk(req, out)
}
