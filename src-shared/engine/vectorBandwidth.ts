import { InputError } from '../errors'
import { robustScale, type LooScore } from './bandwidth'
import { canonicalBandwidthRatio } from './kernelMoments'
import type { KernelId } from './kernels'
import type { NwPrediction } from './types'
import { vectorLooPredict } from './vector'
import type { Estimator, KernelShape, VectorOptions } from './vectorTypes'
import { lbfgs } from './vectorCore/lbfgs'
import { LooObjective } from './vectorCore/looObjective'
import { nelderMead } from './vectorCore/nelderMead'
import { createRng, permutation } from './rng'
import { validateInputs } from './vectorCore/prepare'

/**
 * Bandwidth vectors: one width per coordinate.
 *
 * Rules of thumb apply the one-dimensional rules per coordinate at the
 * d-dimensional rate: sigma_l = c A_l n^(-1/(d+4)), A_l = min(sd_l, IQR_l / 1.349),
 * c = 0.9 (Silverman) or 1.059 (Scott), scaled to the kernel by its canonical
 * bandwidth; for d = 1 these are exactly bandwidth.ts's rules.
 *
 * Leave-one-out cross-validation minimises the mean squared leave-one-out
 * error over the whole vector, in log sigma. For the Gaussian
 * Nadaraya-Watson estimator the score has an analytic gradient
 * (vectorCore/looObjective.ts) and L-BFGS runs from several starts, one of them
 * statsmodels' own (1.06 sd_l n^(-1/(4+d))), so on the same data it ends no
 * worse than statsmodels' cv_ls from its start. Other kernels and the
 * local-linear fit have no gradient here: Nelder-Mead (statsmodels' own
 * optimiser) from several starts.
 */

export interface VectorBandwidthSpec {
  keys: Float64Array
  d: number
  values: Float64Array
  kernel: KernelId
  estimator?: Estimator
  shape?: KernelShape
}

function checkColumns(keys: Float64Array, d: number, n: number): Float64Array[] {
  const columns: Float64Array[] = []
  for (let l = 0; l < d; l++) {
    const column = new Float64Array(n)
    for (let i = 0; i < n; i++) column[i] = keys[i * d + l]!
    let lo = Infinity
    let hi = -Infinity
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, column[i]!)
      hi = Math.max(hi, column[i]!)
    }
    if (!(hi > lo)) throw new InputError(`input coordinate ${l + 1} is constant (every training point has ${lo}): it carries no information; leave it out`)
    columns.push(column)
  }
  return columns
}

export function vectorRuleOfThumb(keys: Float64Array, d: number, method: 'silverman' | 'scott', kernel: KernelId): Float64Array {
  const { n } = validateInputs({ keys, d, queries: new Float64Array(0), kernel, sigma: new Float64Array(d).fill(1) })
  if (n < 2) throw new InputError('a rule-of-thumb bandwidth needs at least 2 training points')
  const factor = method === 'silverman' ? 0.9 : 1.059
  const rate = n ** (-1 / (d + 4))
  return Float64Array.from(checkColumns(keys, d, n), (column) => factor * robustScale(column) * rate * canonicalBandwidthRatio(kernel))
}

/** statsmodels KernelReg's starting point for cv_ls: 1.06 sd_l n^(-1/(4+d)) (sd with ddof 0, as np.std). */
export function statsmodelsStart(keys: Float64Array, d: number): Float64Array {
  const n = keys.length / d
  const out = new Float64Array(d)
  for (let l = 0; l < d; l++) {
    let mean = 0
    for (let i = 0; i < n; i++) mean += keys[i * d + l]!
    mean /= n
    let ss = 0
    for (let i = 0; i < n; i++) ss += (keys[i * d + l]! - mean) ** 2
    out[l] = 1.06 * Math.sqrt(ss / n) * n ** (-1 / (4 + d))
  }
  return out
}

function scoreOf(p: NwPrediction, values: Float64Array): LooScore {
  if (p.undefinedQueries.length > 0) return { score: Infinity, undefinedPoints: p.undefinedQueries.length, errorBound: 0 }
  let acc = 0
  let worst = 0
  for (let i = 0; i < values.length; i++) {
    const r = values[i]! - p.yHat[i]!
    acc += r * r
    worst = Math.max(worst, Math.abs(r))
  }
  const e = p.errorBound
  return { score: acc / values.length, undefinedPoints: 0, errorBound: e > 0 ? 2 * worst * e + e * e : 0 }
}

/** Mean squared leave-one-out error at the width vector `sigma`. */
export function vectorLooScore(spec: VectorBandwidthSpec, sigma: Float64Array, options: VectorOptions = {}): LooScore {
  return scoreOf(vectorLooPredict({ ...spec, sigma }, options), spec.values)
}

export interface VectorBandwidthResult {
  sigma: Float64Array
  /** Mean squared leave-one-out error at sigma (Infinity if some point has no neighbour in reach). */
  score: number
  /** Bound on the score's error from the estimator's truncation. */
  errorBound: number
  /** How the search went: the optimiser, its starts and its objective evaluations. */
  method: 'l-bfgs' | 'nelder-mead'
  starts: number
  evaluations: number
}

