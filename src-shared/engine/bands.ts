import { InputError } from '../errors'
import { nwLooPredict, nwPredict } from './estimate'
import { createRng, MAX_SEED } from './rng'
import type { NwPrediction } from './types'
import { vectorLooPredict, vectorPredict } from './vector'
import type { VectorOptions, VectorProblem } from './vectorTypes'
import { prepare } from './vectorCore/prepare'
import { smootherSquaredNorms } from './vectorCore/smootherNorm'

/**
 * Pointwise confidence bands for a fit at fixed widths.
 *
 * - Bootstrap (seeded, stream 2 of the seed, so it never reuses the data's or
 *   the training's draws): 'pairs' resamples the n training pairs with
 *   replacement; 'residual' keeps the inputs and adds resampled, centred
 *   residuals of the fit at the training inputs to its fitted values. Each
 *   of the B replicates is refitted at the same widths and predicted at the
 *   queries; the band is the ((1 - level)/2, (1 + level)/2) quantiles of the
 *   replicates at each query (linear interpolation, numpy's default),
 *   replicates without an estimate at a query left out.
 * - Asymptotic: both estimators are linear smoothers f(q) = sum_j l_j(q) y_j,
 *   so with independent errors of variance s^2, sd f(q) = s |l(q)|; s^2 is
 *   estimated by the leave-one-out mean squared error, and the band is
 *   f(q) -/+ z s |l(q)|, z the normal quantile. It covers the estimator's
 *   variance, not its bias.
 */

export const BAND_KINDS = ['bootstrap', 'asymptotic'] as const
export type BandKind = (typeof BAND_KINDS)[number]
export const RESAMPLINGS = ['pairs', 'residual'] as const
export type Resampling = (typeof RESAMPLINGS)[number]

export interface Band {
  lower: Float64Array
  upper: Float64Array
  /** The fit itself at the queries. */
  fit: NwPrediction
  level: number
}

export interface BootstrapOptions {
  replicates: number
  level: number
  seed: number
  resampling: Resampling
  onProgress?: VectorOptions['onProgress']
}

export const MAX_REPLICATES = 100_000

/** Fits with the one-dimensional engine where it applies (d = 1, Nadaraya-Watson, distance), so a band matches `fit`. */
function predict(p: VectorProblem): NwPrediction {
  if (isScalar(p)) return nwPredict({ keys: p.keys, values: p.values, queries: p.queries, kernel: p.kernel, sigma: p.sigma[0]! })
  return vectorPredict(p)
}

function isScalar(p: VectorProblem): boolean {
  return p.d === 1 && (p.estimator ?? 'nw') === 'nw' && (p.scoring ?? 'distance') === 'distance'
}

function validateLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new InputError(`the band's level must be in (0, 1) (got ${level})`)
}

export function bootstrapBand(p: VectorProblem, o: BootstrapOptions): Band {
  validateLevel(o.level)
  if (!Number.isInteger(o.replicates) || o.replicates < 2 || o.replicates > MAX_REPLICATES) {
    throw new InputError(`replicates must be an integer in [2, ${MAX_REPLICATES}] (got ${o.replicates})`)
  }
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > MAX_SEED) throw new InputError(`seed must be an integer in [0, ${MAX_SEED}] (got ${o.seed})`)
  const fit = predict(p)
  const { d } = p
  const n = p.values.length
  const m = fit.yHat.length
  const rng = createRng(o.seed, 2)
  let fitted: Float64Array | null = null
  let residuals: Float64Array | null = null
  if (o.resampling === 'residual') {
    fitted = predict({ ...p, queries: p.keys }).yHat
    residuals = new Float64Array(n)
    let mean = 0
    for (let j = 0; j < n; j++) {
      if (Number.isNaN(fitted[j]!)) throw new InputError('residual resampling needs a fit at every training input; this kernel leaves some without one (use pairs)')
      residuals[j] = p.values[j]! - fitted[j]!
      mean += residuals[j]!
    }
    mean /= n
    for (let j = 0; j < n; j++) residuals[j] = residuals[j]! - mean
  }
  const replicates = new Float64Array(o.replicates * m)
  const keys = new Float64Array(n * d)
  const values = new Float64Array(n)
  for (let b = 0; b < o.replicates; b++) {
    for (let j = 0; j < n; j++) {
      const k = rng.int(n)
      if (fitted && residuals) {
        values[j] = fitted[j]! + residuals[k]!
      } else {
        values[j] = p.values[k]!
        for (let l = 0; l < d; l++) keys[j * d + l] = p.keys[k * d + l]!
      }
    }
    const r = predict({ ...p, keys: fitted ? p.keys : keys, values })
    replicates.set(r.yHat, b * m)
    o.onProgress?.(b + 1, o.replicates)
  }
  const lower = new Float64Array(m)
  const upper = new Float64Array(m)
  const column: number[] = []
  for (let i = 0; i < m; i++) {
    column.length = 0
    for (let b = 0; b < o.replicates; b++) {
      const v = replicates[b * m + i]!
      if (!Number.isNaN(v)) column.push(v)
    }
    column.sort((a, b) => a - b)
    lower[i] = quantileSorted(column, (1 - o.level) / 2)
    upper[i] = quantileSorted(column, (1 + o.level) / 2)
  }
  return { lower, upper, fit, level: o.level }
}

