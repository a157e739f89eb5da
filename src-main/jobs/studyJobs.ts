import type { RunError } from '../../src-shared/api/runs'
import { CancelledError } from '../../src-shared/errors'
import { runExperiment, type ExperimentOutcome } from '../../src-shared/experiment/execute'
import type { NormalizedSpec } from '../../src-shared/experiment/normalize'
import { analyzeWidths } from '../../src-shared/study/exercises/widths'
import type { JobContext, JobHandlers, JobRequest } from './jobTable'
import type { WorkbenchJobs } from './jobKinds'

/** A chunk of a study's runs for one worker: several small runs per job keep the per-run overhead low. */
export interface StudyChunkRequest {
  runs: { slot: number; spec: NormalizedSpec }[]
}

/** One run of a chunk, computed: its outcome, or why it failed. */
export interface StudyRunReply {
  slot: number
  startedAt: number
  finishedAt: number
  result: { status: 'done'; outcome: ExperimentOutcome } | { status: 'failed'; error: RunError }
}

/**
 * Runs a chunk's runs one after the other. A run that fails is a failed run,
 * not a failed chunk; a cancel stops between runs (or inside a long one) and
 * hands back the runs already finished, which main then saves.
 */
function runStudyChunk(req: JobRequest<WorkbenchJobs, 'studyChunk'>, ctx: JobContext<number>): StudyRunReply[] {
  const out: StudyRunReply[] = []
  for (const r of req.runs) {
    if (ctx.shouldStop()) throw new CancelledError<StudyRunReply[]>(out)
    const startedAt = Date.now()
    try {
      const outcome = runExperiment(r.spec, { shouldStop: () => ctx.shouldStop() })
      out.push({ slot: r.slot, startedAt, finishedAt: Date.now(), result: { status: 'done', outcome } })
    } catch (e) {
      if (e instanceof CancelledError) throw new CancelledError<StudyRunReply[]>(out)
      const err = e as Error
      out.push({ slot: r.slot, startedAt, finishedAt: Date.now(), result: { status: 'failed', error: { name: err?.name ?? 'Error', message: err?.message ?? String(e) } } })
    }
    ctx.progress(out.length)
  }
  return out
}

/** The worker side of the study job kinds (registered in jobHandlers.ts). */
export const STUDY_JOB_HANDLERS: Pick<JobHandlers<WorkbenchJobs>, 'studyChunk' | 'widthsAnalysis'> = {
  studyChunk: runStudyChunk,
  widthsAnalysis: (req) => analyzeWidths(req.runs, req.epochs, req.planned),
}
