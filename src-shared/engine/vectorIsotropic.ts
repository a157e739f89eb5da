import { InputError } from '../errors'
import { looOptimalSigma } from './bandwidth'
import { canonicalBandwidthRatio } from './kernelMoments'
import { createRng, permutation } from './rng'
import { vectorLooScore, type VectorBandwidthSpec } from './vectorBandwidth'
import { HELD_OUT_SEED, heldOutSubset, vectorLooSubsetScore } from './vectorLooSubset'

/**
 * Leave-one-out cross-validation over one width shared by every coordinate
 * (an isotropic kernel): sigma_1 = ... = sigma_d = sigma. A width vector has
 * d slopes against n; a consistency study wants one number per data set, and
 * on inputs that share a scale (a cube, or standardized inputs) the shared
 * width is that number. It is a search over one variable, so it needs no
 * gradient and goes through the front door only (vectorLooScore); at d = 1
 * the one-dimensional engine's own search answers (the same score, faster).
 *
 * The score over log sigma is scanned on a grid, then the best bracket is
 * narrowed by golden sections. Above SUBSAMPLE points the scan runs on a
 * seeded sample of SUBSAMPLE points, its optimum is moved by the rate
 * n^(-1/(4 + d)) at which widths shrink, and the full data see only a
 * narrow bracket around it (widened while its best end is an end).
 *
 * With `heldOut: S` and n > S, every score of the search (and the reported
 * one) is estimated on S held-out points, the same seeded subset for every
 * width, each left out of all n keys (vectorLooSubset.ts): an unbiased
 * estimate of the full score at S / n of its cost. What it adds to the
 * spread of the chosen width is measured in test/engine/vectorIsotropic.test.ts.
 */

export interface IsotropicOptions {
  /** Above this many training points, score on this many held-out points (default: every point). */
  heldOut?: number
  /** Seed of the held-out subset (default HELD_OUT_SEED; tests vary it to measure the subset's spread). */
  heldOutSeed?: number
}

export interface IsotropicBandwidthResult {
  sigma: number
  /** Mean squared leave-one-out error at sigma. */
  score: number
  errorBound: number
  /** Leave-one-out scores computed on the full data (or on the held-out subset). */
  evaluations: number
  /** Points the scores were estimated on, when a held-out subset was (null: every point). */
  heldOut: number | null
}

const SUBSAMPLE = 2000
const SUBSAMPLE_SEED = 20_261_128
/** Grid of the scan, in log sigma around the rule-of-thumb start: ±GRID_HALF_WIDTH in GRID_STEP steps. */
const GRID_HALF_WIDTH = 1
const GRID_STEP = 0.5
/** Half-width of the full data's bracket around the sample's moved optimum, in log sigma. */
const WARM_HALF_WIDTH = 0.2
/** Golden sections stop at this width in log sigma (1%: far below the spread of sigma* between data sets). */
const LOG_TOLERANCE = 0.01
const MAX_WIDENINGS = 40
/**
 * On held-out points: grid step in log sigma, refined by a parabola's vertex
 * rather than golden sections. Each score costs |H| n there, and the
 * subset's own spread of the minimum (about 0.15 in log sigma at |H| = 2,000,
 * measured) dwarfs the parabola's error, so 4 to 6 scores do.
 */
const HELD_OUT_STEP = 0.1
/** The scores of the search only rank widths: a looser estimator tolerance, relative to the values' spread. */
const SEARCH_RELATIVE_TOLERANCE = 1e-9
const GOLDEN = (Math.sqrt(5) - 1) / 2

function spreadOf(values: Float64Array): number {
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]!)
    hi = Math.max(hi, values[i]!)
  }
  return hi - lo
}

/** Root mean square of the coordinates' standard deviations (ddof 0): the start's scale. */
function rmsScale(keys: Float64Array, d: number): number {
  const n = keys.length / d
  let total = 0
  for (let l = 0; l < d; l++) {
    let mean = 0
    for (let i = 0; i < n; i++) mean += keys[i * d + l]!
    mean /= n
    let ss = 0
    for (let i = 0; i < n; i++) ss += (keys[i * d + l]! - mean) ** 2
    total += ss / n
  }
  return Math.sqrt(total / d)
}

/** Score as a function of log sigma, memoised (golden sections revisit points); on the held-out points if given. */
function scorer(spec: VectorBandwidthSpec, heldOut: Uint32Array | null): { at: (t: number) => number; count: () => number } {
  const tolerance = Math.max(1e-300, SEARCH_RELATIVE_TOLERANCE * spreadOf(spec.values))
  const seen = new Map<number, number>()
  const sigma = new Float64Array(spec.d)
  return {
    at(t: number): number {
      const hit = seen.get(t)
      if (hit !== undefined) return hit
      sigma.fill(Math.exp(t))
      const s = (heldOut ? vectorLooSubsetScore(spec, sigma, heldOut, { tolerance }) : vectorLooScore(spec, sigma, { tolerance })).score
      // NaN (no neighbour in reach of a compact kernel) ranks last.
      const v = Number.isNaN(s) ? Infinity : s
      seen.set(t, v)
      return v
    },
    count: () => seen.size,
  }
}

