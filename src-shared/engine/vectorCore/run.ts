import { InputError } from '../../errors'
import { windowT2 } from '../fast/gaussWindow'
import { takesDensePath } from '../route'
import type { Algorithm, ChunkProgress } from '../types'
import type { VectorOptions } from '../vectorTypes'
import { DenseEvaluator } from './dense'
import { KdTree } from './kdtree'
import { isCompact, type Prepared } from './prepare'
import { WindowEvaluator } from './window'

/**
 * The vector engine's one decision, dense or tree, made from the whole
 * problem and kept as plain data (so threads given different query ranges
 * run the same computation), and the chunked loop that runs it with progress.
 */
export interface VectorPlan {
  algorithm: Algorithm
  tolerance: number
  /** Gaussian window margin in squared scaled distance. */
  t2: number
}

/** Default tolerance relative to the spread of the values (class scores: 1), as in one dimension. */
const RELATIVE_TOLERANCE = 1e-12
/** Queries sampled to estimate a Gaussian window's size. */
const WINDOW_SAMPLES = 32
/** Above this share of the keys per window the tree costs more than it saves. */
const WINDOW_MAX_SHARE = 0.5
/** Query-key pairs per progress report (and per cancellation check). */
const CHUNK_PAIRS = 2_000_000
/** The local-linear window is wider: its bound carries |M^-1| and |beta| (see window.ts). */
const LOCAL_LINEAR_EXTRA_T2 = 2 * Math.log(1e6)

export function valueSpread(p: Prepared): number {
  if (p.c > 1) return 1
  const v = p.values
  let mean = 0
  for (let j = 0; j < v.length; j++) mean += v[j]!
  mean /= v.length
  let spread = 0
  for (let j = 0; j < v.length; j++) spread = Math.max(spread, Math.abs(v[j]! - mean))
  return spread
}

function valueRange(p: Prepared): number {
  if (p.c > 1) return 1
  let lo = Infinity
  let hi = -Infinity
  for (let j = 0; j < p.values.length; j++) {
    lo = Math.min(lo, p.values[j]!)
    hi = Math.max(hi, p.values[j]!)
  }
  return hi - lo
}

export function planVector(p: Prepared, options: VectorOptions, leaveOneOut: boolean): VectorPlan {
  const spread = valueSpread(p)
  const tolerance = options.tolerance ?? (spread > 0 ? RELATIVE_TOLERANCE * spread : RELATIVE_TOLERANCE)
  if (options.tolerance !== undefined && !(options.tolerance > 0)) throw new InputError(`tolerance must be > 0 (got ${options.tolerance})`)
  let t2 = windowT2(p.n, valueRange(p), tolerance)
  if (p.estimator === 'local-linear') t2 += LOCAL_LINEAR_EXTRA_T2
  const base = { tolerance, t2 }
  const queries = leaveOneOut ? p.n : p.m
  const forced = options.algorithm
  if (forced === 'dense' || p.scoring === 'dot') return { ...base, algorithm: 'dense' }
  if (forced === 'compact' || forced === 'window') {
    if (forced === 'compact' && !isCompact(p)) throw new InputError('the compact path needs a compact kernel')
    if (forced === 'window' && p.kernel !== 'gaussian') throw new InputError('the window path needs the Gaussian kernel')
    return { ...base, algorithm: forced }
  }
  if (takesDensePath(p.n * queries) || p.kernel === 'constant') return { ...base, algorithm: 'dense' }
  if (isCompact(p)) return { ...base, algorithm: 'compact' }
  return { ...base, algorithm: sampleWindowShare(p, t2, leaveOneOut) <= WINDOW_MAX_SHARE ? 'window' : 'dense' }
}

/** Mean share of the keys inside a Gaussian window, over evenly spaced sample queries. */
function sampleWindowShare(p: Prepared, t2: number, leaveOneOut: boolean): number {
  const tree = new KdTree(p.keys, p.d)
  const qs = leaveOneOut ? p.keys : p.queries
  const m = leaveOneOut ? p.n : p.m
  const samples = Math.min(m, WINDOW_SAMPLES)
  if (samples === 0) return 0
  const into = { ranges: new Int32Array(256) }
  let total = 0
  for (let s = 0; s < samples; s++) {
    const i = Math.floor(((s + 0.5) * m) / samples)
    const r2 = tree.nearest(qs, i, leaveOneOut ? i : -1) + t2
    const count = tree.search(qs, i, r2, 0, into)
    for (let g = 0; g < count; g++) total += into.ranges[2 * g + 1]! - into.ranges[2 * g]!
  }
  return total / samples / p.n
}

export interface Evaluator {
  run(qs: Float64Array, from: number, to: number, out: Float64Array, leaveOneOut: boolean): number | void
}

export function evaluatorFor(p: Prepared, plan: VectorPlan): Evaluator {
  if (plan.algorithm === 'window' || plan.algorithm === 'compact') return new WindowEvaluator(p, plan.algorithm, plan.t2, plan.tolerance)
  return new DenseEvaluator(p)
}

/**
 * Runs queries [from, to) in chunks, reporting progress after each;
 * returns the largest error bound. `out` is m x c (or n x c for leave-one-out).
 */
export function runChunked(
  p: Prepared,
  plan: VectorPlan,
  leaveOneOut: boolean,
  out: Float64Array,
  from: number,
  to: number,
  onProgress?: ChunkProgress,
  evaluator: Evaluator = evaluatorFor(p, plan),
): number {
  const qs = leaveOneOut ? p.keys : p.queries
  const chunk = Math.max(1, Math.floor(CHUNK_PAIRS / p.n))
  let worst = 0
  for (let start = from; start < to; start += chunk) {
    const end = Math.min(to, start + chunk)
    const bound = evaluator.run(qs, start, end, out, leaveOneOut) ?? 0
    if (bound > worst) worst = bound
    onProgress?.(end - from, to - from)
  }
  return worst
}

/** Indices of queries whose first channel is NaN. */
export function undefinedRows(out: Float64Array, c: number): number[] {
  const list: number[] = []
  for (let i = 0; i * c < out.length; i++) if (Number.isNaN(out[i * c]!)) list.push(i)
  return list
}
