import type { BandwidthSuggestion, DataPreview } from '../../src-shared/api/contract'
import type { DataSpec } from '../../src-shared/api/spec'
import type { BandwidthMethod } from '../../src-shared/engine/bandwidth'
import type { KernelId } from '../../src-shared/engine/kernels'
import type { EpochRecord } from '../../src-shared/engine/sgd'
import type { Heatmap } from '../../src-shared/engine/types'
import type { ExperimentOutcome, ExperimentStage, PartialOutcome } from '../../src-shared/experiment/execute'
import type { NormalizedSpec } from '../../src-shared/experiment/normalize'
import type { JobSpec } from './jobTable'
import type { StudyChunkRequest, StudyRunReply } from './studyJobs'
import type { WidthsRun } from '../../src-shared/study/exercises/widths'
import type { WidthsResult } from '../../src-shared/study/exercises/types'
import type { WorkerPool } from './pool'

/** Progress of an experiment: finished epochs (batched so a fast run does not flood main) or a stage. */
export type ExperimentProgress =
  | { kind: 'epochs'; records: EpochRecord[]; total: number }
  | { kind: 'stage'; stage: ExperimentStage; done: number; total: number }

export interface HeatmapJob {
  keys: Float64Array
  values: Float64Array
  queries: Float64Array
  kernel: KernelId
  sigma: number
  rows: number
  cols: number
}

/** Every kind of work the workbench's job workers do. */
// A type alias, not an interface: it must fit JobTable's index signature while listing only these kinds.
export type WorkbenchJobs = {
  experiment: JobSpec<{ spec: NormalizedSpec }, ExperimentOutcome, ExperimentProgress, PartialOutcome>
  heatmap: JobSpec<HeatmapJob, Heatmap>
  bandwidth: JobSpec<{ data: DataSpec; kernel: KernelId; methods: BandwidthMethod[] }, BandwidthSuggestion[]>
  preview: JobSpec<{ data: DataSpec; maxPoints: number }, DataPreview>
  /** A chunk of a study's runs; progress: runs finished so far; cancelled: those runs (studyJobs.ts). */
  studyChunk: JobSpec<StudyChunkRequest, StudyRunReply[], number, StudyRunReply[]>
  widthsAnalysis: JobSpec<{ runs: WidthsRun[]; epochs: number; planned: number }, WidthsResult>
}

/** The pool the app runs its jobs on (experiments on one, editor requests on another). */
export type JobPool = WorkerPool<WorkbenchJobs>