/** Relative tolerance of the search's own scores (the reported score uses the estimator's default). */
const SEARCH_RELATIVE_TOLERANCE = 1e-9
/** The estimator's default tolerance relative to the values' spread (vectorCore/run.ts). */
const FINAL_RELATIVE_TOLERANCE = 1e-12

function finalTolerance(values: Float64Array): number {
  let mean = 0
  for (let j = 0; j < values.length; j++) mean += values[j]!
  mean /= values.length
  let spread = 0
  for (let j = 0; j < values.length; j++) spread = Math.max(spread, Math.abs(values[j]! - mean))
  return spread > 0 ? FINAL_RELATIVE_TOLERANCE * spread : FINAL_RELATIVE_TOLERANCE
}
/** Above this many points L-BFGS runs from the best STARTS_LARGE starts only. */
const SMALL_N = 2000
const STARTS_LARGE = 2
const SUBSAMPLE_SEED = 20_240_613
const LARGE_LBFGS = { relativeTolerance: 1e-9, gradientTolerance: 1e-6, maxIterations: 30 }
const COARSE_LBFGS = { relativeTolerance: 1e-7, gradientTolerance: 1e-5, maxIterations: 30 }
/**
 * From the warm start, scipy's L-BFGS-B defaults (factr 1e7, so 2.2e-9 relative; pgtol 1e-5):
 * the full data's score is flat near its optimum (the last 1e-9 of it took as many passes
 * again, each a second, moving only irrelevant coordinates' widths).
 */
const WARM_LBFGS = { relativeTolerance: 2.2e-9, gradientTolerance: 1e-5, maxIterations: 25 }
/** The full data's first L-BFGS step from the warm start moves log widths by at most this. */
const WARM_FIRST_STEP = 0.25
const START_FACTORS = [1, 0.5, 2]
/**
 * The leave-one-out score over a width vector has local minima: from the four starts above,
 * L-BFGS once settled at a score 9% above statsmodels' cv_ls (seed 2427314780, round 20 of
 * test/fixtures/check_vector_against_statsmodels.py). Small problems therefore also start from
 * seeded random width vectors around the first start, each coordinate within a factor
 * SCATTER of it; evaluations are cheap there. Up to SCATTERED_UP_TO points, SCATTERED_STARTS more.
 */
const SCATTERED_STARTS = 16
const SCATTERED_UP_TO = 500
const SCATTER = 4
/** A fixed seed: the search is deterministic, the same data always give the same widths. */
const SCATTER_SEED = 20260101
/** Widths beyond this many times a coordinate's range are all alike: the kernel differs from flat by under 1e-12 over the data,
 *  so the score is the irrelevant-coordinate limit to its last digits (at 100 times it still differed by 2e-7). */
const WIDEST = 1e6

interface Search {
  theta: Float64Array
  value: number
  evaluations: number
}

/** L-BFGS on the Gaussian Nadaraya-Watson leave-one-out score from the given log-width starts. */
function gaussianSearch(keys: Float64Array, d: number, values: Float64Array, n: number, starts: Float64Array[], options: Pick<VectorOptions, 'onProgress'>, coarse = false): Search {
  const warm = n > SMALL_N ? warmStart(keys, d, values, n, starts) : null
  if (warm) starts = warm
  let spread = 0
  let mean = 0
  for (let j = 0; j < n; j++) mean += values[j]!
  mean /= n
  for (let j = 0; j < n; j++) spread = Math.max(spread, Math.abs(values[j]! - mean))
  const objective = new LooObjective(keys, d, values, Math.max(1e-300, SEARCH_RELATIVE_TOLERANCE * spread))
  // Beyond WIDEST times a coordinate's range its kernel is flat over the data: the score stops changing,
  // and an irrelevant coordinate's width would otherwise creep outwards for dozens of iterations.
  const caps = checkColumns(keys, d, n).map((column) => {
    let lo = Infinity
    let hi = -Infinity
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, column[i]!)
      hi = Math.max(hi, column[i]!)
    }
    return Math.log(WIDEST * (hi - lo))
  })
  const capped = new Float64Array(d)
  const f = (theta: Float64Array, g: Float64Array | null): number => {
    for (let l = 0; l < d; l++) capped[l] = Math.min(theta[l]!, caps[l]!)
    const value = objective.evaluate(capped, g)
    if (g) for (let l = 0; l < d; l++) if (theta[l]! > caps[l]!) g[l] = 0
    return value
  }
  let best: { theta: Float64Array; value: number } = { theta: starts[0]!, value: Infinity }
  let candidates = starts
  // Large n: the best starts only; on the warm start's sample and from a warm start, the best one.
  const keep = warm || coarse ? 1 : STARTS_LARGE
  if ((n > SMALL_N || coarse) && candidates.length > keep) {
    const ranked = candidates.map((theta) => ({ theta, value: f(theta, null) })).sort((a, b) => a.value - b.value)
    candidates = ranked.slice(0, keep).map((r) => r.theta)
  }
  // Large n: each evaluation costs seconds, and the last digits of a flat optimum are not worth them;
  // the sample only points the way.
  const tolerances = coarse ? COARSE_LBFGS : warm ? WARM_LBFGS : n > SMALL_N ? LARGE_LBFGS : {}
  candidates.forEach((theta, k) => {
    const r = lbfgs(f, theta, warm ? { ...tolerances, firstStep: WARM_FIRST_STEP } : tolerances)
    if (r.value < best.value) best = { theta: r.x.map((t, l) => Math.min(t, caps[l]!)), value: r.value }
    options.onProgress?.(k + 1, candidates.length)
  })
  return { ...best, evaluations: objective.evaluations }
}

