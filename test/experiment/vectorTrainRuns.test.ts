import { describe, expect, it } from 'vitest'
import { experimentSpecSchema, type ExperimentSpecInput } from '../../src-shared/api/spec'
import { describeZodError } from '../../src-shared/api/zodHelpers'
import { CancelledError } from '../../src-shared/errors'
import { runExperiment, type PartialOutcome } from '../../src-shared/experiment/execute'
import { normalizeSpec } from '../../src-shared/experiment/normalize'
import { materializeVectorData } from '../../src-shared/experiment/vectorData'
import { computeVectorView } from '../../src-shared/experiment/vectorView'

/**
 * Parametric vector runs (exercise 2 from a run spec): the spec's
 * validation at the boundary, and the trained width vector checked against
 * plain gradient descent written here from the formulas (no engine code).
 */
const spec = (s: ExperimentSpecInput) => normalizeSpec(experimentSpecSchema.parse(s))

function refuse(s: unknown): string {
  const r = experimentSpecSchema.safeParse(s)
  if (r.success) throw new Error('accepted')
  return describeZodError(r.error)
}

const FIRST_ONLY = { vectorFn: 'first-only', d: 2, n: 250, noiseSd: 0.3, xMin: 0, xMax: 5, queryCount: 40, seed: 12 } as const

/**
 * Full-batch gradient descent on the leave-one-out loss sum_i (f_i - y_i)^2 / 2,
 * f_i = sum_{j != i} a_ij y_j, a_ij = softmax_j(-sum_l ((x_il - x_jl) w_l)^2 / 2):
 * df_i/dw_l = -w_l sum_j a_ij (y_j - f_i) (x_il - x_jl)^2.
 */
function naiveTrain(x: Float64Array, d: number, y: Float64Array, w0: number[], lr: number, epochs: number): { w: number[]; losses: number[] } {
  const n = y.length
  const w = [...w0]
  const losses: number[] = []
  for (let e = 0; e < epochs; e++) {
    const grad = new Array<number>(d).fill(0)
    let loss = 0
    for (let i = 0; i < n; i++) {
      const s: number[] = []
      for (let j = 0; j < n; j++) {
        let t = 0
        for (let l = 0; l < d; l++) t += ((x[i * d + l]! - x[j * d + l]!) * w[l]!) ** 2
        s.push(j === i ? -Infinity : -t / 2)
      }
      let top = -Infinity
      for (const v of s) top = Math.max(top, v)
      const a = s.map((v) => Math.exp(v - top))
      const sum = a.reduce((p, q) => p + q, 0)
      let f = 0
      for (let j = 0; j < n; j++) f += (a[j]! / sum) * y[j]!
      loss += (f - y[i]!) ** 2 / 2
      for (let l = 0; l < d; l++) {
        let df = 0
        for (let j = 0; j < n; j++) df += (a[j]! / sum) * (y[j]! - f) * (x[i * d + l]! - x[j * d + l]!) ** 2
        grad[l] = grad[l]! + (f - y[i]!) * -w[l]! * df
      }
    }
    losses.push(loss)
    for (let l = 0; l < d; l++) w[l] = w[l]! - lr * grad[l]!
  }
  return { w, losses }
}

