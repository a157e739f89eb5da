import type { RunVectorInfo } from '../api/vectorRuns'
import type { Dataset } from '../engine/data'
import type { EpochRecord } from '../engine/sgd'
import type { Algorithm } from '../engine/types'
import type { WidthEpochRecord } from '../engine/vectorTrain'
import type { ExperimentMetrics } from './metrics'

/** What running an experiment takes (hooks) and gives (its outcome, or what a cancel leaves). */

export interface ExperimentHooks {
  /** Parametric runs: the starting w, once drawn (before the first epoch). */
  onW0?(w0: number): void
  /** Each finished epoch: a scalar w (one-dimensional runs) or a width vector (parametric vector runs). */
  onEpoch?(record: TrainingRecord, epochs: number): void
  onStage?(stage: ExperimentStage, done: number, total: number): void
  /** Polled between epochs and stages; true stops the run with CancelledError. */
  shouldStop?(): boolean
}

/** What a run is doing; 'save' is reported by whoever stores its outcome. */
export type ExperimentStage = 'data' | 'bandwidth' | 'fit' | 'train' | 'metrics' | 'save'

/** What a vector run adds: its info (widths, classes, class metrics) and the arrays a one-dimensional run has not. */
export interface VectorOutcome {
  info: RunVectorInfo
  /** Classification: class scores, row-major m x classCount (NaN rows: undefined queries). */
  classScores: Float64Array | null
  /** Regression with a band: its lower and upper ends at the queries. */
  bandLower: Float64Array | null
  bandUpper: Float64Array | null
  /** Parametric vector runs: the loss of each epoch and w after it (epochs x d, row-major). */
  widthCurve?: { loss: Float64Array; w: Float64Array } | null
}

export interface ExperimentOutcome {
  /** Vector runs: inputs row-major (n x d, m x d); classification: values and truth are class indices. */
  dataset: Dataset
  /** The bandwidth used; vector runs keep their widths in `vector` (this is their one width when d = 1, else null). */
  sigma: number | null
  w0: number | null
  epochs: EpochRecord[]
  /** Minibatch training: every batch's loss before its update, in order (null for full batch and nonparametric runs). */
  batchLoss?: Float64Array | null
  w: number | null
  /** Predictions at the queries: the trained model in parametric mode. */
  yHat: Float64Array
  /** Parametric mode: the nonparametric fit at the same kernel and sigma. */
  yHatNonparametric: Float64Array | null
  undefinedQueries: number[]
  /** Mean of the training values (null for classification). */
  baseline: number | null
  metrics: ExperimentMetrics
  /** How yHat was computed, and the engine's bound on its error (0 for exact paths). */
  fit: { algorithm: Algorithm; errorBound: number }
  /** Vector runs only. */
  vector?: VectorOutcome | null
}

/**
 * One epoch of a training curve: a scalar w, or a width vector w (one entry
 * per coordinate). A run trains one or the other, so a list of them holds one
 * kind; the progress events, the worker's batching and the store's appends
 * carry either (isWidthRecords tells them apart).
 */
export type TrainingRecord = EpochRecord | WidthEpochRecord

/** Whether a (non-empty) curve is a width vector's. */
export function isWidthRecords(records: readonly TrainingRecord[]): records is readonly WidthEpochRecord[] {
  return records.length > 0 && Array.isArray(records[0]!.w)
}

export interface PartialOutcome {
  /** The epochs trained before the run stopped (a width vector's, for a parametric vector run). */
  epochs: EpochRecord[] | WidthEpochRecord[]
  w0: number | null
  /** Parametric vector runs: w0, the last w trained and the standardisation, kept as the run's learned widths. */
  learned?: RunVectorInfo['learned']
}
