import { InputError, requireFinite } from '../errors'
import type { KernelId } from './kernels'
import { nwPredict } from './estimate'
import { batchTerms, trainingContext, type TrainingContext } from './fast/gradient'
import { DENSE_MAX_PAIRS, type Algorithm } from './fast/plan'
import type { NwPrediction } from './nonparametric'

/**
 * Parametric attention pooling with one learnable width w:
 *
 *   alpha_ij = softmax_j( -((q_i - k_j) w)^2 / 2 ),   f_i = sum_j alpha_ij v_j
 *
 * and its loss, half the squared error summed ("sum-half", the oldest
 * edition) or averaged ("mean-half", the middle one) over the queries.
 *
 * The gradient is analytic. With d_ij = q_i - k_j and s_ij the logit,
 * ds_ij/dw = -w d_ij^2, and the softmax Jacobian gives
 *
 *   df_i/dw = sum_j alpha_ij (v_j - f_i) ds_ij/dw = -w sum_j alpha_ij (v_j - f_i) d_ij^2
 *
 * computed in a second pass once f_i is known, rather than as E[v d^2] - f E[d^2],
 * which cancels badly when the weights concentrate.
 */

export type LossKind = 'sum-half' | 'mean-half'
export const LOSS_KINDS = ['sum-half', 'mean-half'] as const satisfies readonly LossKind[]

export interface ParametricBatch {
  /** All training inputs (keys) and outputs (values). */
  keys: Float64Array
  values: Float64Array
  /** Indices into keys/values of the training points used as queries. */
  queryIndices: Uint32Array
  /** Leave the query's own pair out of its keys. */
  leaveOneOut: boolean
}

export interface LossAndGradient {
  /** Loss of this batch at w (with the chosen reduction). */
  loss: number
  /** d loss / d w. */
  gradient: number
  /** Sum over the batch of (f_i - y_i)^2 / 2, before any averaging. */
  sumHalfSquaredError: number
  /** How the sums were computed: 'dense' (the reference below), or a fast path of fast/gradient.ts. */
  algorithm?: Algorithm
  /** Bounds on the errors of loss and gradient from the fast path's truncation (0 for dense). */
  lossErrorBound?: number
  gradientErrorBound?: number
}

/**
 * Loss and gradient of one batch at w. `scratch` must have length >= n and is
 * reused between calls so that training allocates nothing per step.
 *
 * Up to DENSE_MAX_PAIRS query-key pairs this is the dense computation below
 * (the one compared with PyTorch); larger batches go through fast/gradient.ts,
 * which sorts the keys unless given a `context` made once for many steps.
 */
export function parametricLossAndGradient(
  batch: ParametricBatch,
  w: number,
  loss: LossKind,
  scratch: Float64Array,
  context?: TrainingContext,
): LossAndGradient {
  if (batch.keys.length * batch.queryIndices.length > DENSE_MAX_PAIRS) return fastLossAndGradient(batch, w, loss, context)
  const { keys, values, queryIndices, leaveOneOut } = batch
  const n = keys.length
  let sumHalf = 0
  let grad = 0
  for (let b = 0; b < queryIndices.length; b++) {
    const i = queryIndices[b]!
    const q = keys[i]!
    const exclude = leaveOneOut ? i : -1
    // Logits s_j = -((q - k_j) w)^2 / 2; keep the largest for the softmax shift.
    let maxLogit = -Infinity
    for (let j = 0; j < n; j++) {
      if (j === exclude) continue
      const t = (q - keys[j]!) * w
      const s = -0.5 * t * t
      scratch[j] = s
      if (s > maxLogit) maxLogit = s
    }
    if (maxLogit === -Infinity) {
      throw new InputError('leave-one-out training needs at least 2 training points')
    }
    let z = 0
    let zv = 0
    for (let j = 0; j < n; j++) {
      if (j === exclude) continue
      const e = Math.exp(scratch[j]! - maxLogit)
      scratch[j] = e
      z += e
      zv += e * values[j]!
    }
    const f = zv / z
    let acc = 0
    for (let j = 0; j < n; j++) {
      if (j === exclude) continue
      const d = q - keys[j]!
      acc += scratch[j]! * (values[j]! - f) * d * d
    }
    const dfdw = (-w * acc) / z
    const r = f - values[i]!
    sumHalf += 0.5 * r * r
    grad += r * dfdw
  }
  const scale = loss === 'mean-half' ? 1 / queryIndices.length : 1
  return { loss: sumHalf * scale, gradient: grad * scale, sumHalfSquaredError: sumHalf, algorithm: 'dense', lossErrorBound: 0, gradientErrorBound: 0 }
}

function fastLossAndGradient(batch: ParametricBatch, w: number, loss: LossKind, context?: TrainingContext): LossAndGradient {
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

/**
 * The nonparametric estimator the trained model is: the Gaussian at
 * sigma = 1/|w| (the same logits up to rounding), or, where 1/|w| overflows
 * (w = 0, or so small it is subnormal), every key weighed alike: the constant
 * kernel, which is average pooling.
 */
export function trainedKernel(w: number): { kernel: KernelId; sigma: number } {
  const sigma = 1 / Math.abs(w)
  return Number.isFinite(sigma) ? { kernel: 'gaussian', sigma } : { kernel: 'constant', sigma: 1 }
}

/**
 * Predictions of the trained model at arbitrary queries, every training pair
 * a key, through the nonparametric estimator it equals (and its fast paths).
 */
export function parametricPredict(
  keys: Float64Array,
  values: Float64Array,
  queries: Float64Array,
  w: number,
): NwPrediction {
  requireFinite(w, 'w')
  return nwPredict({ keys, values, queries, ...trainedKernel(w) })
}
