import { InputError } from '../../errors'
import type { Algorithm, LossAndGradient, LossKind, ParametricBatch } from '../types'
import * as fgtModule from './fgt'
import * as fgtLocal from './fgtLocal'
import { GaussWindow } from './gaussWindow'
import { makePlan } from './plan'
import { prepareKeys, type PreparedKeys } from './prepared'
import { sortWithOrder } from './sort'

// Bound once: under tsx (esbuild's CommonJS output, which the tests and the benchmark run) every use of an
// imported name goes through a getter, about 25 ns a call inside a hot loop.
const { buildFgtSources } = fgtModule
const { FgtLocal, SERIES_ROUNDING } = fgtLocal

/**
 * The per-query pieces of the parametric model's loss and gradient, fast:
 * the estimate f_i and df_i/dw = -w sum_j alpha_ij (v_j - f_i) d_ij^2 for
 * each query of a batch (parametric.ts explains the model; with w != 0 it
 * is the Gaussian at sigma = 1 / |w|).
 *
 * A Gaussian window sums alpha (v - f) d^2 directly in a second pass, as the
 * dense code does. The fast Gauss transform gets the weighted squared
 * distances from the second derivative of its series:
 *
 *   sum_j w_j x_j^2 exp(-x_j^2) = (F'' + 2 F) / 4,   x = (q - k) / h, h = sigma sqrt(2),
 *
 * so sum e d^2 = h^2 (F0'' + 2 F0) / 4 and sum e v d^2 likewise from F1,
 * and then sum alpha (v - f) d^2 = (S3 - f S2) / F0. The bounds on F and F''
 * carry through to bounds on f and df/dw; a query whose bounds exceed the
 * tolerance is summed by its window instead.
 */

/** Training data sorted once for many gradient evaluations, with each key's sorted position. */
export interface TrainingContext {
  prepared: PreparedKeys
  /** rank[i]: sorted position of original key i. */
  rank: Uint32Array
}

export function trainingContext(keys: Float64Array, values: Float64Array): TrainingContext {
  const prepared = prepareKeys(keys, values)
  const rank = new Uint32Array(keys.length)
  for (let s = 0; s < keys.length; s++) rank[prepared.order[s]!] = s
  return { prepared, rank }
}

export interface BatchTerms {
  /** Per batch position: the estimate, df/dw, and bounds on their errors. */
  f: Float64Array
  dfdw: Float64Array
  fBound: Float64Array
  dfdwBound: Float64Array
  algorithm: Algorithm
}

