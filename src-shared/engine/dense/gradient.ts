import { InputError } from '../../errors'
import type { LossAndGradient, LossKind, ParametricBatch } from '../types'

/**
 * The parametric model's loss and gradient by direct summation over every
 * query-key pair, the computation compared with PyTorch (parametric.ts
 * derives the gradient). `scratch` must have length >= n and is reused
 * between calls so that training allocates nothing per step.
 */
export function denseLossAndGradient(batch: ParametricBatch, w: number, loss: LossKind, scratch: Float64Array): LossAndGradient {
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
