import type { KernelId } from './kernels'
import type { Algorithm, ChunkProgress } from './types'

/**
 * Public types of the vector engine: inputs x in R^d (1 <= d <= 32), one
 * width per coordinate, the Nadaraya-Watson (local-constant) or local-linear
 * estimator, and class scores for classification. Every result names its
 * algorithm and bounds its error, as the one-dimensional engine's do.
 */

/** Most coordinates an input may have. */
export const MAX_DIMENSION = 32

export const ESTIMATORS = ['nw', 'local-linear'] as const
/** Local-constant (Nadaraya-Watson) or local-linear (statsmodels' reg_type 'lc' and 'll'). */
export type Estimator = (typeof ESTIMATORS)[number]

export const SCORINGS = ['distance', 'dot'] as const
/**
 * How a query scores a key: the kernel of the scaled distance, or (the
 * chapter's exercise 3) the dot product q.k / sigma^2 of the scaled inputs,
 * softmaxed. On inputs of equal scaled norm both give the same weights.
 */
export type Scoring = (typeof SCORINGS)[number]

export const KERNEL_SHAPES = ['product', 'radial'] as const
/**
 * product: K(u_1) K(u_2) ... K(u_d), statsmodels' multivariate kernel;
 * radial: K(|u|) of the scaled distance |u|, u_l = (q_l - k_l) / sigma_l.
 * The two coincide for the Gaussian and the constant kernel.
 */
export type KernelShape = (typeof KERNEL_SHAPES)[number]

/**
 * One estimation with vector inputs. Inputs are row-major: key j's
 * coordinate l at keys[j * d + l]; likewise for the queries.
 */
export interface VectorProblem {
  keys: Float64Array
  d: number
  /** One value per key. */
  values: Float64Array
  queries: Float64Array
  kernel: KernelId
  /** One width per coordinate (length d), each > 0. */
  sigma: Float64Array
  /** Default 'nw'. */
  estimator?: Estimator
  /** Default 'distance'. */
  scoring?: Scoring
  /** Default 'product'. */
  shape?: KernelShape
}

export interface VectorOptions {
  /** Largest acceptable error of any estimate, in the values' units (default 1e-12 times their spread). */
  tolerance?: number
  /** Force an algorithm (tests and benchmarks): 'dense', 'window' (Gaussian), 'fgt' (Gaussian Nadaraya-Watson, d <= 3) or 'compact'. */
  algorithm?: Algorithm
  /** Called after each chunk of queries; throwing from it stops the computation. */
  onProgress?: ChunkProgress
}

/** A classification problem: the values are class indices 0 .. classCount - 1 (one-hot class vectors, stored compactly). */
export interface ClassProblem extends Omit<VectorProblem, 'values' | 'estimator'> {
  labels: Uint32Array
  classCount: number
}

export interface ClassPrediction {
  /** Class scores, row-major m x classCount; each defined row sums to 1. NaN rows: undefined queries. */
  scores: Float64Array
  classCount: number
  /** Index of the highest score per query (the lowest index on ties); -1 where undefined. */
  predicted: Int32Array
  undefinedQueries: number[]
  algorithm: Algorithm
  /** Bound on |score - exact score| over every query and class. */
  errorBound: number
}
