import type { BandwidthSuggestion, DataPreview } from '../../src-shared/api/contract'
import type { DataSpec } from '../../src-shared/api/spec'
import type { BandwidthMethod } from '../../src-shared/engine/bandwidth'
import type { Heatmap } from '../../src-shared/engine/heatmap'
import type { KernelId } from '../../src-shared/engine/kernels'
import type { EpochRecord } from '../../src-shared/engine/sgd'
import type { ExperimentOutcome, ExperimentStage, PartialOutcome } from '../../src-shared/experiment/execute'
import type { NormalizedSpec } from '../../src-shared/experiment/normalize'

/** Every kind of work the job workers do. */
export type JobRequest =
  | { kind: 'experiment'; spec: NormalizedSpec }
  | {
      kind: 'heatmap'
      keys: Float64Array
      values: Float64Array
      queries: Float64Array
      kernel: KernelId
      sigma: number
      rows: number
      cols: number
    }
  | { kind: 'bandwidth'; data: DataSpec; kernel: KernelId; methods: BandwidthMethod[] }
  | { kind: 'preview'; data: DataSpec; maxPoints: number }

export type JobResult = ExperimentOutcome | Heatmap | BandwidthSuggestion[] | DataPreview

/** Progress of an experiment: finished epochs (batched so a fast run does not flood main) or a stage. */
export type JobProgress =
  | { kind: 'epochs'; records: EpochRecord[]; total: number }
  | { kind: 'stage'; stage: ExperimentStage; done: number; total: number }

export type JobPartial = PartialOutcome
