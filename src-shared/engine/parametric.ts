import { requireFinite } from '../errors'
import { denseLossAndGradient } from './dense/gradient'
import { fastLossAndGradient, type TrainingContext } from './fast/gradient'
import type { KernelId } from './kernels'
import { nwPredict } from './estimate'
import { takesDensePath } from './route'
import type { LossAndGradient, LossKind, NwPrediction, ParametricBatch } from './types'

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

export const LOSS_KINDS = ['sum-half', 'mean-half'] as const satisfies readonly LossKind[]

/**
 * Loss and gradient of one batch at w. `scratch` must have length >= n and is
 * reused between calls so that training allocates nothing per step. Large
 * batches go through the fast path, which sorts the keys unless given a
 * `context` made once for many steps (see sgd.ts).
 */
export function parametricLossAndGradient(
  batch: ParametricBatch,
  w: number,
  loss: LossKind,
  scratch: Float64Array,
  context?: TrainingContext,
): LossAndGradient {
  if (takesDensePath(batch.keys.length * batch.queryIndices.length)) return denseLossAndGradient(batch, w, loss, scratch)
  return fastLossAndGradient(batch, w, loss, context)
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