/** Golden sections on [a, b], which holds a minimum; returns the best point seen. */
function golden(f: (t: number) => number, a: number, b: number): number {
  let c = b - GOLDEN * (b - a)
  let e = a + GOLDEN * (b - a)
  let fc = f(c)
  let fe = f(e)
  while (b - a > LOG_TOLERANCE) {
    if (fc <= fe) {
      b = e
      e = c
      fe = fc
      c = b - GOLDEN * (b - a)
      fc = f(c)
    } else {
      a = c
      c = e
      fc = fe
      e = a + GOLDEN * (b - a)
      fe = f(e)
    }
  }
  return fc <= fe ? c : e
}

/**
 * Points centre + k step for k = -half..half, widened outwards while the best
 * one is an end; returns the bracket [best - step, best + step].
 */
function bracket(f: (t: number) => number, centre: number, step: number, half: number): [number, number] {
  const ts: number[] = []
  for (let k = -half; k <= half; k++) ts.push(centre + k * step)
  let best = 0
  for (let k = 1; k < ts.length; k++) if (f(ts[k]!) < f(ts[best]!)) best = k
  for (let widen = 0; widen < MAX_WIDENINGS && (best === 0 || best === ts.length - 1); widen++) {
    if (best === 0) {
      ts.unshift(ts[0]! - step)
      best = f(ts[0]!) < f(ts[1]!) ? 0 : 1
    } else {
      ts.push(ts[ts.length - 1]! + step)
      best = f(ts[ts.length - 1]!) < f(ts[ts.length - 2]!) ? ts.length - 1 : ts.length - 2
    }
  }
  if (!Number.isFinite(f(ts[best]!))) throw new InputError('no width found at which every training point has a neighbour in reach of this kernel')
  return [ts[best]! - step, ts[best]! + step]
}

/**
 * The vertex of the parabola through the bracket's ends and its middle (the
 * lowest of the three): within a quarter of the bracket of its middle.
 */
function vertex(f: (t: number) => number, lo: number, hi: number): number {
  const mid = (lo + hi) / 2
  const [a, b, c] = [f(lo), f(mid), f(hi)]
  const curvature = a - 2 * b + c
  if (!(curvature > 0) || !Number.isFinite(curvature)) return mid
  return mid + ((hi - lo) / 4) * ((a - c) / curvature)
}

function search(spec: VectorBandwidthSpec, n: number, heldOut: Uint32Array | null = null): { t: number; evaluations: number } {
  const { keys, d, values } = spec
  const f = scorer(spec, heldOut)
  let lo: number
  let hi: number
  if (n > SUBSAMPLE) {
    const pick = permutation(createRng(SUBSAMPLE_SEED), n).subarray(0, SUBSAMPLE)
    const subKeys = new Float64Array(SUBSAMPLE * d)
    const subValues = new Float64Array(SUBSAMPLE)
    pick.forEach((j, k) => {
      for (let l = 0; l < d; l++) subKeys[k * d + l] = keys[j * d + l]!
      subValues[k] = values[j]!
    })
    const coarse = search({ ...spec, keys: subKeys, values: subValues }, SUBSAMPLE)
    const centre = coarse.t + Math.log(SUBSAMPLE / n) / (4 + d)
    if (heldOut) {
      ;[lo, hi] = bracket(f.at, centre, HELD_OUT_STEP, 1)
      return { t: vertex(f.at, lo, hi), evaluations: f.count() }
    }
    ;[lo, hi] = bracket(f.at, centre, WARM_HALF_WIDTH, 1)
  } else {
    const start = Math.log(1.06 * rmsScale(keys, d) * n ** (-1 / (4 + d)) * canonicalBandwidthRatio(spec.kernel))
    ;[lo, hi] = bracket(f.at, start, GRID_STEP, GRID_HALF_WIDTH / GRID_STEP)
  }
  return { t: golden(f.at, lo, hi), evaluations: f.count() }
}

/** The leave-one-out-optimal width shared by every coordinate. */
export function vectorLooIsotropicSigma(spec: VectorBandwidthSpec, options: IsotropicOptions = {}): IsotropicBandwidthResult {
  const { keys, d, values, kernel } = spec
  if (!Number.isInteger(d) || d < 1) throw new InputError(`d must be a positive integer (got ${d})`)
  const n = values.length
  if (keys.length !== n * d) throw new InputError(`there are ${keys.length / d} training inputs but ${n} values`)
  if (n < 2) throw new InputError('choosing a width by leave-one-out needs at least 2 training points')
  if (d === 1 && (spec.estimator ?? 'nw') === 'nw') {
    const r = looOptimalSigma(keys, values, kernel)
    const final = vectorLooScore(spec, Float64Array.of(r.sigma))
    return { sigma: r.sigma, score: final.score, errorBound: final.errorBound, evaluations: r.grid.length, heldOut: null }
  }
  if (!(rmsScale(keys, d) > 0)) throw new InputError('every training input is the same point: no width can be chosen')
  const { heldOut: count } = options
  if (count !== undefined && !(Number.isInteger(count) && count >= 2)) throw new InputError(`heldOut must be a whole number >= 2 (got ${count})`)
  const subset = count !== undefined && n > count ? heldOutSubset(n, count, options.heldOutSeed ?? HELD_OUT_SEED) : null
  const found = search(spec, n, subset)
  const sigma = Math.exp(found.t)
  const widths = new Float64Array(d).fill(sigma)
  const final = subset ? vectorLooSubsetScore(spec, widths, subset) : vectorLooScore(spec, widths)
  return { sigma, score: final.score, errorBound: final.errorBound, evaluations: found.evaluations, heldOut: subset ? subset.length : null }
}
