import type { DataSpec } from '../../src-shared/api/spec'
import type { KernelId } from '../../src-shared/engine/kernels'
import type { Algorithm } from '../../src-shared/engine/types'

/**
 * What the page and the preview workers say to each other. Numbers travel as
 * typed arrays (structured clone, no JSON); a data set crosses once per
 * worker and is then named by its key.
 */

export interface DataArrays {
  xTrain: Float64Array
  yTrain: Float64Array
  xQuery: Float64Array
  yTruth: Float64Array | null
}

/**
 * A data set for the workers. Presets and generators are made in the worker
 * from the parsed spec with the experiment runner's own function, so the same
 * seed gives the same numbers as a saved run; imported data carry their
 * arrays until the worker has them.
 */
export type DataRef = { key: string; kind: 'spec'; spec: Exclude<DataSpec, { xTrain: unknown }> } | { key: string; kind: 'arrays'; arrays?: DataArrays }

/** How much of a frame the page can show. */
export interface ViewSize {
  /** Points of the fit curve drawn at most (an envelope beyond: the min and max of each bucket). */
  fitPoints: number
  /** Training points drawn at most. */
  trainPoints: number
  heatRows: number
  heatCols: number
}

/**
 * 'exact': every key and query. 'coarse': a subsample of keys and queries,
 * for a first look at a large data set while the exact frame is computed.
 */
export type FrameQuality = 'exact' | 'coarse'

/**
 * The part of a frame to compute: the fit (and what comes with it) or the
 * heatmap, so that two workers make one frame at once (a machine may have two
 * cores, and the page waits meanwhile); the whole frame when not given.
 */
export type FramePart = 'fit' | 'heatmap'

export interface FrameRequest {
  data: DataRef
  kernel: KernelId
  sigma: number
  view: ViewSize
  quality: FrameQuality
  part?: FramePart
  /**
   * With parts: the fraction of the heatmap's rows, from the first, that the
   * fit's part computes too; the heatmap's part computes the others (0 when
   * not given: the fit's part has no heatmap). The fit alone usually takes a
   * fraction of the heatmap's time, so both workers end at about once.
   */
  split?: number
}

export interface HeatmapView {
  rows: number
  cols: number
  values: Float64Array
  max: number
  rowEdges: Float64Array
  colEdges: Float64Array
  undefinedRows: number[]
}

export interface DataExtent {
  xQuery: [number, number]
  yTruth: [number, number] | null
}

/** One picture of the estimator: what the fit, the heatmap and the kernel panels draw. */
export interface LiveFrame {
  quality: FrameQuality
  /** For a coarse frame: how much of the data it used. */
  coarse: { keys: number; queries: number } | null
  kernel: KernelId
  sigma: number
  n: number
  m: number
  /** Display points of the fit, ascending in x; NaN where undefined. */
  xs: Float64Array
  yHat: Float64Array
  yTruth: Float64Array | null
  /** Training points drawn, and their positions in the data set (the probe shades them). */
  xTrain: Float64Array
  yTrain: Float64Array
  trainIndex: Uint32Array
  baseline: number
  /** The range of all queries, and of the truth at all of them: the fit's axes, the same at every sigma. */
  extent: DataExtent
  /** Queries with no key in reach (all of them, not only the drawn ones). */
  undefinedCount: number
  heatmap: HeatmapView
  fitAlgorithm: Algorithm
  fitErrorBound: number
  heatmapAlgorithm: Algorithm
  /** Exact frames: the test MSE as a saved run computes it. */
  testMse: number | null
  /**
   * A part of a fused frame (frame.ts: fusedPart): the sum of squared errors
   * against the truth at its queries and how many were defined (squaredErrors); the join
   * makes testMse of the two.
   */
  testErrors?: { sum: number; used: number } | null
  /** Time the worker spent, in ms (data generation included when it had to make the data). */
  workerMs: number
  /**
   * Of that, the estimator's fit and the heatmap's rows (what a frame's split is balanced by; 0 for what the part did
   * not compute). A compact kernel's fit comes with the rows, in one pass (frame.ts: fusedRows): all of it is heatMs.
   */
  fitMs: number
  heatMs: number
  /** The worker had this frame already (frameMemo.ts): a copy, no engine call. */
  reused: boolean
  /** A frame joined from two workers' parts (previewClient.splitFrame): the split and each part's worker time, for the frame log. */
  parts?: FrameParts
}

