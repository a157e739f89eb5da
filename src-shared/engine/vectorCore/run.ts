import { InputError } from '../../errors'
import { windowT2 } from '../fast/gaussWindow'
import { takesDensePath } from '../route'
import type { Algorithm, ChunkProgress } from '../types'
import type { VectorOptions } from '../vectorTypes'
import { DenseEvaluator } from './dense'
import { GRID_MAX_DIMENSION, planGrid, type GridPlan } from './gaussGrid'
import { GridEvaluator } from './gridEvaluator'
import { gaussSimdAvailable } from './gaussSimd'
import { SimdEvaluator, simdExpectedBound } from './simdEvaluator'
import * as fastExp from './fastExp'
import { isCompact, isGaussianDistance, type Prepared } from './prepare'
import { WindowEvaluator } from './window'

// Bound once: under tsx (esbuild's CommonJS output) each use of an imported name is a getter call.
const { expNeg } = fastExp

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
  /** The grid transform's layout ('fgt'). */
  grid?: GridPlan
  /** The SIMD path's truncation: exp arguments below -cut weigh 0 ('simd'). */
  cut?: number
}

/** Default tolerance relative to the spread of the values (class scores: 1), as in one dimension. */
const RELATIVE_TOLERANCE = 1e-12
/** Queries sampled to estimate a Gaussian window's size. */
const WINDOW_SAMPLES = 32
/** Above this share of the keys per window the tree costs more than it saves. */
const WINDOW_MAX_SHARE = 0.5
/** Query-key pairs per progress report (and per cancellation check). */
const CHUNK_PAIRS = 2_000_000
/** Queries per chunk at most (a window path may visit them in its own order within a chunk). */
const MAX_CHUNK_QUERIES = 8192
/** Work per query-key pair of the window or dense sums beyond the d coordinates (an exp, sums), in multiply-adds. */
const PAIR_COST = 15
/** The grid must bound queries whose denominator is this fraction of the sampled low quantile's. */
const DENOMINATOR_MARGIN = 0.25
/** The local-linear window is wider: its bound carries |M^-1| and |beta| (see window.ts). */
const LOCAL_LINEAR_EXTRA_T2 = 2 * Math.log(1e6)
/**
 * How many times faster the SIMD kernel runs a query-key pair than the
 * JavaScript dense code: measured (CPU time, n = 4000, m = 1000) 1.9 at
 * d = 2, 2 to 3 at d = 3 to 16, 4 at d = 32; 1.35 at d = 1, where the
 * exp is nearly all of the work.
 */
const SIMD_SPEEDUP = 2
const SIMD_SPEEDUP_D1 = 1.3
/** Largest memory the SIMD kernel may lay out (its offsets are 32-bit). */
const SIMD_MAX_BYTES = 2 ** 30

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

/**
 * `leaveOneOut` plans a full leave-one-out pass (every key a query);
 * `leavesOut` says whether the rows will be run leave-one-out at all, as
 * the held-out score runs a few keys' rows against queries planned as
 * ordinary ones: the SIMD kernel has no such rows.
 */
export function planVector(p: Prepared, options: VectorOptions, leaveOneOut: boolean, leavesOut = leaveOneOut): VectorPlan {
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
  if (forced === 'simd') {
    const cut = simdCut(p, tolerance, leavesOut)
    if (cut === null) throw new InputError('the SIMD path needs the Gaussian Nadaraya-Watson estimator (one value per key, no leave-one-out), WebAssembly SIMD and a tolerance it can meet')
    return { ...base, algorithm: 'simd', cut }
  }
  if (forced === 'fgt') {
    if (!gridApplies(p)) throw new InputError(`the grid transform needs the Gaussian Nadaraya-Watson estimator with at most ${GRID_MAX_DIMENSION} coordinates`)
    const grid = planGrid(p, leaveOneOut, tolerance, sampleGaussian(p, t2, leaveOneOut).denominatorFloor)
    if (!grid) throw new InputError('no grid transform meets this tolerance for these inputs')
    return { ...base, algorithm: 'fgt', grid }
  }
  if (takesDensePath(p.n * queries) || p.kernel === 'constant') return { ...base, algorithm: 'dense' }
  if (isCompact(p)) return { ...base, algorithm: 'compact' }
  const sample = sampleGaussian(p, t2, leaveOneOut)
  const share = sample.windowShare
  const pairs = p.n * queries * (p.d + PAIR_COST)
  const direct = share <= WINDOW_MAX_SHARE ? { ...base, algorithm: 'window' as const, cost: share * pairs } : { ...base, algorithm: 'dense' as const, cost: pairs }
  const grid = gridApplies(p) ? planGrid(p, leaveOneOut, tolerance, sample.denominatorFloor) : null
  const gridCost = grid ? grid.cost + sample.fallbackShare * share * pairs : Infinity
  const cut = simdCut(p, tolerance, leavesOut)
  const simdCost = cut !== null ? pairs / (p.d === 1 ? SIMD_SPEEDUP_D1 : SIMD_SPEEDUP) : Infinity
  // A pair in the window costs the tree's walk too: WINDOW_MAX_SHARE says the window breaks even with dense at that share.
  const directCost = direct.algorithm === 'window' ? direct.cost / WINDOW_MAX_SHARE : direct.cost
  if (cut !== null && simdCost < directCost && simdCost < gridCost) return { ...base, algorithm: 'simd', cut }
  if (grid && gridCost < direct.cost) return { ...base, algorithm: 'fgt', grid }
  return { ...base, algorithm: direct.algorithm }
}

