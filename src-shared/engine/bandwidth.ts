import { InputError } from '../errors'
import { nwLooPredict, nwLooPredictor } from './estimate'
import { kernelInfo, type KernelId } from './kernels'
import { validateTrainingPairs } from './problem'
import { canonicalBandwidthRatio } from './kernelMoments'
import { brentMinimize } from './minimize'
import type { NwPrediction } from './types'

/**
 * Bandwidth selection.
 *
 * Rules of thumb follow statsmodels (`statsmodels.nonparametric.bandwidths`):
 * with A = min(sd, IQR / 1.349) (sd with ddof = 1; IQR ignored when 0),
 *   Silverman: 0.9 A n^(-1/5),   Scott: 1.059 A n^(-1/5).
 * Both are derived for the Gaussian; for another kernel the value is scaled
 * by the ratio of canonical bandwidths (Marron & Nolan 1988) so the kernel
 * smooths about as much as that Gaussian would.
 */

export type BandwidthMethod = 'loo-cv' | 'silverman' | 'scott'
export const BANDWIDTH_METHODS = ['loo-cv', 'silverman', 'scott'] as const satisfies readonly BandwidthMethod[]

export interface LooScore {
  /** Mean squared leave-one-out error; Infinity when some point has no neighbour in reach. */
  score: number
  /** Training points whose leave-one-out estimate is undefined at this sigma. */
  undefinedPoints: number
  /** Bound on the score's error from the estimator's truncation (0 when exact up to rounding or undefined). */
  errorBound: number
}

/** Mean squared leave-one-out error of the estimator at `sigma`. */
export function looScore(keys: Float64Array, values: Float64Array, kernel: KernelId, sigma: number): LooScore {
  if (keys.length < 2) throw new InputError('the leave-one-out score needs at least 2 training points')
  return scoreOf(nwLooPredict(keys, values, kernel, sigma), values)
}

function scoreOf({ yHat, undefinedQueries, errorBound }: NwPrediction, values: Float64Array): LooScore {
  if (undefinedQueries.length > 0) return { score: Infinity, undefinedPoints: undefinedQueries.length, errorBound: 0 }
  let acc = 0
  let worstResidual = 0
  for (let i = 0; i < values.length; i++) {
    const r = values[i]! - yHat[i]!
    acc += r * r
    worstResidual = Math.max(worstResidual, Math.abs(r))
  }
  const n = values.length
  // Each residual is off by at most e: |r^2 - r_exact^2| <= 2 |r| e + e^2.
  const e = errorBound
  return { score: acc / n, undefinedPoints: 0, errorBound: e > 0 ? 2 * worstResidual * e + e * e : 0 }
}

/** The q-quantile of sorted data, linear interpolation (numpy's default, as scipy's scoreatpercentile). */
function quantileSorted(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}

/** statsmodels' scale estimate A = min(sd, IQR / 1.349). */
export function robustScale(x: Float64Array): number {
  const n = x.length
  if (n < 2) throw new InputError('a rule-of-thumb bandwidth needs at least 2 training points')
  let mean = 0
  for (let i = 0; i < n; i++) mean += x[i]!
  mean /= n
  let ss = 0
  for (let i = 0; i < n; i++) ss += (x[i]! - mean) ** 2
  const sd = Math.sqrt(ss / (n - 1))
  const sorted = Float64Array.from(x).sort()
  const iqr = (quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25)) / 1.349
  return iqr > 0 ? Math.min(sd, iqr) : sd
}

export function ruleOfThumb(x: Float64Array, method: 'silverman' | 'scott', kernel: KernelId): number {
  const factor = method === 'silverman' ? 0.9 : 1.059
  const a = robustScale(x)
  if (!(a > 0)) {
    throw new InputError('all training inputs are equal, so a rule-of-thumb bandwidth is 0; every bandwidth gives the same estimate')
  }
  return factor * a * x.length ** -0.2 * canonicalBandwidthRatio(kernel)
}

export interface BandwidthSearchResult {
  sigma: number
  score: number
  /**
   * Sigmas and scores the global grid evaluated, for plotting the CV curve
   * (beyond the dense size, scores to within 1e-8 of the values' spread).
   */
  grid: { sigma: number; score: number }[]
  /**
   * Where the optimum sits at an end of what the data can resolve: 'upper'
   * when it lies beyond 10 times the data's range (the score still falls
   * where every key weighs nearly alike: the best estimate is about the mean
   * of the other points, and any larger sigma does as well), 'lower' at the
   * smallest sigma searched (a compact kernel's smallest with a neighbour for
   * every point; a Gaussian's tenth of the closest spacing). Null inside.
   */
  limit: 'lower' | 'upper' | null
}

/** Grid density: points per decade of sigma, and the least number of points. */
const GRID_PER_DECADE = 10
const MIN_GRID_POINTS = 64
/**
 * Above this many points the grid has half the density: the score is then a
 * mean over many residuals, smooth in log sigma on the scale of a decade,
 * and each evaluation costs milliseconds; the refinement brackets two grid
 * steps around each candidate either way.
 */
const LARGE_N = 10_000
const LARGE_N_GRID_PER_DECADE = 5
const REFINE_CANDIDATES = 3
/** Decades beyond the grid's top (10 times the data's range) that the search also tries: see looOptimalSigma. */
const TAIL_DECADES = 5
/** Refinement stops when the bracket in log sigma is this narrow. */
export const REFINE_TOLERANCE = 1e-7
/** Tolerance of the grid's scores relative to the spread of the values (the refinement's is 1e-12). */
const GRID_RELATIVE_TOLERANCE = 1e-8