/** The split of a frame joined from two parts, each part's worker time and the fit's own (ms). */
export interface FrameParts {
  split: number
  fitPartMs: number
  fitMs: number
  heatPartMs: number
}

/** Metrics a saved run stores that need more than the fit (computed after the frame, off the input path). */
export interface FrameMetrics {
  trainMse: number | null
  looScore: number | null
}

export interface ProbeRequest {
  data: DataRef
  kernel: KernelId
  sigma: number
  query: number
  /** Positions of the training points the fit draws, to shade them by weight. */
  shadeIndex: Uint32Array
  maxBars: number
}

export interface ProbeResult {
  query: number
  kernel: KernelId
  sigma: number
  /** f(query), null when no key is in reach. */
  estimate: number | null
  /** Keys with a positive weight. */
  keysInReach: number
  /** 1 / sum(alpha^2): how many keys the query effectively attends to. */
  effectiveKeys: number | null
  /** -sum(alpha log alpha), in nats. */
  entropy: number | null
  /** Bars: one per key near the query, or bins of keys when there are too many (binned). */
  bars: { x: Float64Array; weight: Float64Array; value: Float64Array; width: number; binned: boolean; keys: number; mass: number }
  /** Normalised weights of the drawn training points. */
  shading: Float64Array
}

export interface LooCurveRequest {
  data: DataRef
  kernel: KernelId
  points: number
}

export interface LooCurvePoint {
  sigma: number
  /** Mean squared leave-one-out error; null where some point has no neighbour in reach. */
  score: number | null
}

export interface LooCurveUpdate {
  /** Evaluated so far, ascending in sigma. */
  points: LooCurvePoint[]
  /** How many of the grid's points are done, of how many. */
  done: number
  total: number
  rules: { silverman: number | null; scott: number | null }
  /** The grid's best point so far. */
  best: LooCurvePoint | null
  /**
   * The grid's best point refined as the bandwidth search refines its own (Brent in log sigma to
   * 1e-7, the estimator's default tolerance), sent after the grid when that point is inside it: the
   * editor's "LOO optimum" to the digits shown, when both find the same valley. Null at an end of the
   * grid (the minimum may lie beyond it), above 10^5 keys, or where no score is defined.
   */
  optimum?: { sigma: number; score: number } | null
}

/** A saved run's numbers, to hold against what this page computes for the same target. */
export interface RunNumbers {
  xTrain: Float64Array
  yTrain: Float64Array
  /** The nonparametric fit at the run's kernel and sigma; NaN where undefined. */
  yHat: Float64Array
}

/** How a saved run's numbers compare with this page's: counts of entries whose bits differ, and the largest gaps. */
export interface NumbersComparison {
  points: number
  queries: number
  dataDiffering: number
  fitDiffering: number
  /** Largest |run - page| over the estimates, and the same relative to |run|. */
  maxAbs: number
  maxRel: number
}

export type WorkerRequest =
  | { type: 'frame'; id: number; request: FrameRequest }
  | { type: 'metrics'; id: number; data: DataRef; kernel: KernelId; sigma: number }
  | { type: 'probe'; id: number; request: ProbeRequest }
  | { type: 'loo-curve'; id: number; request: LooCurveRequest }
  | { type: 'compare'; id: number; data: DataRef; kernel: KernelId; sigma: number; run: RunNumbers }
  /** Stop a LOO curve between two of its points. */
  | { type: 'cancel'; id: number }
  /** Hold a LOO curve between points while the interactive worker is busy (2 cores), then go on. */
  | { type: 'pause' }
  | { type: 'resume' }
  /** Make the data now, so the next request does not wait for it. */
  | { type: 'warm'; id: number; data: DataRef }

export type WorkerReply =
  | { type: 'frame'; id: number; frame: LiveFrame }
  | { type: 'metrics'; id: number; metrics: FrameMetrics }
  | { type: 'probe'; id: number; probe: ProbeResult }
  | { type: 'compare'; id: number; comparison: NumbersComparison }
  | { type: 'loo-curve'; id: number; update: LooCurveUpdate; final: boolean }
  | { type: 'warm'; id: number }
  /** The worker no longer holds imported data it was sent once: send it again. */
  | { type: 'missing-data'; id: number; key: string }
  | { type: 'cancelled'; id: number }
  | { type: 'error'; id: number; message: string }