/**
 * The SIMD path's truncation margin for this problem, or null where it does
 * not apply or its bound (simdEvaluator.ts) would not meet the tolerance:
 * half the tolerance goes to the keys past the cut, half to the exps.
 */
function simdCut(p: Prepared, tolerance: number, leaveOneOut: boolean): number | null {
  if (leaveOneOut || !isGaussianDistance(p) || p.estimator !== 'nw' || p.c !== 1) return null
  if (8 * p.d * (p.n + 1) + 16 * (p.n + 1) > SIMD_MAX_BYTES || !gaussSimdAvailable()) return null
  const range = valueRange(p)
  const cut = range > 0 ? Math.min(708, Math.max(1, Math.log((2 * p.n * range) / tolerance))) : 708
  return simdExpectedBound(p.n, cut, range) <= tolerance / 2 ? cut : null
}

function gridApplies(p: Prepared): boolean {
  return isGaussianDistance(p) && p.estimator === 'nw' && p.d <= GRID_MAX_DIMENSION
}

interface GaussSample {
  /** Mean share of the keys inside the window s <= s_min + t2. */
  windowShare: number
  /**
   * A low denominator sum_j exp(-|u|^2 / 2) (the 1/8 quantile, times a
   * margin): the grid is sized to bound queries down to it, and the rarer
   * emptier ones fall back to the window.
   */
  denominatorFloor: number
  /** Share of the sample queries below that floor: the grid sends them to the window. */
  fallbackShare: number
}

/** One brute-force pass over evenly spaced sample queries: cheaper than building a tree to ask it. */
function sampleGaussian(p: Prepared, t2: number, leaveOneOut: boolean): GaussSample {
  const qs = leaveOneOut ? p.keys : p.queries
  const m = leaveOneOut ? p.n : p.m
  const samples = Math.min(m, WINDOW_SAMPLES)
  if (samples === 0) return { windowShare: 0, denominatorFloor: 1, fallbackShare: 0 }
  const { d, n, keys } = p
  const dist = new Float64Array(n)
  const sums = new Float64Array(samples)
  let inside = 0
  for (let s = 0; s < samples; s++) {
    const i = Math.floor(((s + 0.5) * m) / samples)
    let nearest = Infinity
    for (let j = 0; j < n; j++) {
      let u2 = 0
      for (let l = 0; l < d; l++) {
        const u = qs[i * d + l]! - keys[j * d + l]!
        u2 += u * u
      }
      if (leaveOneOut && j === i) u2 = Infinity
      dist[j] = u2
      if (u2 < nearest) nearest = u2
    }
    let sum = 0
    for (let j = 0; j < n; j++) {
      const u2 = dist[j]!
      if (u2 <= nearest + t2) inside++
      sum += expNeg(-0.5 * u2)
    }
    sums[s] = sum
  }
  // Queries with no mass in reach (far from every key) fall back whatever the grid: the floor is for the others.
  sums.sort()
  let empty = 0
  while (empty < samples && !(sums[empty]! > 0)) empty++
  const floor = empty < samples ? DENOMINATOR_MARGIN * sums[empty + Math.floor((samples - empty) / 8)]! : 0
  let below = 0
  while (below < samples && sums[below]! < floor) below++
  return { windowShare: inside / samples / n, denominatorFloor: floor, fallbackShare: below / samples }
}

export interface Evaluator {
  run(qs: Float64Array, from: number, to: number, out: Float64Array, leaveOneOut: boolean): number | void
  /** Keys a query looks at, where fewer than all of them (sizes the chunks). */
  readonly pairsPerQuery?: number
}

export function evaluatorFor(p: Prepared, plan: VectorPlan): Evaluator {
  if (plan.algorithm === 'fgt' && plan.grid) return new GridEvaluator(p, plan.grid, plan.t2, plan.tolerance)
  if (plan.algorithm === 'window' || plan.algorithm === 'compact') return new WindowEvaluator(p, plan.algorithm, plan.t2, plan.tolerance)
  if (plan.algorithm === 'simd' && plan.cut !== undefined) return new SimdEvaluator(p, plan.cut, plan.tolerance)
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
  const perQuery = Math.max(1, Math.min(p.n, evaluator.pairsPerQuery ?? p.n))
  const chunk = Math.max(1, Math.min(MAX_CHUNK_QUERIES, Math.floor(CHUNK_PAIRS / perQuery)))
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