describe('a parametric vector spec is checked at the boundary', () => {
  const base = { data: FIRST_ONLY, mode: 'parametric' as const }

  it('accepts the choices of train --per-coordinate and states every default', () => {
    const s = spec({ ...base, training: { w0: 1, lr: 0.2, epochs: 3, loss: 'mean-half', batchSize: 50, seed: 4, standardize: true } })
    expect(s.training).toEqual({ w0: 1, lr: 0.2, epochs: 3, loss: 'mean-half', loo: true, batchSize: 50, seed: 4, standardize: true })
    expect(s.name).toBe('Trained widths on first-only, d = 2, n = 250, sd 0.3 (seed 12)')
    // Without training: the oldest edition's recipe, as the command line's defaults, seeded from the data, raw inputs.
    expect(spec(base).training).toEqual({ w0: 'random', lr: 0.5, epochs: 5, loss: 'sum-half', loo: true, batchSize: null, seed: 12, standardize: false })
  })

  it.each([
    ['classification data', { ...base, data: { dataset: 'penguins', seed: 1 } }, /^mode: a trained width vector is for regression/],
    ['local-linear', { ...base, estimator: 'local-linear' }, /^estimator: parametric attention trains Nadaraya-Watson weights; use estimator "nw"$/],
    ['dot-product scoring', { ...base, scoring: 'dot' }, /^scoring: parametric attention trains distance-scored widths/],
    ['a band', { ...base, bands: { kind: 'asymptotic' } }, /^bands: a band applies to nonparametric vector runs$/],
    ['given widths', { ...base, sigma: [0.5, 0.5] }, /^sigma: a trained run learns its widths .*leave sigma out$/],
    ['a width rule', { ...base, sigma: { rule: 'scott' } }, /^sigma: a trained run learns its widths/],
    ['w0 = 0', { ...base, training: { w0: 0 } }, /^training\.w0: w0 = 0 weighs every key alike and its gradient is 0/],
    ['a compact kernel', { ...base, kernel: 'epanechnikov' }, /^kernel: parametric training learns the width of the Gaussian kernel/],
    ['standardize on one-dimensional data', { data: { preset: 'd2l-oldest', seed: 1 }, mode: 'parametric', training: { standardize: true } }, /^training\.standardize: applies to vector data/],
    ['an unknown training field', { ...base, training: { epoch: 3 } }, /training.*epoch/],
  ])('refuses %s with one clear message', (_, s, message) => {
    expect(refuse(s)).toMatch(message)
  })

  it('leaves one-dimensional parametric specs as they were (no standardize field, the same name)', () => {
    const s = spec({ data: { preset: 'd2l-oldest', seed: 1 }, mode: 'parametric' })
    expect(s.training).not.toHaveProperty('standardize')
    expect(s.name).toBe('Trained w on d2l-oldest (seed 1)')
  })
})

