import type { CellSummary, StudyMetric } from '../study/aggregate'
import type { ExerciseResult } from '../study/exercises/types'
import type { StudyInput, ReplicateSeeds } from '../study/studySpec'

/** What the API says about studies (issue 14). */

export const STUDY_STATUSES = ['pending', 'running', 'done', 'partial', 'cancelled', 'interrupted'] as const
/**
 * pending: nothing run yet; running: runs being computed (by this process or,
 * with `owner`, another); done: every planned run done; partial: it ended with
 * some runs failed; cancelled: stopped by the user; interrupted: the process
 * running it died. Every state but running resumes with runStudy (or another
 * `sweep` of the same file), which runs only what has no done run.
 */
export type StudyStatus = (typeof STUDY_STATUSES)[number]

export interface StudyAxisInfo {
  path: string
  kind: 'list' | 'log' | 'linear' | 'random'
  values: unknown[]
}

/** One row of the studies list, and the head of a study's page. */
export interface StudySummary {
  id: string
  name: string
  createdAt: number
  updatedAt: number
  /** The chapter exercise this study answers (its gallery card), or null. */
  exercise: string | null
  status: StudyStatus
  cellCount: number
  replicates: number
  replicateSeeds: ReplicateSeeds
  /** Runs planned: cells times replicates. */
  planned: number
  /** Planned runs with a done run, and with only failed (or cancelled, interrupted) ones. */
  done: number
  failed: number
  axes: StudyAxisInfo[]
  /** The study file as stored (what sweep read, or the editor made). */
  definition: StudyInput
  startedAt: number | null
  finishedAt: number | null
}

/** A study with each cell's runs and metrics aggregated over replicates. */
export interface StudyDetail extends StudySummary {
  /** Metrics some run of the study has (named as in show --json). */
  metrics: StudyMetric[]
  cells: CellSummary[]
}

export interface StudyPage {
  studies: StudySummary[]
  total: number
  offset: number
  limit: number
}

/** A running study's pace, pushed as events. */
export interface StudyProgress {
  status: StudyStatus
  planned: number
  done: number
  failed: number
  /** Runs this session computes (planned minus those already done when it started). */
  sessionTotal: number
  sessionDone: number
  elapsedMs: number
  /** Estimated time left; null before the first run is back. */
  etaMs: number | null
}

export type { CellSummary, StudyMetric, ExerciseResult }
