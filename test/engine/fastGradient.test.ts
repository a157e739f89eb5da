import { describe, expect, it } from 'vitest'
import { DENSE_MAX_PAIRS } from '../../src-shared/engine/route'
import { parametricLossAndGradient } from '../../src-shared/engine/parametric'
import type { LossKind } from '../../src-shared/engine/types'
import { createRng } from '../../src-shared/engine/rng'
import { sgdTrain } from '../../src-shared/engine/sgd'
import { testData } from './fastReference'

/** The dense reference on a large batch: the same sums, in chunks small enough for the dense path. */
function denseLossAndGradient(keys: Float64Array, values: Float64Array, indices: Uint32Array, loo: boolean, w: number, loss: LossKind) {
  const chunk = Math.max(1, Math.floor(DENSE_MAX_PAIRS / keys.length))
  let sumHalf = 0
  let gradient = 0
  for (let s = 0; s < indices.length; s += chunk) {
    const r = parametricLossAndGradient({ keys, values, queryIndices: indices.subarray(s, s + chunk), leaveOneOut: loo }, w, 'sum-half', new Float64Array(keys.length))
    expect(r.algorithm).toBe('dense')
    sumHalf += r.sumHalfSquaredError
    gradient += r.gradient
  }
  const scale = loss === 'mean-half' ? 1 / indices.length : 1
  return { loss: sumHalf * scale, gradient: gradient * scale }
}

describe('the training loss and gradient at scale', () => {
  it.each([
    ['uniform', 0.4],
    ['uniform', 6],
    ['uniform', 90],
    ['ties', 25],
    ['duplicates', 3],
    ['clustered', 40],
    ['uniform', -15],
  ] as const)('%s data, w = %s: within the reported bounds of the dense sums', (layout, w) => {
    const { keys, values } = testData(41, 1500, 0, layout)
    const all = Uint32Array.from(keys, (_, i) => i)
    for (const loo of [true, false]) {
      for (const loss of ['sum-half', 'mean-half'] as LossKind[]) {
        const fast = parametricLossAndGradient({ keys, values, queryIndices: all, leaveOneOut: loo }, w, loss, new Float64Array(keys.length))
        expect(fast.algorithm).not.toBe('dense')
        const dense = denseLossAndGradient(keys, values, all, loo, w, loss)
        // The dense sums have their own rounding: a few ulps of the loss and of sum |r df/dw|.
        expect(Math.abs(fast.loss - dense.loss)).toBeLessThanOrEqual(fast.lossErrorBound! + 1e-13 * dense.loss)
        expect(Math.abs(fast.gradient - dense.gradient)).toBeLessThanOrEqual(fast.gradientErrorBound! + 1e-12 * Math.abs(dense.gradient) + 1e-15)
        expect(fast.gradientErrorBound).toBeLessThan(1e-8 * Math.max(1, Math.abs(dense.gradient)))
      }
    }
  })

  it('handles a shuffled minibatch (queries in any order) and w = 0', () => {
    const { keys, values } = testData(42, 3000, 0, 'uniform')
    const rng = createRng(1)
    const batch = Uint32Array.from({ length: 200 }, () => rng.int(keys.length))
    const fast = parametricLossAndGradient({ keys, values, queryIndices: batch, leaveOneOut: true }, 12, 'mean-half', new Float64Array(keys.length))
    const dense = denseLossAndGradient(keys, values, batch, true, 12, 'mean-half')
    expect(fast.gradient).toBeCloseTo(dense.gradient, 12)
    expect(fast.loss).toBeCloseTo(dense.loss, 12)
    const flat = parametricLossAndGradient({ keys, values, queryIndices: batch, leaveOneOut: true }, 0, 'sum-half', new Float64Array(keys.length))
    expect(flat.gradient).toBe(0)
    expect(flat.loss).toBeCloseTo(denseLossAndGradient(keys, values, batch, true, 0, 'sum-half').loss, 9)
  })

  it('trains at scale like the dense reference, epoch by epoch', () => {
    const { keys, values } = testData(43, 1200, 0, 'sorted')
    const options = { w0: 1, lr: 0.002, epochs: 4, loss: 'sum-half' as const, leaveOneOut: true, batchSize: null }
    const fast = sgdTrain(keys, values, options, createRng(0, 1))
    // Replay with dense chunks.
    let w = options.w0
    const all = Uint32Array.from(keys, (_, i) => i)
    for (const record of fast.epochs) {
      const d = denseLossAndGradient(keys, values, all, true, w, 'sum-half')
      expect(record.loss).toBeCloseTo(d.loss, 9)
      w -= options.lr * d.gradient
      expect(record.w).toBeCloseTo(w, 9)
    }
    expect(fast.w).not.toBe(options.w0)
  })
})
