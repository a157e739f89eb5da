import { describe, expect, it } from 'vitest'
import { experimentSpecSchema, type ExperimentSpecInput } from '../../src-shared/api/spec'
import { describeZodError } from '../../src-shared/api/zodHelpers'
import { loadPreset } from '../../src-shared/datasets/presets'
import { runExperiment } from '../../src-shared/experiment/execute'
import { normalizeSpec } from '../../src-shared/experiment/normalize'
import { materializeVectorData } from '../../src-shared/experiment/vectorData'

/**
 * Vector runs (issue 13) computed from a spec, checked against naive loops
 * written here (a product Gaussian kernel, the class shares of the
 * attention weights), independent of the engine's paths.
 */
const spec = (s: ExperimentSpecInput) => normalizeSpec(experimentSpecSchema.parse(s))

function refuse(s: unknown): string {
  const r = experimentSpecSchema.safeParse(s)
  if (r.success) throw new Error('accepted')
  return describeZodError(r.error)
}

/** Naive product-Gaussian weights of query row i over every key. */
function weights(keys: Float64Array, queries: Float64Array, d: number, sigma: readonly number[], i: number): number[] {
  const n = keys.length / d
  const w: number[] = []
  for (let j = 0; j < n; j++) {
    let s = 0
    for (let l = 0; l < d; l++) s += ((queries[i * d + l]! - keys[j * d + l]!) / sigma[l]!) ** 2
    w.push(Math.exp(-0.5 * s))
  }
  return w
}

