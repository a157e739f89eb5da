import { describe, expect, it } from 'vitest'
import { dataSpecSchema, experimentSpecSchema, type ExperimentSpecInput } from '../../../src-shared/api/spec'
import { nwPredict } from '../../../src-shared/engine/estimate'
import { nwHeatmap } from '../../../src-shared/engine/heatmap'
import { meanSquaredError } from '../../../src-shared/engine/metrics'
import { runExperiment } from '../../../src-shared/experiment/execute'
import { normalizeSpec } from '../../../src-shared/experiment/normalize'
import { DatasetCache } from '../../../src-renderer/live/datasets'
import { computeFrame, COARSE_KEYS } from '../../../src-renderer/live/frame'
import { joinParts } from '../../../src-renderer/live/previewClient'
import type { DataRef, LiveFrame, WorkerReply } from '../../../src-renderer/live/protocol'
import { createWorkerHandler } from '../../../src-renderer/live/workerHandler'

const VIEW = { fitPoints: 1600, trainPoints: 3000, heatRows: 80, heatCols: 80 }

const until = async (ok: () => boolean, ms = 20_000) => {
  const start = Date.now()
  while (!ok()) {
    if (Date.now() - start > ms) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 5))
  }
}

function specRef(spec: ExperimentSpecInput): DataRef {
  const data = dataSpecSchema.parse(spec.data) as Extract<DataRef, { kind: 'spec' }>['spec']
  return { key: JSON.stringify(data), kind: 'spec', spec: data }
}

