import type { KernelId } from './kernels'

/**
 * The engine's public types: what callers hand in and what they get back.
 * Every result says how it was computed and bounds its error, so no caller
 * has to guess (or default) either.
 */

/**
 * How a result was computed: the dense reference code, or one of the fast
 * paths (a truncated Gaussian window, the fast Gauss transform, windows and
 * moments for compact kernels, a closed form for the constant kernel, and
 * for vector inputs every pair in WebAssembly SIMD with a polynomial exp).
 */
export type Algorithm = 'dense' | 'window' | 'fgt' | 'compact' | 'constant' | 'simd'

/** One Nadaraya-Watson estimation: keys (training inputs), values (training outputs), queries. */
export interface NwProblem {
  keys: Float64Array
  values: Float64Array
  queries: Float64Array
  kernel: KernelId
  sigma: number
}

export interface NwPrediction {
  /** Estimates at the queries; NaN where the estimate is undefined. */
  yHat: Float64Array
  /**
   * Queries with zero total kernel weight (a compact kernel with no key in
   * reach): their estimate would be 0/0, so it is reported here instead.
   */
  undefinedQueries: number[]
  /** The algorithm that computed the estimates. */
  algorithm: Algorithm
  /**
   * Bound on |estimate - exact estimate| over all queries from truncation or
   * cancellation (rounding of an ordinary sum not included): 0 for dense and
   * exact paths, at most the requested tolerance for the others.
   */
  errorBound: number
}

export interface NwWeights extends NwPrediction {
  /** Attention weights, row-major m x n (query i, key j at i * n + j); rows sum to 1, undefined rows are 0. */
  weights: Float64Array
  rows: number
  cols: number
}

/**
 * The attention-weight heatmap at display resolution: queries and keys are
 * sorted ascending (the chapter's "sorted testing inputs" by "sorted training
 * inputs"), cut into `rows` x `cols` blocks of consecutive points (sizes
 * differing by at most one), and each cell is the exact mean of the weights
 * alpha_ij over its block. With rows = m and cols = n it is the weight matrix.
 */
/**
 * Rows [from, to) of a heatmap, for computing it in parts (two workers, one
 * frame): the rows outside are left 0 and out of `max`, `undefinedRows` and
 * `errorBound`; the rows inside are exactly those of the whole heatmap.
 */
export interface RowRange {
  from: number
  to: number
}

export interface Heatmap {
  rows: number
  cols: number
  /** Block means, row-major rows x cols. Rows of undefined queries are 0. */
  values: Float64Array
  /** Largest cell, for the colour scale. */
  max: number
  /** Sorted query values where each row block starts, plus the last query (length rows + 1). */
  rowEdges: Float64Array
  /** Sorted key values where each column block starts, plus the last key (length cols + 1). */
  colEdges: Float64Array
  /** Rows that contain a query no key reaches. */
  undefinedRows: number[]
  /** How the cells were computed, and a bound on |cell - exact cell| (0: exact up to rounding). */
  algorithm: Algorithm
  errorBound: number
}

/** Reported after each chunk of queries; throwing from it stops the computation (a cancel). */
export type ChunkProgress = (done: number, total: number) => void

export interface NwOptions {
  /** Largest acceptable error of any estimate, in the values' units (default: 1e-12 times their spread). */
  tolerance?: number
  /**
   * Force an algorithm. For tests and benchmarks that compare the paths;
   * the app never sets it (route.ts decides). 'dense' applies to every
   * kernel, 'window' and 'fgt' to the Gaussian; compact and constant kernels
   * always take their own exact path beyond the dense size.
   */
  algorithm?: Algorithm
  /**
   * Called after each chunk of queries with how many are done, so a long fit
   * can report progress; an exception thrown from it stops the fit (cancel).
   */
  onProgress?: ChunkProgress
}

/** The parametric model's loss on a batch and its derivative in w. */
export interface LossAndGradient {
  /** Loss of this batch at w (with the chosen reduction). */
  loss: number
  /** d loss / d w. */
  gradient: number
  /** Sum over the batch of (f_i - y_i)^2 / 2, before any averaging. */
  sumHalfSquaredError: number
  /** How the sums were computed. */
  algorithm: Algorithm
  /** Bounds on the errors of loss and gradient from a fast path's truncation (0 for exact paths). */
  lossErrorBound: number
  gradientErrorBound: number
}

/** Half the squared error summed over the batch (the oldest edition) or averaged (the middle one). */
export type LossKind = 'sum-half' | 'mean-half'

export interface ParametricBatch {
  /** All training inputs (keys) and outputs (values). */
  keys: Float64Array
  values: Float64Array
  /** Indices into keys/values of the training points used as queries. */
  queryIndices: Uint32Array
  /** Leave the query's own pair out of its keys. */
  leaveOneOut: boolean
}
