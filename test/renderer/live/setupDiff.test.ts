import { describe, expect, it } from 'vitest'
import { experimentSpecSchema, type ExperimentSpecInput } from '../../../src-shared/api/spec'
import { describeData, normalizeSpec } from '../../../src-shared/experiment/normalize'
import { setupDifferences, type EditorSetup, type StoredRunSetup } from '../../../src-renderer/live/setupDiff'

/** A run as the store describes it, from the spec it was made with. */
function stored(input: ExperimentSpecInput, sigma: number): StoredRunSetup {
  const spec = normalizeSpec(experimentSpecSchema.parse(input))
  const t = spec.training
  return {
    spec: JSON.parse(JSON.stringify(spec)),
    kernel: spec.kernel,
    sigma,
    mode: spec.mode,
    data: describeData(spec.data),
    training: t ? { w0Spec: t.w0, lr: t.lr, epochs: t.epochs, loss: t.loss, loo: t.loo, batchSize: t.batchSize, seed: t.seed } : null,
  }
}

const editor = (spec: ExperimentSpecInput): EditorSetup => ({ data: spec.data, kernel: spec.kernel ?? 'gaussian', sigma: spec.sigma as number, mode: spec.mode ?? 'nonparametric', spec })

const base: ExperimentSpecInput = { data: { preset: 'd2l-oldest', seed: 0 }, kernel: 'gaussian', sigma: 0.5, mode: 'nonparametric' }

describe('how a saved run differs from the editor', () => {
  it('finds no difference when the editor would make the same run', () => {
    expect(setupDifferences(stored(base, 0.5), editor(base))).toEqual([])
    const generated: ExperimentSpecInput = { ...base, data: { fn: 'sin', n: 80, noiseSd: 0.5, xMin: 0, xMax: 5, queryStep: 0.05, seed: 3 } }
    expect(setupDifferences(stored(generated, 0.5), editor(generated))).toEqual([])
  })

  it('names each change: data, kernel, sigma and mode', () => {
    const run = stored(base, 0.5)
    expect(setupDifferences(run, editor({ ...base, sigma: 0.3 }))).toEqual(['σ: 0.5 → 0.3'])
    expect(setupDifferences(run, editor({ ...base, kernel: 'boxcar' }))).toEqual(['kernel: Gaussian → Boxcar'])
    expect(setupDifferences(run, editor({ ...base, data: { preset: 'd2l-oldest', seed: 1 } }))).toEqual(['data'])
    expect(setupDifferences(run, editor({ ...base, mode: 'parametric' }))).toEqual(['mode: nonparametric → parametric'])
  })

  it('compares training parameters of parametric runs, the seed defaulting to the data’s', () => {
    const parametric: ExperimentSpecInput = { ...base, mode: 'parametric', training: { w0: 'random', lr: 0.5, epochs: 5, loss: 'sum-half', loo: true, batchSize: null } }
    const run = stored(parametric, 0.5)
    expect(setupDifferences(run, editor(parametric))).toEqual([])
    expect(setupDifferences(run, editor({ ...parametric, training: { ...parametric.training!, lr: 0.1, epochs: 8 } }))).toEqual(['learning rate: 0.5 → 0.1', 'epochs: 5 → 8'])
  })

  it('compares imported data by what the stored spec keeps: the source and the number of points', () => {
    const imported: ExperimentSpecInput = { ...base, data: { xTrain: [0, 1, 2], yTrain: [1, 2, 3], xQuery: [0.5], source: 'a.csv' } }
    const run = stored(imported, 0.5)
    run.spec = { ...(run.spec as object), data: { source: 'a.csv' } }
    expect(setupDifferences(run, editor(imported))).toEqual([])
    expect(setupDifferences(run, editor({ ...imported, data: { xTrain: [0, 1], yTrain: [1, 2], xQuery: [0.5], source: 'a.csv' } }))).toEqual(['data'])
  })
})
