import { InputError, requireFiniteArray } from '../errors'
import type { KernelId } from './kernels'
import type { NwPrediction, NwWeights } from './types'
import type { KernelShape, Scoring, VectorOptions, VectorProblem } from './vectorTypes'
import { MAX_DENSE_WEIGHTS } from './dense/nonparametric'
import { DenseEvaluator } from './vectorCore/dense'
import { prepare, validateDimension, validateSigma, type Prepared } from './vectorCore/prepare'
import { fillRow } from './vectorCore/row'
import { planVector, runChunked, undefinedRows, type VectorPlan } from './vectorCore/run'

/**
 * The vector engine's front door: Nadaraya-Watson and local-linear
 * estimates with inputs in R^d, a width per coordinate, product or radial
 * kernels and distance or dot-product scoring. Which code answers is decided
 * here (vectorCore/run.ts): the dense reference for small problems and for
 * dot-product scoring, a k-d tree for compact kernels (exact), and for the
 * Gaussian the cheaper of its truncated window and, in d <= 3, the Chebyshev
 * grid transform ('fgt'), each within `tolerance`, beyond. The
 * one-dimensional engine (estimate.ts) keeps its own, faster paths: callers
 * with d = 1 and the distance-scored Nadaraya-Watson estimator should use it.
 */

export function vectorPredict(p: VectorProblem, options: VectorOptions = {}): NwPrediction {
  return vectorPredictPlanned(vectorWork(p, options), options.onProgress)
}

/** vectorPredict of a problem planned beforehand (vectorWork), on this thread: for callers that chose threads by the plan. */
export function vectorPredictPlanned(work: VectorWork, onProgress?: VectorOptions['onProgress']): NwPrediction {
  const yHat = new Float64Array(work.prepared.m)
  return joinVectorPrediction(work, yHat, vectorPredictRange(work, 0, work.prepared.m, yHat, onProgress))
}

/** Leave-one-out estimates at the training inputs (the problem's queries are ignored). */
export function vectorLooPredict(p: Omit<VectorProblem, 'queries'>, options: VectorOptions = {}): NwPrediction {
  const prepared = prepare({ ...p, queries: new Float64Array(0) }, p.values, 1)
  if (prepared.n < 2) throw new InputError('leave-one-out needs at least 2 training points')
  const plan = planVector(prepared, options, true)
  const yHat = new Float64Array(prepared.n)
  const errorBound = runChunked(prepared, plan, true, yHat, 0, prepared.n, options.onProgress)
  return { yHat, undefinedQueries: undefinedRows(yHat, 1), algorithm: plan.algorithm, errorBound }
}

/**
 * Estimates and the full matrix of kernel weights (m x n, rows normalised
 * to sum to 1; for local-linear these are the kernel weights, not its
 * equivalent-kernel coefficients). At most MAX_DENSE_WEIGHTS entries.
 */
export function vectorWeights(p: VectorProblem): NwWeights {
  const prepared = prepare(p, p.values, 1)
  const { n, m } = prepared
  if (n * m > MAX_DENSE_WEIGHTS) {
    throw new InputError(`a ${m} x ${n} weight matrix is too large to build (${n * m} entries, at most ${MAX_DENSE_WEIGHTS})`)
  }
  const dense = new DenseEvaluator(prepared)
  const yHat = new Float64Array(m)
  dense.run(prepared.queries, 0, m, yHat, false)
  const weights = new Float64Array(n * m)
  for (let i = 0; i < m; i++) dense.weights(prepared.queries, i, weights.subarray(i * n, (i + 1) * n))
  return { yHat, undefinedQueries: undefinedRows(yHat, 1), algorithm: 'dense', errorBound: 0, weights, rows: m, cols: n }
}

export interface VectorKernelSpec {
  kernel: KernelId
  sigma: Float64Array
  scoring?: Scoring
  shape?: KernelShape
}

/**
 * One query's unnormalised weights over every key, written into `out`
 * (length n); returns their sum (0: no key in reach). For a probe or a hover.
 */