/** f_i and df_i/dw for the batch's queries (w != 0); `tolerance` bounds each f_i (default 1e-12 of the values' spread). */
export function batchTerms(
  context: TrainingContext,
  queryIndices: Uint32Array,
  leaveOneOut: boolean,
  w: number,
  tolerance?: number,
): BatchTerms {
  const { prepared, rank } = context
  const m = queryIndices.length
  const sigma = 1 / Math.abs(w)
  // The batch's queries in key order, so that windows and series cells are visited in order.
  const batchKeys = new Float64Array(m)
  for (let b = 0; b < m; b++) batchKeys[b] = prepared.keys[rank[queryIndices[b]!]!]!
  const { sorted, order } = sortWithOrder(batchKeys)
  const plan = makePlan(prepared, sorted, 'gaussian', sigma, { tolerance, derivatives: true })
  const out: BatchTerms = {
    f: new Float64Array(m),
    dfdw: new Float64Array(m),
    fBound: new Float64Array(m),
    dfdwBound: new Float64Array(m),
    algorithm: plan.algorithm === 'fgt' ? 'fgt' : 'window',
  }
  const window = new GaussWindow(prepared, sigma, plan.t2)
  const local = plan.algorithm === 'fgt' && plan.fgt ? new FgtLocal(plan.fgt, buildFgtSources(prepared, plan.fgt), prepared) : null
  const h = sigma * Math.SQRT2
  const radius = local ? (plan.fgt!.width / (2 * h)) * (1 + 1e-6) : 0
  const { values, shift, scale, range } = prepared
  const outsideWeight = Math.exp(-0.5 * plan.t2)
  const n = prepared.keys.length
  // A derivative bound at the tolerance's scale: |df/dw| is about |w| spread sigma^2 = spread / |w|.
  const dfdwTolerance = plan.tolerance * sigma
  for (let s = 0; s < m; s++) {
    const b = order[s]!
    const q = sorted[s]!
    const self = leaveOneOut ? rank[queryIndices[b]!]! : -1
    if (local) {
      const cell = local.cellOf(q)
      if (cell === cell) {
        local.expand(cell)
        const t = local.offset(q)
        if (Math.abs(t) <= radius) {
          local.evaluateSecond(t)
          let f0 = local.denValue
          let f1 = local.numValue
          const e0 = local.denError + SERIES_ROUNDING * Math.abs(f0)
          const e1 = local.numError + SERIES_ROUNDING * scale * Math.abs(f0)
          const s2 = (h * h * (local.denSecond + 2 * f0)) / 4
          const s3 = (h * h * (local.numSecond + 2 * f1)) / 4
          // Errors of S2 and S3: the second derivatives' bounds, twice F's, and rounding relative to |F''| + 2|F|.
          const rounding = SERIES_ROUNDING * (Math.abs(local.denSecond) + 2 * Math.abs(f0))
          const e2 = (h * h * (local.denSecondError + 2 * e0 + rounding)) / 4
          const e3 = (h * h * (local.numSecondError + 2 * e1 + scale * rounding)) / 4
          if (self >= 0) {
            f0 -= 1 // the query's own key: weight exp(0) = 1 at distance 0
            f1 -= values[self]!
          }
          if (f0 > e0) {
            const f = f1 / f0
            const fBound = (e1 + Math.abs(f) * e0) / (f0 - e0)
            const acc = s3 - f * s2
            const accBound = e3 + Math.abs(f) * e2 + Math.abs(s2) * fBound
            const dfdwBound = (Math.abs(w) * (accBound + (Math.abs(acc) / f0) * e0)) / (f0 - e0)
            if (fBound <= plan.tolerance && dfdwBound <= dfdwTolerance) {
              out.f[b] = shift + f
              out.dfdw[b] = (-w * acc) / f0
              out.fBound[b] = fBound
              out.dfdwBound[b] = dfdwBound
              continue
            }
          }
        }
      }
    }
    // The window's sums are relative to the nearest key; only their ratios enter.
    window.evaluate(q, self, true)
    const den = window.den
    const f = window.num / den
    const acc = window.sqSpread / den
    const outside = n - (self >= 0 ? 1 : 0) - window.count
    const dropped = (outside * outsideWeight) / den
    // Each key left out adds at most e^{-t2/2} (t2 + u_min^2) sigma^2 range to |sum alpha (v - f) d^2|; f moves by its bound.
    const accBound = dropped * (plan.t2 + window.minSq) * sigma * sigma * range + (window.sqDen / den) * window.bound + Math.abs(acc) * dropped
    out.f[b] = shift + f
    out.dfdw[b] = -w * acc
    out.fBound[b] = window.bound
    out.dfdwBound[b] = Math.abs(w) * accBound
  }
  return out
}

/**
 * The parametric model's loss and gradient from batchTerms: what
 * parametric.ts asks for when a batch is too large for direct summation.
 * The error bounds of f and df/dw carry through to the loss and gradient.
 */
export function fastLossAndGradient(batch: ParametricBatch, w: number, loss: LossKind, context?: TrainingContext): LossAndGradient {
  const { keys, values, queryIndices, leaveOneOut } = batch
  const n = keys.length
  const scale = loss === 'mean-half' ? 1 / queryIndices.length : 1
  if (leaveOneOut && n < 2) throw new InputError('leave-one-out training needs at least 2 training points')
  if (w === 0) {
    // Every logit is 0: each query gets the plain mean of its keys, and nothing depends on w to first order.
    let total = 0
    for (let j = 0; j < n; j++) total += values[j]!
    let sumHalf = 0
    for (let b = 0; b < queryIndices.length; b++) {
      const i = queryIndices[b]!
      const f = leaveOneOut ? (total - values[i]!) / (n - 1) : total / n
      sumHalf += 0.5 * (f - values[i]!) ** 2
    }
    return { loss: sumHalf * scale, gradient: 0, sumHalfSquaredError: sumHalf, algorithm: 'constant', lossErrorBound: 0, gradientErrorBound: 0 }
  }
  const terms = batchTerms(context ?? trainingContext(keys, values), queryIndices, leaveOneOut, w)
  let sumHalf = 0
  let grad = 0
  let lossBound = 0
  let gradBound = 0
  for (let b = 0; b < queryIndices.length; b++) {
    const r = terms.f[b]! - values[queryIndices[b]!]!
    const fBound = terms.fBound[b]!
    sumHalf += 0.5 * r * r
    grad += r * terms.dfdw[b]!
    lossBound += Math.abs(r) * fBound + 0.5 * fBound * fBound
    gradBound += (Math.abs(r) + fBound) * terms.dfdwBound[b]! + Math.abs(terms.dfdw[b]!) * fBound
  }
  return {
    loss: sumHalf * scale,
    gradient: grad * scale,
    sumHalfSquaredError: sumHalf,
    algorithm: terms.algorithm,
    lossErrorBound: lossBound * scale,
    gradientErrorBound: gradBound * scale,
  }
}
