import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunSummary } from '../../src-shared/api/runs'
import { experimentSpecSchema, type ExperimentSpecInput } from '../../src-shared/api/spec'
import { vectorWeights } from '../../src-shared/engine/vector'
import { runExperiment } from '../../src-shared/experiment/execute'
import { normalizeSpec } from '../../src-shared/experiment/normalize'
import { probeWeights, vectorAttentionHeatmap, vectorProbe, type VectorAttentionInput, type VectorHeatmapReply, type VectorProbeReply } from '../../src-shared/experiment/vectorAttention'
import { createServices, type Services } from '../../src-main/services'
import { tempDir } from '../cli/runCli'

/**
 * The attention heatmap and the query probe of a vector run: weights from
 * the engine, checked against the engine's dense weight matrix and against a
 * naive Gaussian product kernel written here, and the same through the API
 * (a worker job reading the stored run).
 */

function inputOf(spec: ExperimentSpecInput): VectorAttentionInput {
  const o = runExperiment(normalizeSpec(experimentSpecSchema.parse(spec)))
  return { info: o.vector!.info, kernel: normalizeSpec(experimentSpecSchema.parse(spec)).kernel, xTrain: o.dataset.xTrain, yTrain: o.dataset.yTrain, xQuery: o.dataset.xQuery }
}

/** exp(-||(q - k) / sigma||^2 / 2) over its sum, by hand. */
function naiveWeights(keys: Float64Array, d: number, sigma: number[], q: ArrayLike<number>): number[] {
  const n = keys.length / d
  const w: number[] = []
  for (let j = 0; j < n; j++) {
    let s = 0
    for (let l = 0; l < d; l++) s += ((q[l]! - keys[j * d + l]!) / sigma[l]!) ** 2
    w.push(Math.exp(-s / 2))
  }
  const sum = w.reduce((a, b) => a + b, 0)
  return w.map((v) => v / sum)
}

const SPEC: ExperimentSpecInput = { data: { vectorFn: 'sin-linear-2d', d: 2, n: 70, queryCount: 12, seed: 5 }, sigma: [0.6, 0.9] }
const input = inputOf(SPEC)
const d = 2
const n = 70
const sigma = [0.6, 0.9]

