import { init } from 'echarts/core'
import { describe, expect, it } from 'vitest'
import { heatmapChartOption } from '../../../src-shared/charts/heatmapChart'
import { LIGHT_THEME } from '../../../src-shared/charts/theme'
import '../../../src-renderer/live/echartsParts'
import { liveFitOption, liveKernelOption } from '../../../src-renderer/live/liveCharts'
import { looChartOption } from '../../../src-renderer/live/looChart'
import { planOption, withIds, type OptionRecord } from '../../../src-renderer/live/optionPatch'
import type { LiveFrame, ProbeResult } from '../../../src-renderer/live/protocol'

/** A frame of n keys whose estimate depends on sigma (and whose heatmap does). */
function frame(n: number, sigma: number, holes = false): LiveFrame {
  const xs = Float64Array.from({ length: 40 }, (_, i) => i / 8)
  const yHat = xs.map((x, i) => (holes && i % 2 === 1 ? NaN : Math.sin(x / sigma)))
  const xTrain = Float64Array.from({ length: n }, (_, i) => (5 * i) / n)
  const values = Float64Array.from({ length: 16 }, (_, k) => Math.exp(-(((k >> 2) - (k & 3)) ** 2) / sigma))
  return {
    quality: 'exact',
    coarse: null,
    kernel: 'gaussian',
    sigma,
    n,
    m: 40,
    xs,
    yHat,
    yTruth: xs.map(Math.sin),
    xTrain,
    yTrain: xTrain.map(Math.cos),
    trainIndex: Uint32Array.from(xTrain.keys()),
    baseline: 0.1,
    extent: { xQuery: [0, 4.75], yTruth: null },
    undefinedCount: 0,
    heatmap: { rows: 4, cols: 4, values, max: 1, rowEdges: Float64Array.of(0, 1, 2, 3, 4), colEdges: Float64Array.of(0, 1, 2, 3, 4), undefinedRows: [] },
    fitAlgorithm: 'dense',
    fitErrorBound: 0,
    heatmapAlgorithm: 'dense',
    testMse: null,
    workerMs: 0,
    fitMs: 0,
    heatMs: 0,
    reused: false,
  }
}

function probe(query: number, n: number): ProbeResult {
  const shading = Float64Array.from({ length: n }, (_, k) => Math.exp(-((((5 * k) / n - query) / 0.4) ** 2)))
  return { query, kernel: 'gaussian', sigma: 0.4, shading } as unknown as ProbeResult
}

/** The chart drawn as SVG, with ECharts's own ids of gradients and clip paths (numbered per chart) left out. */
function svgOf(steps: { option: OptionRecord; replace?: boolean }[]): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: 640, height: 420 })
  for (const s of steps) chart.setOption(s.option, s.replace ? { replaceMerge: ['series', 'graphic', 'xAxis', 'yAxis', 'legend', 'visualMap', 'grid', 'title', 'dataZoom'] } : {})
  const svg = chart.renderToSVGString()
  chart.dispose()
  return svg.replace(/zr\d+-[a-z]+-?\d+/g, 'id')
}

/** Draws `prev` then `next` the way LiveChart does, and checks the picture equals `next` drawn alone. */
function patchedLikeFull(prevOption: object, nextOption: object): string {
  const prev = withIds(prevOption as OptionRecord)
  const next = withIds(nextOption as OptionRecord)
  const plan = planOption(prev, next)
  const steps = [{ option: prev, replace: true }, plan.kind === 'patch' ? { option: plan.patch } : { option: next, replace: true }]
  expect(svgOf(steps)).toBe(svgOf([{ option: next, replace: true }]))
  // The picture changed (so the comparison above says something).
  expect(svgOf([{ option: prev, replace: true }])).not.toBe(svgOf([{ option: next, replace: true }]))
  return plan.kind
}