/**
 * Large n: the whole search first runs on SMALL_N points drawn at random
 * (seeded, so the result is reproducible) from every start, statsmodels'
 * among them, and its optimum, moved by the rate n^(-1/(d+4)) at which
 * widths shrink with n, becomes the full data's only start. The full data
 * then sees a handful of L-BFGS iterations instead of dozens from afar.
 */
function warmStart(keys: Float64Array, d: number, values: Float64Array, n: number, starts: Float64Array[]): Float64Array[] | null {
  const pick = permutation(createRng(SUBSAMPLE_SEED), n).subarray(0, SMALL_N)
  const subKeys = new Float64Array(SMALL_N * d)
  const subValues = new Float64Array(SMALL_N)
  pick.forEach((j, k) => {
    for (let l = 0; l < d; l++) subKeys[k * d + l] = keys[j * d + l]!
    subValues[k] = values[j]!
  })
  let coarse: Search
  try {
    coarse = gaussianSearch(subKeys, d, subValues, SMALL_N, starts, {}, true)
  } catch (error) {
    // A coordinate constant on the sample (few distinct values): search the full data from afar.
    if (error instanceof InputError) return null
    throw error
  }
  if (!Number.isFinite(coarse.value)) return null
  const shift = Math.log(SMALL_N / n) / (d + 4)
  return [coarse.theta.map((t) => t + shift)]
}

export function vectorLooOptimalSigma(spec: VectorBandwidthSpec, options: Pick<VectorOptions, 'onProgress'> = {}): VectorBandwidthResult {
  const { keys, d, values, kernel } = spec
  const { n } = validateInputs({ keys, d, queries: new Float64Array(0), kernel, sigma: new Float64Array(d).fill(1), estimator: spec.estimator, shape: spec.shape })
  if (values.length !== n) throw new InputError(`there are ${n} training inputs but ${values.length} values`)
  if (n < 2) throw new InputError('choosing widths by leave-one-out needs at least 2 training points')
  checkColumns(keys, d, n)
  const ratio = canonicalBandwidthRatio(kernel)
  const starts: Float64Array[] = []
  starts.push(statsmodelsStart(keys, d).map((s) => s * ratio))
  starts.push(vectorRuleOfThumb(keys, d, 'silverman', kernel))
  for (const f of START_FACTORS.slice(1)) starts.push(starts[0]!.map((s) => s * f))
  if (n <= SCATTERED_UP_TO) {
    const rng = createRng(SCATTER_SEED)
    for (let k = 0; k < SCATTERED_STARTS; k++) starts.push(starts[0]!.map((s) => s * Math.exp((2 * rng.uniform() - 1) * Math.log(SCATTER))))
  }
  const gaussianNw = kernel === 'gaussian' && (spec.estimator ?? 'nw') === 'nw'
  let best: { theta: Float64Array; value: number } = { theta: starts[0]!.map(Math.log), value: Infinity }
  let evaluations = 0
  if (gaussianNw) {
    const found = gaussianSearch(keys, d, values, n, starts.map((s) => s.map(Math.log)), options)
    best = found
    evaluations = found.evaluations
  } else {
    const f = (theta: Float64Array): number => {
      evaluations++
      return vectorLooScore(spec, theta.map(Math.exp), { tolerance: undefined }).score
    }
    starts.forEach((start, k) => {
      // A compact kernel may leave points without a neighbour at a start: widen it until every point has one.
      let theta = start.map(Math.log)
      for (let widen = 0; widen < 12 && !Number.isFinite(f(theta)); widen++) theta = theta.map((t) => t + Math.LN2)
      const r = nelderMead(f, theta, 0.25, 60 + 40 * d)
      if (r.value < best.value) best = { theta: r.x, value: r.value }
      options.onProgress?.(k + 1, starts.length)
    })
  }
  if (!Number.isFinite(best.value)) throw new InputError('no widths found at which every training point has a neighbour in reach of this kernel')
  const sigma = best.theta.map(Math.exp)
  // The Gaussian's score from the search's own passes (half the exps of a row-by-row pass) at the estimator's default tolerance.
  const final = gaussianNw ? new LooObjective(keys, d, values, finalTolerance(values)).scoreWithBound(best.theta) : vectorLooScore(spec, sigma)
  return { sigma, score: final.score, errorBound: final.errorBound, method: gaussianNw ? 'l-bfgs' : 'nelder-mead', starts: starts.length, evaluations }
}
