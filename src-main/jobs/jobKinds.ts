import type { BandwidthSuggestion, DataPreview, HeatmapReply } from '../../src-shared/api/contract'
import type { RunDetail, RunSummary } from '../../src-shared/api/runs'
import type { DataSpec } from '../../src-shared/api/spec'
import type { BandwidthMethod } from '../../src-shared/engine/bandwidth'
import type { KernelId } from '../../src-shared/engine/kernels'
import type { ArrayName } from '../store/runStore'
import type { ExperimentJob, ExperimentProgress } from './experimentJob'
import type { JobSpec } from './jobTable'
import type { StudyChunkRequest, StudyRunReply } from './studyJobs'
import type { WidthsRun } from '../../src-shared/study/exercises/widths'
import type { WidthsResult } from '../../src-shared/study/exercises/types'
import type { WorkerPool } from './pool'
import type { VectorViewReply } from '../../src-shared/experiment/vectorView'
import type { LocalLinearReply, StoredRunRequest } from './storedRunJobs'
import type { AttentionOrder, VectorHeatmapReply, VectorProbeReply } from '../../src-shared/experiment/vectorAttention'

/** Every kind of work the workbench's job workers do. */
// A type alias, not an interface: it must fit JobTable's index signature while listing only these kinds.
export type WorkbenchJobs = {
  /** Runs an experiment and saves it (the reply is the saved run). */
  experiment: JobSpec<ExperimentJob, { summary: RunSummary }, ExperimentProgress>
  /** A stored run with (thinned) arrays. */
  detail: JobSpec<StoredRunRequest & { arrays: boolean }, RunDetail>
  /** A page of one of a stored run's arrays. */
  arrayPage: JobSpec<StoredRunRequest & { name: ArrayName; offset: number; limit: number }, { values: (number | null)[]; total: number }>
  /** A stored run's attention heatmap at display resolution. */
  heatmap: JobSpec<StoredRunRequest & { model: 'nonparametric' | 'trained'; rows: number; cols: number }, HeatmapReply>
  /** A vector run's surface, slices and widths for display. */
  vectorView: JobSpec<StoredRunRequest & { grid: number; sliceSteps: number }, VectorViewReply>
  /** A one-dimensional run's local-linear fit at given queries. */
  localLinear: JobSpec<StoredRunRequest & { xQuery: number[] }, LocalLinearReply>
  /** A vector run's attention heatmap at display resolution. */
  vectorHeatmap: JobSpec<StoredRunRequest & { order: AttentionOrder; rows: number; cols: number }, VectorHeatmapReply>
  /** A vector run's query probe: one query's weights over the keys. */
  vectorProbe: JobSpec<StoredRunRequest & { at: { point: number[] } | { query: number }; maxBars: number }, VectorProbeReply>
  bandwidth: JobSpec<{ data: DataSpec; kernel: KernelId; methods: BandwidthMethod[] }, BandwidthSuggestion[]>
  preview: JobSpec<{ data: DataSpec; maxPoints: number }, DataPreview>
  /** A chunk of a study's runs; progress: runs finished so far; cancelled: those runs (studyJobs.ts). */
  studyChunk: JobSpec<StudyChunkRequest, StudyRunReply[], number, StudyRunReply[]>
  widthsAnalysis: JobSpec<{ runs: WidthsRun[]; epochs: number; planned: number }, WidthsResult>
}

/** The pools the app runs its jobs on (experiments; quick editor and viewer requests; long searches). */
export type JobPool = WorkerPool<WorkbenchJobs>
