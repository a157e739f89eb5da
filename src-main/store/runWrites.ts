import type { RunError, RunSummary } from '../../src-shared/api/runs'
import type { ExperimentOutcome } from '../../src-shared/experiment/outcome'
import type { NormalizedSpec } from '../../src-shared/experiment/normalize'

/** Where a new run comes from, besides its spec. */
export interface RunOrigin {
  /** The run this one re-runs. */
  parentId?: string | null
  /**
   * The study slot it fills. Given here rather than set after: every order
   * index holds study_id, so a later link would rewrite each of them.
   */
  study?: { id: string; cellKey: string; replicate: number }
}

/**
 * The run writes a study makes when it records its cells. The StudyStore
 * takes this much of the RunStore, which constructs it, so neither file
 * needs the other's class.
 */
export interface RunWrites {
  createQueued(id: string, spec: NormalizedSpec, createdAt: number, origin?: RunOrigin): RunSummary
  insertDone(id: string, spec: NormalizedSpec, o: ExperimentOutcome, at: { createdAt: number; startedAt: number; finishedAt: number }, origin?: RunOrigin): void
  markRunning(id: string, startedAt: number): void
  saveStopped(id: string, status: 'cancelled' | 'failed', error: RunError | null, finishedAt: number): RunSummary
}
