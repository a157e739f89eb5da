import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunDetail, RunSummary } from '../../src-shared/api/runs'
import { runFitOption } from '../../src-shared/charts/runCharts'
import { LIGHT_THEME } from '../../src-shared/charts/theme'
import { figureSourceOf } from '../../src-shared/figures/registry'
import type { XYPanel } from '../../src-shared/figures/model'
import { createServices, type Services } from '../../src-main/services'
import { tempDir } from '../cli/runCli'

/**
 * Local-linear beside Nadaraya-Watson on a one-dimensional run's fit chart:
 * the engine's estimator at the run's kernel and sigma, computed by a worker
 * from the stored run, against a weighted least-squares line fitted here at
 * each query.
 */
let s: Services

async function call<T>(method: string, request: unknown): Promise<T> {
  const r = await s.dispatch(method, request)
  if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`)
  return r.value as T
}

/** Fit a + b (x - q) by least squares with weights K((x - q) / sigma); the estimate is a. */
function naiveLocalLinear(x: number[], y: number[], q: number, kernel: (u: number) => number, sigma: number): number | null {
  let s0 = 0
  let s1 = 0
  let s2 = 0
  let t0 = 0
  let t1 = 0
  for (let j = 0; j < x.length; j++) {
    const u = x[j]! - q
    const w = kernel(u / sigma)
    s0 += w
    s1 += w * u
    s2 += w * u * u
    t0 += w * y[j]!
    t1 += w * u * y[j]!
  }
  if (s0 === 0) return null
  return (s2 * t0 - s1 * t1) / (s0 * s2 - s1 * s1)
}

beforeAll(() => {
  s = createServices({ databasePath: join(tempDir(), 'll.db'), transport: 'cli', experimentWorkers: 1 })
})
afterAll(async () => s.close())

describe('local-linear beside Nadaraya-Watson', () => {
  let gaussian: RunDetail
  let epan: RunDetail
  beforeAll(async () => {
    for (const [kernel, sigma] of [
      ['gaussian', 0.4],
      ['epanechnikov', 0.3],
    ] as const) {
      const r = await call<RunSummary>('createExperiment', { data: { preset: 'd2l-oldest', seed: 3 }, kernel, sigma })
      await s.runner.waitFor(r.id)
      const detail = await call<RunDetail>('getExperiment', { id: r.id, arrays: true })
      if (kernel === 'gaussian') gaussian = detail
      else epan = detail
    }
  }, 60_000)

  it('is the weighted least-squares line at each query, at the run’s kernel and sigma', async () => {
    const a = gaussian.arrays!
    const queries = [...a.xQuery.slice(0, 10), -0.3, 5.4]
    const r = await call<{ yHat: (number | null)[]; sigma: number }>('experimentLocalLinear', { id: gaussian.id, xQuery: queries })
    expect(r.sigma).toBe(0.4)
    queries.forEach((q, i) => expect(r.yHat[i]!).toBeCloseTo(naiveLocalLinear(a.xTrain, a.yTrain, q, (u) => Math.exp(-u * u / 2), 0.4)!, 10))
    // At the boundary local-linear follows the trend where Nadaraya-Watson flattens: they differ there.
    const nwAtEdge = a.yTrain.reduce((sum, y, j) => sum + Math.exp(-(((a.xTrain[j]! - 5.4) / 0.4) ** 2) / 2) * y, 0) / a.xTrain.reduce((sum, x) => sum + Math.exp(-(((x - 5.4) / 0.4) ** 2) / 2), 0)
    expect(Math.abs(r.yHat[11]! - nwAtEdge)).toBeGreaterThan(1e-3)
  })

  it('is undefined (null) where a compact kernel reaches no key', async () => {
    const a = epan.arrays!
    const r = await call<{ yHat: (number | null)[] }>('experimentLocalLinear', { id: epan.id, xQuery: [a.xQuery[7]!, 40] })
    expect(r.yHat[0]!).toBeCloseTo(naiveLocalLinear(a.xTrain, a.yTrain, a.xQuery[7]!, (u) => (Math.abs(u) < 1 ? 0.75 * (1 - u * u) : 0), 0.3)!, 10)
    expect(r.yHat[1]).toBeNull()
  })

  it('is drawn on the fit chart and exported with it', async () => {
    const a = gaussian.arrays!
    const r = await call<{ yHat: (number | null)[] }>('experimentLocalLinear', { id: gaussian.id, xQuery: a.xQuery })
    const option = runFitOption(gaussian, 'nonparametric', LIGHT_THEME, { localLinear: r.yHat })
    const panel = figureSourceOf(option)!(LIGHT_THEME).panels[0] as XYPanel
    const ll = panel.series.find((x) => x.name === 'Local-linear')!
    expect(Array.from(ll.y)).toEqual(r.yHat)
    expect(panel.series.some((x) => x.name === 'Pred')).toBe(true)
    expect(figureSourceOf(runFitOption(gaussian, 'nonparametric', LIGHT_THEME))!(LIGHT_THEME).panels[0]).not.toHaveProperty('series', expect.arrayContaining([expect.objectContaining({ name: 'Local-linear' })]))
  })
})