describe('a live chart patched from its last option', () => {
  it('draws a new sigma on the fit as the whole option would, sending only the curves that moved', () => {
    const a = liveFitOption({ frame: frame(500, 0.5) }, LIGHT_THEME)
    const b = liveFitOption({ frame: frame(500, 0.8) }, LIGHT_THEME)
    expect(patchedLikeFull(a, b)).toBe('patch')
    const plan = planOption(withIds(a as OptionRecord), withIds(b as OptionRecord))
    const series = (plan as unknown as { patch: { series: { id: string; name?: string }[] } }).patch.series
    // The prediction moved; the thousands of training points stayed with ECharts.
    expect(series.map((s) => s.name)).toContain('Pred')
    expect(series.map((s) => s.name)).not.toContain('Training points')
  })

  it('follows a moving probe, and a probe appearing (new series: the whole option)', () => {
    const f = frame(300, 0.5)
    expect(patchedLikeFull(liveFitOption({ frame: f, probe: probe(1, 300) }, LIGHT_THEME), liveFitOption({ frame: f, probe: probe(3, 300) }, LIGHT_THEME))).toBe('patch')
    expect(patchedLikeFull(liveFitOption({ frame: f }, LIGHT_THEME), liveFitOption({ frame: f, probe: probe(3, 300) }, LIGHT_THEME))).toBe('full')
  })

  it('keeps two series of one name apart (a curve and its lone estimates)', () => {
    expect(patchedLikeFull(liveFitOption({ frame: frame(50, 0.5, true) }, LIGHT_THEME), liveFitOption({ frame: frame(50, 0.9, true) }, LIGHT_THEME))).toBe('patch')
  })

  it('redraws the kernel, the heatmap and the leave-one-out curve as their whole options would', () => {
    expect(patchedLikeFull(liveKernelOption([{ id: 'gaussian', sigma: 0.5, label: 'G, σ = 0.5' }], LIGHT_THEME), liveKernelOption([{ id: 'gaussian', sigma: 0.9, label: 'G, σ = 0.9' }], LIGHT_THEME))).toBe('patch')
    expect(patchedLikeFull(heatmapChartOption({ heatmap: frame(10, 0.5).heatmap, animation: false }, LIGHT_THEME), heatmapChartOption({ heatmap: frame(10, 2).heatmap, animation: false }, LIGHT_THEME))).toBe('patch')
    const points = (k: number) => Array.from({ length: k }, (_, i) => ({ sigma: 0.01 * 1.3 ** i, score: 1 + (i - 10) ** 2 / 50 }))
    const markers = [{ kind: 'silverman' as const, sigma: 0.2, label: 'Silverman' }]
    expect(patchedLikeFull(looChartOption({ points: points(12), markers }, LIGHT_THEME), looChartOption({ points: points(20), markers }, LIGHT_THEME))).not.toBe('none')
  })

  it('sends nothing for an equal option, and the whole option when a property is dropped or the lists differ', () => {
    const a = withIds({ series: [{ type: 'line', data: [[0, 1]], lineStyle: { width: 2 } }], animation: false })
    expect(planOption(a, withIds({ series: [{ type: 'line', data: [[0, 1]], lineStyle: { width: 2 } }], animation: false }))).toEqual({ kind: 'none' })
    expect(planOption(a, withIds({ series: [{ type: 'line', data: [[0, 2]], lineStyle: {} }], animation: false })).kind).toBe('full')
    expect(planOption(a, withIds({ series: [{ type: 'scatter', data: [[0, 1]], lineStyle: { width: 2 } }], animation: false })).kind).toBe('full')
    expect(planOption(a, withIds({ series: [], animation: false })).kind).toBe('full')
    expect(planOption(a, withIds({ series: [{ type: 'line', data: [[0, 1]], lineStyle: { width: 2 } }] })).kind).toBe('full')
    expect(planOption(a, withIds({ series: [{ type: 'line', data: [[0, 2], [1, 3]], lineStyle: { width: 3 } }], animation: false }))).toEqual({
      kind: 'patch',
      patch: { series: [{ id: 'series-0', type: 'line', data: [[0, 2], [1, 3]], lineStyle: { width: 3 } }] },
    })
  })
})