export function vectorAttentionRow(query: Float64Array, keys: Float64Array, d: number, spec: VectorKernelSpec, out: Float64Array): number {
  if (query.length !== d) throw new InputError(`the query has ${query.length} coordinates, the keys ${d}`)
  const prepared = prepare({ keys, d, queries: query, ...spec }, new Float64Array(keys.length / d), 1)
  return fillRow(prepared, prepared.queries, 0, out)
}

/**
 * The order to draw keys in for one query's row of the attention heatmap:
 * by scaled distance to the query (nearest first), or by one coordinate.
 */
export function keyOrder(keys: Float64Array, d: number, by: { query: Float64Array; sigma: Float64Array } | { coordinate: number }): Uint32Array {
  validateDimension(d)
  const n = keys.length / d
  const order = Uint32Array.from({ length: n }, (_, j) => j)
  const rank = new Float64Array(n)
  if ('coordinate' in by) {
    if (!Number.isInteger(by.coordinate) || by.coordinate < 0 || by.coordinate >= d) {
      throw new InputError(`coordinate must be an integer in [0, ${d - 1}] (got ${by.coordinate})`)
    }
    for (let j = 0; j < n; j++) rank[j] = keys[j * d + by.coordinate]!
  } else {
    validateSigma(by.sigma, d)
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let l = 0; l < d; l++) {
        const u = (by.query[l]! - keys[j * d + l]!) / by.sigma[l]!
        s += u * u
      }
      rank[j] = s
    }
  }
  order.sort((a, b) => rank[a]! - rank[b]! || a - b)
  return order
}

export interface Standardization {
  mean: Float64Array
  /** Standard deviation per coordinate (ddof 1); 1 where a coordinate is constant. */
  scale: Float64Array
}

/** Per-coordinate mean and standard deviation of row-major inputs. */
export function standardization(x: Float64Array, d: number): Standardization {
  validateDimension(d)
  requireFiniteArray(x, 'inputs')
  const n = x.length / d
  const mean = new Float64Array(d)
  const scale = new Float64Array(d)
  for (let i = 0; i < n; i++) for (let l = 0; l < d; l++) mean[l] = mean[l]! + x[i * d + l]!
  for (let l = 0; l < d; l++) mean[l] = mean[l]! / n
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < d; l++) {
      const u = x[i * d + l]! - mean[l]!
      scale[l] = scale[l]! + u * u
    }
  }
  for (let l = 0; l < d; l++) {
    const sd = n > 1 ? Math.sqrt(scale[l]! / (n - 1)) : 0
    scale[l] = sd > 0 ? sd : 1
  }
  return { mean, scale }
}

/** (x - mean) / scale per coordinate, as a new array. */
export function standardize(x: Float64Array, d: number, s: Standardization): Float64Array {
  const out = new Float64Array(x.length)
  for (let i = 0; i < x.length; i += d) for (let l = 0; l < d; l++) out[i + l] = (x[i + l]! - s.mean[l]!) / s.scale[l]!
  return out
}

/**
 * Threads: the plan and prepared arrays for a prediction, plain data a
 * worker can run a range of queries of (vectorPredictRange) with the same
 * bits as vectorPredict.
 */
export interface VectorWork {
  prepared: Prepared
  plan: VectorPlan
}

export function vectorWork(p: VectorProblem, options: Pick<VectorOptions, 'tolerance' | 'algorithm'> = {}): VectorWork {
  const prepared = prepare(p, p.values, 1)
  return { prepared, plan: planVector(prepared, options, false) }
}

/** Estimates of queries [from, to) into yHat (by query index); returns their largest error bound. */
export function vectorPredictRange(work: VectorWork, from: number, to: number, yHat: Float64Array, onProgress?: VectorOptions['onProgress']): number {
  return runChunked(work.prepared, work.plan, false, yHat, from, to, onProgress)
}

/** The whole prediction once every range has written its estimates (as vectorPredict returns it). */
export function joinVectorPrediction(work: VectorWork, yHat: Float64Array, errorBound: number): NwPrediction {
  return { yHat, undefinedQueries: undefinedRows(yHat, 1), algorithm: work.plan.algorithm, errorBound }
}