describe('a parametric vector run stopped part way', () => {
  it('reports each epoch as it trains and, when stopped, hands back the epochs so far with w0, the last w and the scale', () => {
    const data = { ...FIRST_ONLY, n: 40, queryCount: 5 }
    const s = spec({ data, mode: 'parametric', training: { w0: 0.8, lr: 0.05, epochs: 50, loss: 'sum-half' } })
    const seen: { epoch: number; w: number | number[] }[] = []
    let error: unknown = null
    try {
      runExperiment(s, { onEpoch: (r) => seen.push(r), shouldStop: () => seen.length >= 3 })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(CancelledError)
    const partial = (error as CancelledError<PartialOutcome>).partial!
    const raw = materializeVectorData(s.data as never)
    const ref = naiveTrain(raw.xTrain, 2, raw.yTrain, [0.8, 0.8], 0.05, 3)
    expect(seen.map((r) => r.epoch)).toEqual([1, 2, 3])
    expect(partial.epochs).toEqual(seen)
    const last = partial.epochs[2]!.w as number[]
    last.forEach((wl, l) => expect(Math.abs(wl - ref.w[l]!)).toBeLessThan(1e-10 * Math.abs(ref.w[l]!)))
    expect(partial.learned).toEqual({ w0: [0.8, 0.8], w: last, scale: null })
  })
})

describe('a parametric vector run', () => {
  it('learns the w of plain gradient descent, epoch by epoch, and draws the fit through sigma_l = 1/|w_l|', () => {
    const data = { ...FIRST_ONLY, n: 40, queryCount: 5 }
    const s = spec({ data, mode: 'parametric', training: { w0: 0.8, lr: 0.05, epochs: 4, loss: 'sum-half' } })
    const o = runExperiment(s)
    const raw = materializeVectorData(s.data as never)
    const ref = naiveTrain(raw.xTrain, 2, raw.yTrain, [0.8, 0.8], 0.05, 4)
    const learned = o.vector!.info.learned!
    expect(learned.w0).toEqual([0.8, 0.8])
    learned.w.forEach((wl, l) => expect(Math.abs(wl - ref.w[l]!)).toBeLessThan(1e-10 * Math.abs(ref.w[l]!)))
    const curve = o.vector!.widthCurve!
    expect(curve.loss).toHaveLength(4)
    curve.loss.forEach((v, k) => expect(Math.abs(v - ref.losses[k]!)).toBeLessThan(1e-10 * ref.losses[k]!))
    expect(Array.from(curve.w.subarray(6, 8))).toEqual(learned.w)
    expect(o.vector!.info.sigma).toEqual(learned.w.map((wl) => 1 / Math.abs(wl)))
    expect(learned.scale).toBeNull()
    // The trained model at the queries: Nadaraya-Watson with the product Gaussian at those widths.
    const m = raw.xQuery.length / 2
    for (let i = 0; i < m; i++) {
      let num = 0
      let den = 0
      for (let j = 0; j < raw.yTrain.length; j++) {
        let t = 0
        for (let l = 0; l < 2; l++) t += ((raw.xQuery[i * 2 + l]! - raw.xTrain[j * 2 + l]!) * learned.w[l]!) ** 2
        num += Math.exp(-t / 2) * raw.yTrain[j]!
        den += Math.exp(-t / 2)
      }
      expect(Math.abs(o.yHat[i]! - num / den)).toBeLessThan(1e-12 * Math.max(1, Math.abs(num / den)))
    }
    expect(o.metrics.trainLoss).not.toBeNull()
    expect(o.metrics.coverage.testMse).toEqual({ covered: m, total: m })
    expect(o.epochs).toEqual([])
  })

  it('shrinks the w of a pure-noise coordinate towards 0 and grows the informative one', () => {
    // first-only: the value depends on x1 alone; x2 is pure noise.
    const o = runExperiment(spec({ data: { ...FIRST_ONLY, n: 150 }, mode: 'parametric', training: { w0: 1, lr: 5, epochs: 100, loss: 'mean-half' } }))
    const { w } = o.vector!.info.learned!
    const curve = o.vector!.widthCurve!
    expect(Math.abs(w[1]!)).toBeLessThan(0.3)
    expect(Math.abs(w[1]!)).toBeLessThan(Math.abs(curve.w[9 * 2 + 1]!))
    expect(Math.abs(w[0]!)).toBeGreaterThan(2)
    expect(curve.loss[99]!).toBeLessThan(curve.loss[0]!)
    // So its width is far wider than the informative coordinate's.
    expect(o.vector!.info.sigma![1]!).toBeGreaterThan(5 * o.vector!.info.sigma![0]!)
    // The saved-run view's widths chart: the learned widths beside the rules and leave-one-out CV (no second SGD).
    const view = computeVectorView({ info: o.vector!.info, kernel: 'gaussian', xTrain: o.dataset.xTrain, yTrain: o.dataset.yTrain, grid: 8, sliceSteps: 5 })
    expect(view.widths.map((w) => w.label)).toEqual(['learned by SGD (this run)', "Silverman's rule", "Scott's rule", 'leave-one-out CV'])
    expect(view.widths[0]!.sigma).toEqual(o.vector!.info.sigma)
    // CV agrees that the noise coordinate is the wide one.
    expect(view.widths[3]!.sigma![1]!).toBeGreaterThan(view.widths[3]!.sigma![0]!)
    // About a second alone; a machine shared by several test runs can take far longer.
  }, 90_000)

  it('standardises as --standardize does: widths sd_l / |w_l| on the raw inputs', () => {
    const o = runExperiment(spec({ data: { dataset: 'cars', seed: 3 }, mode: 'parametric', training: { w0: 1, lr: 0.5, epochs: 10, loss: 'mean-half', standardize: true } }))
    const { w, scale } = o.vector!.info.learned!
    expect(scale).toHaveLength(2)
    expect(scale![1]!).toBeGreaterThan(100) // weight in pounds
    expect(o.vector!.info.sigma).toEqual(w.map((wl, l) => scale![l]! / Math.abs(wl)))
    expect(o.metrics.testMse).toBeGreaterThan(0)
  })

  it('fails with a clear message when leave-one-out has a single point', () => {
    const s = spec({ data: { features: ['a', 'b'], xTrain: [0, 1], yTrain: [2], xQuery: [0, 1] }, mode: 'parametric' })
    expect(() => runExperiment(s)).toThrow(/leave-one-out training needs at least 2 training points/)
  })
})
