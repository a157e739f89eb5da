import { describe, expect, it } from 'vitest'
import { parametricLossAndGradient, parametricPredict } from '../../src-shared/engine/parametric'
import type { LossKind } from '../../src-shared/engine/types'
import { createRng } from '../../src-shared/engine/rng'
import { sgdTrain } from '../../src-shared/engine/sgd'
import { expectClose, f64, reference } from './reference'

function fullBatch(x: number[], y: number[], loo: boolean) {
  return { keys: f64(x), values: f64(y), queryIndices: Uint32Array.from(x, (_, i) => i), leaveOneOut: loo }
}

describe('parametric attention pooling', () => {
  for (const ds of reference.datasets) {
    describe(ds.name, () => {
      it.each(ds.gradients)('loss and analytic gradient match torch autograd at w=$w ($loss, loo $loo)', (g) => {
        const r = parametricLossAndGradient(fullBatch(ds.x, ds.y, g.loo), g.w, g.loss, new Float64Array(ds.x.length))
        expectClose([r.loss], [g.value], 1e-12, 'loss')
        expectClose([r.gradient], [g.gradient], 1e-10, 'gradient')
      })

      it.each(ds.training)('trains like the chapter: w0 $w0, lr $lr, $epochs epochs, $loss, loo $loo, batch $batchSize', (t) => {
        const rng = createRng(t.seed ?? 0, 1)
        const r = sgdTrain(f64(ds.x), f64(ds.y), { w0: t.w0, lr: t.lr, epochs: t.epochs, loss: t.loss, leaveOneOut: t.loo, batchSize: t.batchSize }, rng)
        expect(r.epochs.map((e) => e.epoch)).toEqual(t.records.map((e) => e.epoch))
        expectClose(r.epochs.map((e) => e.loss), t.records.map((e) => e.loss), 1e-11, 'epoch loss')
        expectClose(r.epochs.map((e) => e.w), t.records.map((e) => e.w), 1e-11, 'epoch w')
        expectClose([r.w], [t.w], 1e-11, 'final w')
        expectClose(parametricPredict(f64(ds.x), f64(ds.y), f64(ds.q), r.w).yHat, t.yHat, 1e-10, 'trained yHat')
      })
    })
  }

  it('has a gradient that agrees with central finite differences', () => {
    const ds = reference.datasets[1]!
    const scratch = new Float64Array(ds.x.length)
    for (const loss of ['sum-half', 'mean-half'] as LossKind[]) {
      for (const loo of [true, false]) {
        for (const w of [-1.7, 0.05, 0.6, 3.3, 12]) {
          const b = fullBatch(ds.x, ds.y, loo)
          const h = 1e-6 * Math.max(1, Math.abs(w))
          const fd = (parametricLossAndGradient(b, w + h, loss, scratch).loss - parametricLossAndGradient(b, w - h, loss, scratch).loss) / (2 * h)
          const g = parametricLossAndGradient(b, w, loss, scratch).gradient
          expect(Math.abs(g - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(g)))
        }
      }
    }
  })

  it('without leave-one-out overfits: w keeps growing and the training loss keeps falling', () => {
    const ds = reference.datasets[0]!
    const opts = { w0: 1, epochs: 200, loss: 'sum-half' as const, batchSize: null }
    const free = sgdTrain(f64(ds.x), f64(ds.y), { ...opts, lr: 1, leaveOneOut: false }, createRng(0, 1))
    for (let e = 1; e < 200; e++) {
      expect(free.epochs[e]!.w).toBeGreaterThan(free.epochs[e - 1]!.w)
      expect(free.epochs[e]!.loss).toBeLessThan(free.epochs[e - 1]!.loss)
    }
    // Leaving the point out removes the reward for attending to itself: w stays moderate and the loss levels off.
    const loo = sgdTrain(f64(ds.x), f64(ds.y), { ...opts, lr: 0.05, leaveOneOut: true }, createRng(0, 1))
    expect(loo.w).toBeLessThan(free.w / 4)
    expect(Math.abs(loo.epochs[199]!.loss - loo.epochs[99]!.loss)).toBeLessThan(0.01)
    expect(loo.epochs[199]!.loss).toBeGreaterThan(free.epochs[199]!.loss)
  })

  it('at w = 0, or a w so small that 1/|w| overflows, predicts the mean of the values (average pooling)', () => {
    for (const w of [0, -0, 3.28e-321, -5e-324]) {
      const r = parametricPredict(f64([0, 1, 2]), f64([1, 2, 6]), f64([-5, 0.5, 9]), w)
      expect(Array.from(r.yHat)).toEqual([3, 3, 3])
    }
  })

  it('rejects bad training options with a clear message', () => {
    const x = f64([0, 1, 2])
    const y = f64([0, 1, 0])
    const ok = { w0: 1, lr: 0.5, epochs: 3, loss: 'sum-half' as const, leaveOneOut: true, batchSize: null }
    const rng = createRng(0)
    expect(() => sgdTrain(x, y, { ...ok, lr: 0 }, rng)).toThrow(/learning rate must be > 0/)
    expect(() => sgdTrain(x, y, { ...ok, epochs: 1.5 }, rng)).toThrow(/epochs must be an integer/)
    expect(() => sgdTrain(x, y, { ...ok, w0: NaN }, rng)).toThrow(/w0 must be a finite number/)
    expect(() => sgdTrain(x, y, { ...ok, batchSize: 0 }, rng)).toThrow(/batch size/)
    expect(() => sgdTrain(f64([1]), f64([1]), ok, rng)).toThrow(/at least 2 training points/)
    expect(() => sgdTrain(x, y, { ...ok, loss: 'l1' as never }, rng)).toThrow(/loss must be/)
    expect(() => sgdTrain(f64([0, 1, 2]), f64([0, 1e300, -1e300]), { ...ok, lr: 1e300 }, rng)).toThrow(/diverged/)
  })

  it('records zero epochs as no training at all', () => {
    const r = sgdTrain(f64([0, 1, 2]), f64([0, 1, 0]), { w0: 0.7, lr: 1, epochs: 0, loss: 'sum-half', leaveOneOut: true, batchSize: null }, createRng(0))
    expect(r.epochs).toEqual([])
    expect(r.w).toBe(0.7)
  })
})
