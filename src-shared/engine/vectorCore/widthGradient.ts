import { expNeg } from './fastExp'

/**
 * Parametric attention pooling with a width vector w in R^d (the chapter's
 * exercise 2 in d dimensions):
 *
 *   alpha_ij = softmax_j( -sum_l (w_l (q_il - k_jl))^2 / 2 ),   f_i = sum_j alpha_ij v_j,
 *
 * and the gradient of half the squared error. With s_ij the logit,
 * d s_ij / d w_l = -w_l d_ijl^2, so
 *
 *   d f_i / d w_l = -w_l sum_j alpha_ij (v_j - f_i) d_ijl^2,
 *
 * summed in a second pass once f_i is known (no cancellation). Training
 * queries are training points; with leave-one-out each skips its own key.
 */
export interface WidthBatch {
  keys: Float64Array
  d: number
  values: Float64Array
  queryIndices: Uint32Array
  leaveOneOut: boolean
}

/** Writes d(sum-half loss)/dw into `grad`; returns the sum over the batch of (f_i - y_i)^2 / 2. */
export function widthSumHalfAndGradient(b: WidthBatch, w: Float64Array, grad: Float64Array, scratch: Float64Array): number {
  const { keys, d, values } = b
  const n = values.length
  grad.fill(0)
  let sumHalf = 0
  for (let t = 0; t < b.queryIndices.length; t++) {
    const i = b.queryIndices[t]!
    const exclude = b.leaveOneOut ? i : -1
    let sMin = Infinity
    for (let j = 0; j < n; j++) {
      if (j === exclude) continue
      let s = 0
      for (let l = 0; l < d; l++) {
        const u = (keys[i * d + l]! - keys[j * d + l]!) * w[l]!
        s += u * u
      }
      scratch[j] = s
      if (s < sMin) sMin = s
    }
    let den = 0
    let num = 0
    for (let j = 0; j < n; j++) {
      if (j === exclude) {
        scratch[j] = 0
        continue
      }
      const a = expNeg(-0.5 * (scratch[j]! - sMin))
      scratch[j] = a
      den += a
      num += a * values[j]!
    }
    const f = num / den
    const r = f - values[i]!
    sumHalf += 0.5 * r * r
    const coef = r / den
    for (let j = 0; j < n; j++) {
      const a = scratch[j]!
      if (a === 0) continue
      const c = coef * a * (values[j]! - f)
      for (let l = 0; l < d; l++) {
        const diff = keys[i * d + l]! - keys[j * d + l]!
        grad[l] = grad[l]! + c * diff * diff
      }
    }
  }
  for (let l = 0; l < d; l++) grad[l] = -w[l]! * grad[l]!
  return sumHalf
}