function quantileSorted(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}

export function asymptoticBand(p: VectorProblem, level: number): Band {
  validateLevel(level)
  const fit = predict(p)
  const n = p.values.length
  if (n < 2) throw new InputError('an asymptotic band needs at least 2 training points (its variance comes from leave-one-out residuals)')
  const loo = isScalar(p) ? nwLooPredict(p.keys, p.values, p.kernel, p.sigma[0]!) : vectorLooPredict(p)
  let ss = 0
  let count = 0
  for (let j = 0; j < n; j++) {
    const r = p.values[j]! - loo.yHat[j]!
    if (Number.isNaN(r)) continue
    ss += r * r
    count++
  }
  if (count === 0) throw new InputError('no training point has a leave-one-out estimate at these widths, so the noise variance is unknown')
  const s = Math.sqrt(ss / count)
  const z = normalQuantile((1 + level) / 2)
  const prepared = prepare(p, p.values, 1)
  const norms = new Float64Array(prepared.m)
  smootherSquaredNorms(prepared, 0, prepared.m, norms)
  const lower = new Float64Array(prepared.m)
  const upper = new Float64Array(prepared.m)
  for (let i = 0; i < prepared.m; i++) {
    const half = z * s * Math.sqrt(norms[i]!)
    lower[i] = fit.yHat[i]! - half
    upper[i] = fit.yHat[i]! + half
  }
  return { lower, upper, fit, level }
}

/**
 * The standard normal quantile: Acklam's rational approximation (relative
 * error 1.15e-9) refined by one Halley step on erfc, good to about 1e-15.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new InputError(`a probability must be in (0, 1) (got ${p})`)
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239]
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1]
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783]
  const dd = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416]
  const low = 0.02425
  let x: number
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p))
    x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((dd[0]! * q + dd[1]!) * q + dd[2]!) * q + dd[3]!) * q + 1)
  } else if (p <= 1 - low) {
    const q = p - 0.5
    const r = q * q
    x = ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p))
    x = -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((dd[0]! * q + dd[1]!) * q + dd[2]!) * q + dd[3]!) * q + 1)
  }
  const e = 0.5 * erfc(-x / Math.SQRT2) - p
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2)
  return x - u / (1 + (x * u) / 2)
}

/** erfc: 1 - erf by its Taylor series for |x| < 0.5, else the continued fraction (modified Lentz); about 1e-16 relative. */
function erfc(x: number): number {
  const z = Math.abs(x)
  let r: number
  if (z < 0.5) {
    // erf by its Taylor series (converges fast for |x| < 0.5).
    let term = z
    let sum = z
    const z2 = z * z
    for (let k = 1; k < 40; k++) {
      term *= -z2 / k
      const add = term / (2 * k + 1)
      sum += add
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break
    }
    r = 1 - (2 / Math.sqrt(Math.PI)) * sum
  } else {
    // Continued fraction (Lentz) for erfc, converges for z >= 0.5.
    const tiny = 1e-300
    let f = z
    let C = z
    let D = 0
    for (let k = 1; k < 500; k++) {
      const an = k / 2
      D = z + an * D
      D = Math.abs(D) < tiny ? tiny : D
      C = z + an / C
      C = Math.abs(C) < tiny ? tiny : C
      D = 1 / D
      const delta = C * D
      f *= delta
      if (Math.abs(delta - 1) < 1e-16) break
    }
    r = Math.exp(-z * z) / (f * Math.sqrt(Math.PI))
  }
  return x >= 0 ? r : 2 - r
}
