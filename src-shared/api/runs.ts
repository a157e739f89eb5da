import type { BandwidthMethod } from '../engine/bandwidth'
import type { KernelId } from '../engine/kernels'
import type { LossKind } from '../engine/types'
import type { EpochRecord } from '../engine/sgd'
import type { WidthEpochRecord } from '../engine/vectorTrain'
import type { Coverage, MetricName } from '../experiment/metrics'
import type { RunVectorInfo } from './vectorRuns'

/** What the API returns about runs. Arrays are plain JSON numbers; null marks an undefined estimate. */

export const RUN_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted'] as const
export type RunStatus = (typeof RUN_STATUSES)[number]

export type RunMode = 'nonparametric' | 'parametric'
export const RUN_MODES = ['nonparametric', 'parametric'] as const satisfies readonly RunMode[]

export interface RunError {
  name: string
  message: string
}

/** How the data were made, without the arrays. */
export interface RunDataInfo {
  kind: 'preset' | 'generator' | 'inline'
  /** Short human label: the preset, "sin, n = 100", or the file names. */
  label: string
  seed: number | null
  nTrain: number
  nQuery: number
  hasTruth: boolean
}

export interface RunTraining {
  /** As requested: a number or "random". */
  w0Spec: number | 'random'
  /** The w0 actually used (null until the run starts). */
  w0: number | null
  lr: number
  epochs: number
  loss: LossKind
  loo: boolean
  batchSize: number | null
  seed: number
}

export interface RunMetrics {
  /** Parametric: the training objective at the learned w. */
  trainLoss: number | null
  /** Mean squared error at the training inputs, every training pair a key. */
  trainMse: number | null
  /** Mean squared error against the noise-free truth at the queries, when known. */
  testMse: number | null
  /** Mean squared leave-one-out error (kernel and sigma; learned w for parametric runs). */
  looScore: number | null
}

/** One row of the runs library. */
export interface RunSummary {
  id: string
  name: string
  createdAt: number
  startedAt: number | null
  finishedAt: number | null
  status: RunStatus
  error: RunError | null
  mode: RunMode
  kernel: KernelId
  /** The bandwidth used; null while a rule has not been applied yet. */
  sigma: number | null
  sigmaRule: BandwidthMethod | null
  data: RunDataInfo
  training: RunTraining | null
  /** Learned w (parametric runs). */
  w: number | null
  metrics: RunMetrics
  /**
   * How many points or queries each metric was computed over (estimates that
   * are undefined are left out); null where the metric was not computed.
   */
  coverage: Record<MetricName, Coverage | null>
  /** Whether every metric covers all its points (null until the run is done). Incomplete runs sort last. */
  complete: boolean | null
  /** Parametric runs: 1/|w|, the Gaussian bandwidth the trained model effectively uses (null otherwise). */
  sigmaEff: number | null
  /** The run this one re-runs, if any. */
  parentId: string | null
  epochsDone: number
  /** How the predictions were computed and the engine's stated bound on their error (null before they exist). */
  fit: { algorithm: string; errorBound: number } | null
  tags: string[]
  notes: string
  appVersion: string
  /** Vector runs (issue 13): dimension, features, choices, widths, classes and classification metrics; null for one-dimensional runs. */
  vector: RunVectorInfo | null
}

export interface RunArrays {
  xTrain: number[]
  yTrain: number[]
  xQuery: number[]
  yTruth: number[] | null
  /** The run's predictions at the queries (the trained model for parametric runs). */
  yHat: (number | null)[] | null
  /** Parametric runs: the nonparametric fit at the same kernel and sigma, for comparison. */
  yHatNonparametric: (number | null)[] | null
  /** Average pooling: the mean of the training outputs (null before the data exist). */
  baseline: number | null
  /**
   * Large runs come thinned for display: every trainEvery-th training point
   * and queryEvery-th query (the full arrays come a page at a time through
   * getExperimentArray). Null when every value is here.
   */
  thinned: { trainEvery: number; queryEvery: number } | null
  /**
   * Vector runs: xTrain and xQuery are row-major (rows of vector.d numbers;
   * thinning keeps whole rows); classification runs keep class indices in
   * yTrain, yTruth and yHat, and their class scores here (rows of classCount).
   */
  classScores?: (number | null)[] | null
  /** Regression with a band: its ends at the queries. */
  bandLower?: (number | null)[] | null
  bandUpper?: (number | null)[] | null
}

/** A whole run: the summary, the normalised spec, per-epoch records and (on request) its arrays. */
export interface RunDetail extends RunSummary {
  /** The spec as normalised and stored (inline data arrays omitted). */
  spec: unknown
  epochs: EpochRecord[]
  /** Parametric vector runs: each epoch's loss and w after it (one w per coordinate); absent or null otherwise. */
  widthEpochs?: WidthEpochRecord[] | null
  /** Minibatch runs: the loss of every batch before its update, in training order (null otherwise). */
  batchLoss: number[] | null
  undefinedQueries: number[]
  /** The run this one re-runs (null if none, or if it is gone). */
  parent: { id: string; name: string } | null
  /** Runs that re-run this one. */
  reruns: { id: string; name: string }[]
  arrays: RunArrays | null
}

export interface RunPage {
  runs: RunSummary[]
  total: number
  offset: number
  limit: number
}