/**
 * The sigma that minimises the leave-one-out score. The score can have
 * several local minima, so a local optimiser started at a rule of thumb
 * (statsmodels' approach) may stop in the wrong one: this evaluates a log
 * grid spanning every scale the data can resolve, then refines the best few
 * grid minima by Brent's method in log sigma (minimize.ts).
 */
export function looOptimalSigma(keys: Float64Array, values: Float64Array, kernel: KernelId): BandwidthSearchResult {
  validateTrainingPairs(keys, values)
  if (keys.length < 2) throw new InputError('choosing a bandwidth by leave-one-out needs at least 2 training points')
  const [lower, upper] = searchBounds(keys, kernel)
  if (!(upper > lower)) {
    // Every key is at the same x: any sigma gives the same estimate (the mean of the others).
    const sigma = 1
    return { sigma, score: looScore(keys, values, kernel, sigma).score, grid: [], limit: null }
  }
  const predict = nwLooPredictor(keys, values, kernel)
  // The grid only ranks scales, so it is scanned with a looser tolerance (cheaper windows and series);
  // refinement and the reported score use the estimator's default, as looScore does.
  const gridTolerance = GRID_RELATIVE_TOLERANCE * valueSpread(values)
  const score = (logSigma: number): number => scoreOf(predict(Math.exp(logSigma)), values).score
  const gridScore = (logSigma: number): number => scoreOf(predict(Math.exp(logSigma), gridTolerance), values).score
  const a = Math.log(lower)
  const b = Math.log(upper)
  const perDecade = keys.length > LARGE_N ? LARGE_N_GRID_PER_DECADE : GRID_PER_DECADE
  const GRID_POINTS = Math.max(MIN_GRID_POINTS, Math.ceil((perDecade * (b - a)) / Math.LN10))
  const logs: number[] = []
  const scores: number[] = []
  for (let k = 0; k < GRID_POINTS; k++) {
    const t = a + ((b - a) * k) / (GRID_POINTS - 1)
    logs.push(t)
    scores.push(gridScore(t))
  }
  const grid = logs.map((t, k) => ({ sigma: Math.exp(t), score: scores[k]! }))
  if (!scores.some(Number.isFinite)) {
    throw new InputError('no bandwidth gives every training point a neighbour in reach of this kernel')
  }
  // Where the values hardly depend on x, the best estimate is the mean of the other points: the
  // score keeps falling beyond the grid, towards sigma = infinity (statsmodels then answers
  // sigma = 8.5e5; seed 3109896862 of check_cli_against_torch.py). A few decades more, to where
  // every kernel is flat over the data to 1e-12, find that limit; the plotted grid stays as it was.
  for (let k = 1; k <= TAIL_DECADES; k++) {
    const t = b + k * Math.LN10
    logs.push(t)
    scores.push(gridScore(t))
  }
  const points = logs.length
  // Local minima of the grid, best first.
  const minima: number[] = []
  for (let k = 0; k < points; k++) {
    const left = k > 0 ? scores[k - 1]! : Infinity
    const right = k < points - 1 ? scores[k + 1]! : Infinity
    if (Number.isFinite(scores[k]!) && scores[k]! <= left && scores[k]! <= right) minima.push(k)
  }
  minima.sort((i, j) => scores[i]! - scores[j]!)
  const first = logs[minima[0]!]!
  let best = { t: first, s: score(first) }
  for (const k of minima.slice(0, REFINE_CANDIDATES)) {
    const lo = logs[Math.max(0, k - 1)]!
    const hi = logs[Math.min(points - 1, k + 1)]!
    const r = brentMinimize(score, lo, hi, REFINE_TOLERANCE)
    if (r.s < best.s) best = r
  }
  // Brent stops within REFINE_TOLERANCE of a bracket's end when the minimum lies beyond it.
  const limit = best.t > b ? 'upper' : best.t <= a + 10 * REFINE_TOLERANCE ? 'lower' : null
  return { sigma: Math.exp(best.t), score: best.s, grid, limit }
}

/** Largest |v - mean v|, the scale estimator tolerances are relative to. */
export function valueSpread(values: Float64Array): number {
  let mean = 0
  for (let i = 0; i < values.length; i++) mean += values[i]!
  mean /= values.length
  let spread = 0
  for (let i = 0; i < values.length; i++) spread = Math.max(spread, Math.abs(values[i]! - mean))
  return spread
}

/**
 * Scales the data can resolve. A point's leave-one-out estimate changes with
 * sigma only while sigma is within about a tenth of its nearest-neighbour
 * distance or more (below, a Gaussian gives the nearest neighbour all the
 * weight: exp(-1.5 * 100) against the next one on a regular grid), and
 * a compact kernel leaves some point with no neighbour at all (score undefined
 * below the largest nearest-neighbour distance). Far above the data's range
 * every kernel weighs all keys almost equally.
 */
function searchBounds(keys: Float64Array, kernel: KernelId): [number, number] {
  const sorted = Float64Array.from(keys).sort()
  const n = sorted.length
  const range = sorted[n - 1]! - sorted[0]!
  if (range === 0) return [1, 1]
  let minNn = Infinity
  let maxNn = 0
  for (let i = 0; i < n; i++) {
    const left = i > 0 ? sorted[i]! - sorted[i - 1]! : Infinity
    const right = i < n - 1 ? sorted[i + 1]! - sorted[i]! : Infinity
    const nn = Math.min(left, right)
    if (nn > 0 && nn < minNn) minNn = nn
    if (nn > maxNn) maxNn = nn
  }
  const upper = 10 * range
  if (kernelInfo(kernel).support === Infinity) {
    return [Math.max(minNn / 10, range * 1e-12), upper]
  }
  // A compact kernel reaches a neighbour at distance d only when sigma > d (K(±1) = 0, except the boxcar).
  return [Math.max(maxNn * (1 + 1e-9), range * 1e-12), upper]
}