describe('a live frame', () => {
  it.each([
    ['the oldest edition, Gaussian', { data: { preset: 'd2l-oldest', seed: 3 }, kernel: 'gaussian', sigma: 0.4, mode: 'nonparametric' }],
    ['a generator, Epanechnikov (fast path)', { data: { fn: 'sin', n: 3000, noiseSd: 0.3, xMin: 0, xMax: 6, queryStep: 0.01, seed: 9 }, kernel: 'epanechnikov', sigma: 0.25, mode: 'nonparametric' }],
    ['the newest edition, boxcar (undefined queries)', { data: { preset: 'd2l-newest', seed: 1 }, kernel: 'boxcar', sigma: 0.04, mode: 'nonparametric' }],
  ] as [string, ExperimentSpecInput][])('of %s shows the numbers a saved run of the same spec stores', (_, spec) => {
    const outcome = runExperiment(normalizeSpec(experimentSpecSchema.parse(spec)))
    const prepared = new DatasetCache().get(specRef(spec))
    const frame = computeFrame(prepared, { data: specRef(spec), kernel: spec.kernel!, sigma: spec.sigma as number, view: VIEW, quality: 'exact' })
    expect(frame.quality).toBe('exact')
    expect(frame.m).toBe(outcome.yHat.length)
    // Few enough queries to draw every one: the curve is the run's estimates, bit for bit (NaN where undefined).
    expect(Array.from(frame.yHat)).toEqual(Array.from(outcome.yHat))
    expect(Array.from(frame.xs)).toEqual(Array.from(outcome.dataset.xQuery))
    expect(frame.testMse).toBe(outcome.metrics.testMse)
    expect(frame.baseline).toBe(outcome.baseline)
    expect(frame.undefinedCount).toBe(outcome.undefinedQueries.length)
    const h = nwHeatmap({ keys: outcome.dataset.xTrain, values: outcome.dataset.yTrain, queries: outcome.dataset.xQuery, kernel: spec.kernel!, sigma: spec.sigma as number }, 80, 80)
    expect(Array.from(frame.heatmap.values)).toEqual(Array.from(h.values))
  })

  it.each(['exact', 'coarse'] as const)('is the same %s frame when two workers compute its fit and its heatmap apart', (quality) => {
    const spec: ExperimentSpecInput = { data: { fn: 'sin', n: 30_000, noiseSd: 0.3, xMin: 0, xMax: 6, queryStep: 6 / 30_000, seed: 5 }, kernel: 'gaussian', sigma: 0.2, mode: 'nonparametric' }
    const ref = specRef(spec)
    const request = { data: ref, kernel: 'gaussian' as const, sigma: 0.2, view: VIEW, quality }
    const whole = computeFrame(new DatasetCache().get(ref), request)
    // Each part in a worker of its own, with its own copy of the data.
    const fit = computeFrame(new DatasetCache().get(ref), { ...request, part: 'fit' })
    const heat = computeFrame(new DatasetCache().get(ref), { ...request, part: 'heatmap' })
    expect(heat.heatmap.rows).toBe(80)
    expect(fit.heatmap.rows).toBe(0)
    const untimed = (f: LiveFrame) => ({ ...f, workerMs: 0, fitMs: 0, heatMs: 0 })
    expect(untimed(joinParts(fit, heat))).toEqual(untimed(whole))
    // With a split the fit's worker computes the first rows of the heatmap too: the same frame again.
    for (const split of [0.05, 0.3, 0.75]) {
      const fitAndRows = computeFrame(new DatasetCache().get(ref), { ...request, part: 'fit', split })
      const rest = computeFrame(new DatasetCache().get(ref), { ...request, part: 'heatmap', split })
      expect(fitAndRows.heatmap.rows).toBe(80)
      expect(fitAndRows.heatmap.values.subarray(Math.round(split * 80) * 80).every((v) => v === 0)).toBe(true)
      expect(untimed(joinParts(fitAndRows, rest))).toEqual(untimed(whole))
    }
  })

  it.each(['exact', 'coarse'] as const)('is the same %s frame when each of two workers computes a compact kernel’s fit at its own rows', (quality) => {
    const spec: ExperimentSpecInput = { data: { fn: 'sin', n: 30_000, noiseSd: 0.3, xMin: 0, xMax: 6, queryStep: 6 / 29_999, seed: 5 }, kernel: 'tricube', sigma: 0.2, mode: 'nonparametric' }
    const ref = specRef(spec)
    const request = { data: ref, kernel: 'tricube' as const, sigma: 0.2, view: VIEW, quality }
    const whole = computeFrame(new DatasetCache().get(ref), request)
    const untimed = (f: LiveFrame) => ({ ...f, workerMs: 0, fitMs: 0, heatMs: 0, testMse: null })
    for (const split of [0.5, 0, 0.3, 1]) {
      const fit = computeFrame(new DatasetCache().get(ref), { ...request, part: 'fit', split })
      const heat = computeFrame(new DatasetCache().get(ref), { ...request, part: 'heatmap', split })
      // Each part drew the fit at its rows' queries only.
      const rowsOfFit = Math.round(split * 80)
      expect(fit.xs.length > 0).toBe(rowsOfFit > 0)
      expect(heat.xs.length > 0).toBe(rowsOfFit < 80)
      if (rowsOfFit > 0 && rowsOfFit < 80) expect(heat.xs[0]!).toBeGreaterThan(fit.xs[fit.xs.length - 1]!)
      const joined = joinParts(fit, heat)
      expect(untimed(joined)).toEqual(untimed(whole))
      // The test MSE from the two parts' sums: the whole frame's (the run's) up to the last digits.
      if (quality === 'exact') expect(Math.abs(joined.testMse! - whole.testMse!) / whole.testMse!).toBeLessThan(1e-14)
      else expect(joined.testMse).toBeNull()
    }
    // Many more queries than display points: the parts drew an envelope, each bucket within one part.
    if (quality === 'exact') expect(whole.xs.length).toBeLessThan(whole.m / 4)
  })

  it('joins the undefined rows of two parts in order, and the larger maximum', () => {
    const spec: ExperimentSpecInput = { data: { preset: 'd2l-newest', seed: 1 }, kernel: 'boxcar', sigma: 0.04, mode: 'nonparametric' }
    const ref = specRef(spec)
    const request = { data: ref, kernel: 'boxcar' as const, sigma: 0.04, view: { ...VIEW, heatRows: 20 }, quality: 'exact' as const }
    const whole = computeFrame(new DatasetCache().get(ref), request)
    expect(whole.heatmap.undefinedRows.length).toBeGreaterThan(1)
    // Split between the undefined rows, so each part has some.
    const split = (whole.heatmap.undefinedRows[0]! + 1) / 20
    const joined = joinParts(computeFrame(new DatasetCache().get(ref), { ...request, part: 'fit', split }), computeFrame(new DatasetCache().get(ref), { ...request, part: 'heatmap', split }))
    expect(joined.heatmap.undefinedRows).toEqual(whole.heatmap.undefinedRows)
    expect(joined.heatmap.max).toBe(whole.heatmap.max)
    expect(Array.from(joined.heatmap.values)).toEqual(Array.from(whole.heatmap.values))
  })

  it('sorts a data set once across sigmas and kernels, and a changed data set anew', () => {
    const cache = new DatasetCache()
    const specA: ExperimentSpecInput = { data: { fn: 'sin', n: 3000, noiseSd: 0.3, xMin: 0, xMax: 6, queryStep: 0.005, seed: 5 }, kernel: 'gaussian', sigma: 0.2, mode: 'nonparametric' }
    const specB: ExperimentSpecInput = { ...specA, data: { ...(specA.data as object), seed: 6 } as ExperimentSpecInput['data'] }
    const refA = specRef(specA)
    const refB = specRef(specB)
    const frameOf = (ref: DataRef, kernel: 'gaussian' | 'tricube', sigma: number) => computeFrame(cache.get(ref), { data: ref, kernel, sigma, view: VIEW, quality: 'exact' })
    frameOf(refA, 'gaussian', 0.2)
    const problemA = cache.get(refA).problem
    expect(problemA).not.toBeNull()
    frameOf(refA, 'tricube', 0.3)
    frameOf(refA, 'gaussian', 0.05)
    expect(cache.get(refA).problem).toBe(problemA)
    // New data (another seed): another entry, whose frames are of the new data.
    const b = frameOf(refB, 'tricube', 0.3)
    expect(cache.get(refB).problem).not.toBe(problemA)
    const dataB = cache.get(refB).data
    expect(Array.from(dataB.xTrain)).not.toEqual(Array.from(cache.get(refA).data.xTrain))
    const want = nwPredict({ keys: dataB.xTrain, values: dataB.yTrain, queries: dataB.xQuery, kernel: 'tricube', sigma: 0.3 })
    expect(b.testMse).toBe(meanSquaredError(want.yHat, dataB.yTruth!).mse)
    expect(b.heatmap.values).toEqual(nwHeatmap({ keys: dataB.xTrain, values: dataB.yTrain, queries: dataB.xQuery, kernel: 'tricube', sigma: 0.3 }, 80, 80).values)
    // Imported arrays are keyed by identity: edited arrays are a new key, so a new entry.
    const arrays = { xTrain: Float64Array.from(dataB.xTrain), yTrain: Float64Array.from(dataB.yTrain), xQuery: Float64Array.from(dataB.xQuery), yTruth: null }
    const edited = { ...arrays, yTrain: arrays.yTrain.map((y) => y + 1) }
    const one = frameOf({ key: 'inline:1', kind: 'arrays', arrays }, 'gaussian', 0.2)
    const two = frameOf({ key: 'inline:2', kind: 'arrays', arrays: edited }, 'gaussian', 0.2)
    expect(two.baseline).toBeCloseTo(one.baseline + 1, 12)
    expect(Array.from(two.yHat, (y, i) => y - one.yHat[i]!).every((d) => Math.abs(d - 1) < 1e-9)).toBe(true)
  })

  it.each([
    ['a preset, quartic (dense code)', { data: { preset: 'd2l-middle', seed: 4 }, kernel: 'quartic', sigma: 0.7, mode: 'nonparametric' }],
    ['a generator, tricube (fast path, many steps)', { data: { fn: 'sin', n: 20_000, noiseSd: 0.3, xMin: 0, xMax: 6, queryStep: 0.01, seed: 9 }, kernel: 'tricube', sigma: 0.2, mode: 'nonparametric' }],
  ] as [string, ExperimentSpecInput][])('computes in its worker the metrics a saved run stores (train MSE and leave-one-out score): %s', async (_, spec) => {
    const outcome = runExperiment(normalizeSpec(experimentSpecSchema.parse(spec)))
    const replies: WorkerReply[] = []
    const handle = createWorkerHandler((m) => replies.push(m))
    handle({ type: 'metrics', id: 1, data: specRef(spec), kernel: spec.kernel!, sigma: spec.sigma as number })
    await until(() => replies.length > 0)
    expect(replies).toEqual([{ type: 'metrics', id: 1, metrics: { trainMse: outcome.metrics.trainMse, looScore: outcome.metrics.looScore } }])
  })

  it('computes metrics in steps: a pause holds them, a cancel ends them, and the worker answers the next request', async () => {
    const spec: ExperimentSpecInput = { data: { fn: 'sin', n: 40_000, noiseSd: 0.3, xMin: 0, xMax: 6, queryStep: 0.01, seed: 9 }, kernel: 'tricube', sigma: 0.2, mode: 'nonparametric' }
    const replies: WorkerReply[] = []
    const handle = createWorkerHandler((m) => replies.push(m))
    handle({ type: 'metrics', id: 1, data: specRef(spec), kernel: 'tricube', sigma: 0.2 })
    handle({ type: 'pause' })
    // Paused, the work waits (here well past its few steps' time) instead of finishing.
    await new Promise((r) => setTimeout(r, 300))
    expect(replies).toEqual([])
    handle({ type: 'cancel', id: 1 })
    await until(() => replies.length > 0)
    expect(replies).toEqual([{ type: 'cancelled', id: 1 }])
    handle({ type: 'resume' })
    handle({ type: 'metrics', id: 2, data: specRef(spec), kernel: 'tricube', sigma: 0.2 })
    await until(() => replies.length > 1)
    expect(replies[1]).toMatchObject({ type: 'metrics', id: 2 })
  })

  it('draws a long fit as its envelope: at most the display’s points, the curve’s extremes kept', () => {
    const spec: ExperimentSpecInput = { data: { fn: 'chirp', n: 20_000, noiseSd: 0.5, xMin: 0, xMax: 5, queryStep: 5e-5, seed: 2 }, kernel: 'gaussian', sigma: 0.01, mode: 'nonparametric' }
    const ref = specRef(spec)
    const prepared = new DatasetCache().get(ref)
    const frame = computeFrame(prepared, { data: ref, kernel: 'gaussian', sigma: 0.01, view: VIEW, quality: 'exact' })
    const full = nwPredict({ keys: prepared.data.xTrain, values: prepared.data.yTrain, queries: prepared.data.xQuery, kernel: 'gaussian', sigma: 0.01 }).yHat
    expect(frame.m).toBe(100_000)
    expect(frame.xs.length).toBeLessThanOrEqual(VIEW.fitPoints)
    let lo = Infinity
    let hi = -Infinity
    for (const v of full) {
      lo = Math.min(lo, v)
      hi = Math.max(hi, v)
    }
    expect(Math.min(...frame.yHat)).toBe(lo)
    expect(Math.max(...frame.yHat)).toBe(hi)
    expect(frame.xTrain.length).toBeLessThanOrEqual(VIEW.trainPoints)
  })

  it('of large data can be coarse first: a subsample of keys and queries, marked as such, close to the exact fit', () => {
    const spec: ExperimentSpecInput = { data: { fn: 'sin', n: 200_000, noiseSd: 0.5, xMin: 0, xMax: 5, queryStep: 5e-5, seed: 5 }, kernel: 'gaussian', sigma: 0.3, mode: 'nonparametric' }
    const ref = specRef(spec)
    const prepared = new DatasetCache().get(ref)
    const coarse = computeFrame(prepared, { data: ref, kernel: 'gaussian', sigma: 0.3, view: VIEW, quality: 'coarse' })
    expect(coarse.quality).toBe('coarse')
    expect(coarse.coarse).toEqual({ keys: COARSE_KEYS, queries: VIEW.fitPoints })
    expect(coarse.testMse).toBeNull()
    const exact = nwPredict({ keys: prepared.data.xTrain, values: prepared.data.yTrain, queries: coarse.xs, kernel: 'gaussian', sigma: 0.3 }).yHat
    let worst = 0
    for (let i = 0; i < exact.length; i++) worst = Math.max(worst, Math.abs(exact[i]! - coarse.yHat[i]!))
    expect(worst).toBeLessThan(0.1)
    expect(coarse.heatmap.rows).toBe(80)
    // Its weights are scaled back to the whole data set's: cells comparable with the exact heatmap's.
    const exactHeatmap = nwHeatmap({ keys: prepared.data.xTrain, values: prepared.data.yTrain, queries: prepared.data.xQuery, kernel: 'gaussian', sigma: 0.3 }, 80, 80)
    expect(coarse.heatmap.max / exactHeatmap.max).toBeGreaterThan(0.8)
    expect(coarse.heatmap.max / exactHeatmap.max).toBeLessThan(1.25)
  })
})
