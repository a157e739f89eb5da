import type { BandwidthMethod } from '../engine/bandwidth'
import type { KernelId } from '../engine/kernels'
import type { LossKind } from '../engine/types'
import type { EpochRecord } from '../engine/sgd'

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
  epochsDone: number
  /** How the predictions were computed and the engine's stated bound on their error (null before they exist). */
  fit: { algorithm: string; errorBound: number } | null
  tags: string[]
  notes: string
  appVersion: string
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
}

/** A whole run: the summary, the normalised spec, per-epoch records and (on request) its arrays. */
export interface RunDetail extends RunSummary {
  /** The spec as normalised and stored (inline data arrays omitted). */
  spec: unknown
  epochs: EpochRecord[]
  /** Minibatch runs: the loss of every batch before its update, in training order (null otherwise). */
  batchLoss: number[] | null
  undefinedQueries: number[]
  arrays: RunArrays | null
}

export interface RunPage {
  runs: RunSummary[]
  total: number
  offset: number
  limit: number
}