describe('vector runs from a spec', () => {
  it('fit a shipped regression set at given widths as a naive Nadaraya-Watson does, and score the held-out rows', () => {
    const s = spec({ data: { dataset: 'cars', seed: 7 }, sigma: [20, 300] })
    expect(s).toMatchObject({ task: 'regression', estimator: 'nw', scoring: 'distance', data: { features: ['horsepower', 'weight'], holdout: 0.25 } })
    const o = runExperiment(s)
    const data = materializeVectorData(s.data as never)
    const d = 2
    const m = data.xQuery.length / d
    expect(o.vector!.info).toMatchObject({ d: 2, features: ['horsepower', 'weight'], target: 'mpg', sigma: [20, 300] })
    let sse = 0
    for (let i = 0; i < m; i++) {
      const w = weights(data.xTrain, data.xQuery, d, [20, 300], i)
      let num = 0
      let den = 0
      w.forEach((wj, j) => {
        num += wj * data.yTrain[j]!
        den += wj
      })
      expect(o.yHat[i]).toBeCloseTo(num / den, 10)
      sse += (num / den - data.yTruth![i]!) ** 2
    }
    expect(o.metrics.testMse).toBeCloseTo(sse / m, 9)
    expect(o.metrics.coverage.testMse).toEqual({ covered: m, total: m })
    expect(o.metrics.looScore).not.toBeNull()
    expect(o.sigma).toBeNull()
  })

  it('split a shipped set by its seed: disjoint training and query rows that cover every row', () => {
    const all = loadPreset('cars')
    const a = materializeVectorData(spec({ data: { dataset: 'cars', seed: 1 } }).data as never)
    const b = materializeVectorData(spec({ data: { dataset: 'cars', seed: 1 } }).data as never)
    const c = materializeVectorData(spec({ data: { dataset: 'cars', seed: 2 } }).data as never)
    expect(a.xTrain).toEqual(b.xTrain)
    expect(a.xTrain).not.toEqual(c.xTrain)
    expect(a.xTrain.length / 2 + a.xQuery.length / 2).toBe(all.rows)
    expect(a.xQuery.length / 2).toBe(Math.round(all.rows * 0.25))
    const key = (x: Float64Array, i: number) => `${x[2 * i]},${x[2 * i + 1]}`
    const rows = new Map<string, number>()
    for (let i = 0; i < all.rows; i++) rows.set(key(all.x, i), (rows.get(key(all.x, i)) ?? 0) + 1)
    for (const x of [a.xTrain, a.xQuery]) for (let i = 0; i < x.length / 2; i++) rows.set(key(x, i), rows.get(key(x, i))! - 1)
    expect([...rows.values()].every((v) => v === 0)).toBe(true)
  })

  it('classify with class scores that are the attention-weighted class shares, and count accuracy, log loss and LOO accuracy', () => {
    const s = spec({ data: { dataset: 'penguins', seed: 3 }, sigma: [2, 5] })
    expect(s.task).toBe('classification')
    const o = runExperiment(s)
    const data = materializeVectorData(s.data as never)
    const info = o.vector!.info
    const c = info.classCount!
    expect(info.labelNames!.slice(0, c)).toEqual(['Adelie', 'Chinstrap', 'Gentoo'])
    const m = data.xQuery.length / 2
    let right = 0
    let loss = 0
    for (let i = 0; i < m; i++) {
      const w = weights(data.xTrain, data.xQuery, 2, [2, 5], i)
      const share = new Array<number>(c).fill(0)
      let total = 0
      w.forEach((wj, j) => {
        const k = data.yTrain[j]!
        share[k] = share[k]! + wj
        total += wj
      })
      for (let k = 0; k < c; k++) expect(o.vector!.classScores![i * c + k]).toBeCloseTo(share[k]! / total, 12)
      const best = share.indexOf(Math.max(...share))
      expect(o.yHat[i]).toBe(best)
      if (best === data.yTruth![i]) right++
      loss -= Math.log(Math.max(1e-15, share[data.yTruth![i]!]! / total))
    }
    expect(info.classMetrics!.accuracy).toBeCloseTo(right / m, 14)
    expect(info.classMetrics!.logLoss).toBeCloseTo(loss / m, 10)
    expect(info.classCoverage).toEqual({ accuracy: { covered: m, total: m }, logLoss: { covered: m, total: m }, looAccuracy: { covered: data.xTrain.length / 2, total: data.xTrain.length / 2 } })
    // Leave-one-out accuracy, naively: each training point scored by the others.
    const n = data.xTrain.length / 2
    let looRight = 0
    for (let i = 0; i < n; i++) {
      const w = weights(data.xTrain, data.xTrain, 2, [2, 5], i)
      w[i] = 0
      const share = new Array<number>(c).fill(0)
      w.forEach((wj, j) => {
        const k = data.yTrain[j]!
        share[k] = share[k]! + wj
      })
      if (share.indexOf(Math.max(...share)) === data.yTrain[i]) looRight++
    }
    expect(info.classMetrics!.looAccuracy).toBeCloseTo(looRight / n, 14)
  })

  it('resolve a width rule per coordinate, fit local-linear and dot scoring, and draw a band', () => {
    const gen = { vectorFn: 'sin-linear-2d', d: 2, n: 150, noiseSd: 0.3, queryCount: 40, seed: 5 } as const
    const rule = runExperiment(spec({ data: gen, sigma: { rule: 'silverman' } }))
    expect(rule.vector!.info.sigma).toHaveLength(2)
    const ll = runExperiment(spec({ data: gen, sigma: [0.8, 0.8], estimator: 'local-linear' }))
    const nw = runExperiment(spec({ data: gen, sigma: [0.8, 0.8] }))
    expect(ll.yHat).not.toEqual(nw.yHat)
    expect(ll.vector!.info.estimator).toBe('local-linear')
    const dot = runExperiment(spec({ data: gen, sigma: 0.8, scoring: 'dot' }))
    expect(dot.vector!.info).toMatchObject({ scoring: 'dot', sigma: [0.8, 0.8] })
    const band = runExperiment(spec({ data: gen, sigma: [0.8, 0.8], bands: { kind: 'bootstrap', replicates: 30, seed: 9 } }))
    const again = runExperiment(spec({ data: gen, sigma: [0.8, 0.8], bands: { kind: 'bootstrap', replicates: 30, seed: 9 } }))
    expect(band.vector!.bandLower).toEqual(again.vector!.bandLower)
    expect(band.yHat).toEqual(nw.yHat)
    for (let i = 0; i < 40; i++) {
      expect(band.vector!.bandLower![i]!).toBeLessThanOrEqual(band.vector!.bandUpper![i]!)
    }
    expect(band.vector!.info.bands).toEqual({ kind: 'bootstrap', level: 0.95, replicates: 30, seed: 9, resampling: 'pairs' })
  })

  it('classify inline data with text labels, a query-only label counted as a miss', () => {
    const s = spec({
      data: { features: ['a', 'b'], xTrain: [0, 0, 0, 1, 5, 5, 5, 6], labelsTrain: ['x', 'x', 'y', 'y'], xQuery: [0, 0.5, 5, 5.5, 9, 9], labelsQuery: ['x', 'y', 'z'] },
      sigma: [1, 1],
    })
    const o = runExperiment(s)
    expect(o.vector!.info).toMatchObject({ labelNames: ['x', 'y', 'z'], classCount: 2 })
    expect(Array.from(o.yHat)).toEqual([0, 1, 1])
    expect(o.vector!.info.classMetrics!.accuracy).toBeCloseTo(2 / 3, 15)
  })

  it('refuse vector choices that do not fit the data, with a message naming the field', () => {
    expect(refuse({ data: { preset: 'd2l-oldest', seed: 1 }, estimator: 'local-linear' })).toMatch(/^estimator: applies to vector data/)
    expect(refuse({ data: { preset: 'd2l-oldest', seed: 1 }, sigma: [1, 2] })).toMatch(/^sigma: a width per feature needs vector data/)
    expect(refuse({ data: { dataset: 'cars', seed: 1 }, sigma: [1, 2, 3] })).toMatch(/^sigma: has 3 widths but the data have 2 features/)
    expect(refuse({ data: { dataset: 'cars', seed: 1 }, task: 'classification' })).toMatch(/^task: the data are for regression/)
    expect(refuse({ data: { dataset: 'penguins', seed: 1 }, estimator: 'local-linear' })).toMatch(/^estimator: classification uses nw/)
    expect(refuse({ data: { dataset: 'penguins', seed: 1, features: ['wings'] } })).toMatch(/^data\.features\[0\]: "wings" is not a numeric column of penguins/)
    // Vector data train a width vector for regression only (vectorTrainRuns.test.ts has the rest).
    expect(refuse({ data: { dataset: 'penguins', seed: 1 }, mode: 'parametric' })).toMatch(/^mode: a trained width vector is for regression/)
    expect(refuse({ data: { features: ['a', 'b'], xTrain: [1, 2, 3], yTrain: [1], xQuery: [1, 2] } })).toMatch(/xTrain: has 3 numbers, not a multiple of the 2 features/)
    expect(refuse({ data: { features: ['a'], xTrain: [1, 2], labelsTrain: ['p'], xQuery: [1] } })).toMatch(/labelsTrain: has 1 values but there are 2 training rows/)
    expect(refuse({ data: { vectorFn: 'friedman1', d: 3, n: 10, seed: 1 } })).toMatch(/^data\.d: .* needs d >= 5/)
    expect(refuse({ data: { dataset: 'penguins', seed: 1 }, sigma: { rule: 'loo-cv' } })).toMatch(/^sigma: classification widths come from/)
  })

  it('leave one-dimensional specs exactly as they were: no vector field appears in their normalised form', () => {
    for (const s of [
      { data: { preset: 'd2l-oldest', seed: 1 } },
      { data: { fn: 'sin', n: 20, seed: 2 }, sigma: { rule: 'scott' } },
      { data: { xTrain: [0, 1], yTrain: [1, 2], xQuery: [0.5] }, kernel: 'boxcar', sigma: 0.6 },
    ] as const) {
      const n = spec(s as ExperimentSpecInput)
      expect(Object.keys(n).sort()).toEqual(['data', 'kernel', 'mode', 'name', 'notes', 'sigma', 'tags', 'training'])
      expect(runExperiment(n).vector).toBeUndefined()
    }
  })
})