describe('the query probe of a vector run', () => {
  it('has the engine’s weights: each row of vectorWeights, summing to 1, as a naive kernel gives them', () => {
    const dense = vectorWeights({ keys: input.xTrain, d, values: input.yTrain, queries: input.xQuery, kernel: 'gaussian', sigma: Float64Array.from(sigma) })
    for (const i of [0, 5, 11]) {
      const q = input.xQuery.slice(i * d, (i + 1) * d)
      const { alpha } = probeWeights(input, q)
      const naive = naiveWeights(input.xTrain, d, sigma, q)
      let sum = 0
      for (let j = 0; j < n; j++) {
        expect(Math.abs(alpha![j]! - dense.weights[i * n + j]!)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.max(alpha![j]!, 1e-300) + 1e-300)
        expect(alpha![j]!).toBeCloseTo(naive[j]!, 14)
        sum += alpha![j]!
      }
      expect(Math.abs(sum - 1)).toBeLessThan(1e-14)
    }
  })

  it('reports the estimate, 1 / sum alpha^2 and the entropy of those weights, with bars nearest first', () => {
    const p = vectorProbe(input, { query: 3 }, 500)
    const q = Array.from(input.xQuery.slice(6, 8))
    const alpha = naiveWeights(input.xTrain, d, sigma, q)
    expect(p.point).toEqual(q)
    expect(p.queryIndex).toBe(3)
    expect(p.estimate!).toBeCloseTo(alpha.reduce((s, a, j) => s + a * input.yTrain[j]!, 0), 13)
    expect(p.effectiveKeys!).toBeCloseTo(1 / alpha.reduce((s, a) => s + a * a, 0), 10)
    expect(p.entropy!).toBeCloseTo(-alpha.reduce((s, a) => s + (a > 0 ? a * Math.log(a) : 0), 0), 12)
    expect(Math.abs(p.weightSum - 1)).toBeLessThan(1e-14)
    // One bar per key up to the last 5e-4 of weight, at each key's scaled distance, ascending.
    expect(p.bars.binned).toBe(false)
    for (let k = 1; k < p.bars.x.length; k++) expect(p.bars.x[k]!).toBeGreaterThanOrEqual(p.bars.x[k - 1]!)
    expect(p.bars.mass).toBeGreaterThan(1 - 5e-4)
    expect(p.bars.weight[0]).toBe(Math.max(...p.bars.weight))
    const binned = vectorProbe(input, { point: q }, 5)
    expect(binned.bars.binned).toBe(true)
    expect(binned.bars.weight.reduce((s, w) => s + w, 0)).toBeCloseTo(p.bars.mass, 14)
    expect(binned.effectiveKeys).toBe(p.effectiveKeys)
  })

  it('gives class scores that sum to 1 for classification, and refuses a point of the wrong length', () => {
    const cls = inputOf({ data: { dataset: 'penguins', seed: 4, features: ['beak_length', 'flipper_length'] }, sigma: [3, 8] })
    const p = vectorProbe(cls, { query: 0 }, 100)
    expect(p.estimate).toBeNull()
    expect(Math.abs(p.classScores!.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-14)
    expect(() => vectorProbe(cls, { point: [1, 2, 3] }, 10)).toThrow("the point has 3 coordinates; the run's inputs have 2")
    expect(() => vectorProbe(cls, { query: 10_000 }, 10)).toThrow(/query must be an integer in \[0, \d+\]/)
  })
})

describe('the attention heatmap of a vector run', () => {
  it('is the weight matrix itself at full resolution, keys and queries in the chosen coordinate’s order', () => {
    const h = vectorAttentionHeatmap(input, { by: 'coordinate', coordinate: 1 }, 1000, 1000)
    expect([h.rows, h.cols, h.sampled]).toEqual([12, 70, false])
    const qOrder = Array.from({ length: 12 }, (_, i) => i).sort((a, b) => input.xQuery[a * d + 1]! - input.xQuery[b * d + 1]! || a - b)
    const kOrder = Array.from({ length: n }, (_, j) => j).sort((a, b) => input.xTrain[a * d + 1]! - input.xTrain[b * d + 1]! || a - b)
    for (let r = 0; r < 12; r++) {
      const w = naiveWeights(input.xTrain, d, sigma, input.xQuery.slice(qOrder[r]! * d, qOrder[r]! * d + d))
      for (let c = 0; c < n; c++) expect(h.values[r * n + c]!).toBeCloseTo(w[kOrder[c]!]!, 14)
      expect(h.rowEdges[r]).toBe(input.xQuery[qOrder[r]! * d + 1])
    }
    expect(h.colEdges[0]).toBe(input.xTrain[kOrder[0]! * d + 1])
    expect(h.orderLabel).toBe(input.info.features[1])
  })

  it('averages blocks exactly, and orders by distance to a chosen query, that query first', () => {
    const full = vectorAttentionHeatmap(input, { by: 'distance', query: 7 }, 1000, 1000)
    expect(full.rowEdges[0]).toBe(0)
    expect(full.colEdges[0]).toBeLessThanOrEqual(full.colEdges[1]!)
    const h = vectorAttentionHeatmap(input, { by: 'distance', query: 7 }, 4, 7)
    // Blocks of 3 queries by 10 keys: each cell the mean of the full matrix's cells in it.
    for (let r = 0; r < 4; r++) {
      for (let c = 0; c < 7; c++) {
        let s = 0
        for (let i = r * 3; i < r * 3 + 3; i++) for (let j = c * 10; j < c * 10 + 10; j++) s += full.values[i * n + j]!
        expect(h.values[r * 7 + c]!).toBeCloseTo(s / 30, 15)
      }
    }
    // Each row of the full matrix sums to 1; so each block row's cells, times the block width, do too.
    for (let r = 0; r < 4; r++) expect(h.values.slice(r * 7, r * 7 + 7).reduce((s, v) => s + v * 10, 0)).toBeCloseTo(1, 13)
    expect(() => vectorAttentionHeatmap(input, { by: 'coordinate', coordinate: 2 }, 10, 10)).toThrow('coordinate must be an integer in [0, 1] (got 2)')
  })
})

describe('the vector heatmap and probe through the API', () => {
  let s: Services
  let id: string
  beforeAll(async () => {
    s = createServices({ databasePath: join(tempDir(), 'att.db'), transport: 'cli', experimentWorkers: 1 })
    const r = await s.dispatch('createExperiment', SPEC)
    if (!r.ok) throw new Error(r.error.message)
    id = (r.value as RunSummary).id
    await s.runner.waitFor(id)
  }, 60_000)
  afterAll(async () => s.close())

  it('are computed by a worker from the stored run, with the same numbers as here', async () => {
    const p = await s.dispatch('experimentVectorProbe', { id, at: { query: 4 }, maxBars: 300 })
    if (!p.ok) throw new Error(p.error.message)
    expect(p.value).toEqual(vectorProbe(input, { query: 4 }, 300) satisfies VectorProbeReply)
    const h = await s.dispatch('experimentVectorHeatmap', { id, order: { by: 'coordinate', coordinate: 0 }, rows: 6, cols: 10 })
    if (!h.ok) throw new Error(h.error.message)
    expect(h.value).toEqual(vectorAttentionHeatmap(input, { by: 'coordinate', coordinate: 0 }, 6, 10) satisfies VectorHeatmapReply)
    const bad = await s.dispatch('experimentVectorProbe', { id, at: { point: [1] } })
    expect(bad.ok ? null : bad.error.message).toBe("the point has 1 coordinates; the run's inputs have 2")
  })
})
