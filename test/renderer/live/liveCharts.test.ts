import { describe, expect, it } from 'vitest'
import { DARK_THEME, LIGHT_THEME } from '../../../src-shared/charts/theme'
import { liveFitOption, liveKernelOption, PINNED_COLOR } from '../../../src-renderer/live/liveCharts'
import { curveOptimumMarker, looChartOption } from '../../../src-renderer/live/looChart'
import { sigmaPath } from '../../../src-renderer/live/sigmaPath'
import type { LiveFrame, ProbeResult } from '../../../src-renderer/live/protocol'

function frame(n: number, sigma = 0.5): LiveFrame {
  const xs = Float64Array.from({ length: 20 }, (_, i) => i / 4)
  const xTrain = Float64Array.from({ length: n }, (_, i) => (5 * i) / n)
  return {
    quality: 'exact',
    coarse: null,
    kernel: 'gaussian',
    sigma,
    n,
    m: 20,
    xs,
    yHat: xs.map(Math.sin),
    yTruth: null,
    xTrain,
    yTrain: xTrain.map(Math.cos),
    trainIndex: Uint32Array.from(xTrain.keys()),
    baseline: 0,
    extent: { xQuery: [0, 4.75], yTruth: null },
    undefinedCount: 0,
    heatmap: { rows: 1, cols: 1, values: Float64Array.of(1), max: 1, rowEdges: Float64Array.of(0, 1), colEdges: Float64Array.of(0, 1), undefinedRows: [] },
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

type Series = { name: string; type: string; data: unknown[]; large?: boolean; lineStyle?: { color?: string } }

describe('the live charts', () => {
  it('overlay a pinned A on B in its own colour, named in the legend', () => {
    const option = liveFitOption({ frame: frame(50, 0.8), pinned: { frame: frame(50, 0.1), label: 'A' } }, LIGHT_THEME)
    const series = option.series as Series[]
    expect(series.map((s) => s.name)).toContain('B')
    const a = series.find((s) => s.name === 'A')!
    expect(a.data).toHaveLength(20)
    expect(a.lineStyle!.color).toBe(PINNED_COLOR(LIGHT_THEME))
    // Its own colour: not the truth's, the prediction's, the probe's (highlight) or the training points'.
    for (const t of [LIGHT_THEME, DARK_THEME]) expect([t.truth, t.prediction, t.highlight, t.points, t.trained]).not.toContain(PINNED_COLOR(t))
    // A dashed line in the legend, without a circle.
    expect((a as { symbol?: string }).symbol).toBe('none')
    const legend = (option.legend as { data: (string | { name: string })[] }).data.map((d) => (typeof d === 'string' ? d : d.name))
    expect(legend).toEqual(expect.arrayContaining(['A', 'B']))
  })

  it('draw many training points as one batched series, and mark only the keys a probe visibly attends to', () => {
    const f = frame(1000)
    const shading = new Float64Array(1000)
    shading[500] = 0.6
    shading[501] = 0.3
    shading[10] = 1e-6
    const probe = { query: 2.5, kernel: 'gaussian', sigma: 0.5, shading } as unknown as ProbeResult
    const series = liveFitOption({ frame: f, probe }, LIGHT_THEME).series as Series[]
    expect(series.find((s) => s.name === 'Training points')!.large).toBe(true)
    expect(series.find((s) => s.name === 'Attention on keys')!.data).toHaveLength(2)
    expect(series.map((s) => s.name)).toContain('Query')
  })

  it('colour each kernel as its curve on the fit', () => {
    const option = liveKernelOption([{ id: 'gaussian', sigma: 0.3, label: 'B', color: '#123456' }, { id: 'boxcar', sigma: 2, label: 'A', color: '#abcdef' }], LIGHT_THEME)
    const series = option.series as Series[]
    expect(series.map((s) => s.lineStyle!.color)).toEqual(['#123456', '#abcdef'])
    // Wide enough for the wider kernel: 2.5 sigma of the boxcar.
    expect((option.xAxis as { max: number }[])[0]!.max).toBeGreaterThanOrEqual(5)
  })

  it('put the leave-one-out curve on a log axis with the rules and sigma marked, and a trained path on the epoch axis', () => {
    const path = sigmaPath(0.5, [
      { epoch: 1, loss: 3, w: 2 },
      { epoch: 2, loss: 2, w: 4 },
    ])
    expect(path).toEqual([
      { epoch: 0, sigma: 2 },
      { epoch: 1, sigma: 0.5 },
      { epoch: 2, sigma: 0.25 },
    ])
    const option = looChartOption(
      {
        points: [
          { sigma: 0.1, score: 1 },
          { sigma: 1, score: 0.5 },
          { sigma: 10, score: null },
        ],
        markers: [
          { kind: 'silverman', sigma: 0.6, label: 'Silverman' },
          { kind: 'current', sigma: 0.3, label: 'σ' },
        ],
        path,
        pathEpoch: 1,
      },
      LIGHT_THEME,
    )
    const x = option.xAxis as { type: string; min: number; max: number }
    expect(x.type).toBe('log')
    expect(x.min).toBeCloseTo(0.08, 12)
    expect(x.max).toBeCloseTo(12.5, 12)
    const series = option.series as (Series & { markLine?: { data: { xAxis: number }[] }; yAxisIndex?: number })[]
    expect(series[0]!.markLine!.data.map((d) => d.xAxis)).toEqual([0.6, 0.3])
    expect(series[1]!.yAxisIndex).toBe(1)
    expect(series[2]!.data).toEqual([[0.5, 1]])
  })

  it('read the hovered sigma to 3 digits and the score to 4 in the leave-one-out tooltip (the log axis rounded 0.0413 to 0.04)', () => {
    const option = looChartOption({ points: [{ sigma: 0.0413127, score: 0.433031 }], markers: [] }, LIGHT_THEME)
    const header = (option.xAxis as { axisPointer: { label: { formatter: (p: { value: unknown }) => string } } }).axisPointer.label.formatter
    const value = (option.tooltip as { valueFormatter: (v: unknown) => string }).valueFormatter
    expect(header({ value: 0.0413127 })).toBe('σ = 0.0413')
    expect(header({ value: 12.3456 })).toBe('σ = 12.3')
    expect(value(0.433031)).toBe('0.433')
    expect(value(1.23456e-5)).toBe('0.00001235')
  })

  it('mark the curve’s refined optimum once it has come, else its grid best point, saying which', () => {
    const base = { points: [{ sigma: 0.1, score: 2 }, { sigma: 0.2, score: 1 }], done: 2, total: 2, rules: { silverman: null, scott: null }, best: { sigma: 0.2, score: 1 } }
    expect(curveOptimumMarker(null)).toBeNull()
    expect(curveOptimumMarker({ ...base, best: null })).toBeNull()
    expect(curveOptimumMarker(base)).toEqual({ kind: 'loo', sigma: 0.2, label: 'LOO min (grid)' })
    expect(curveOptimumMarker({ ...base, optimum: null })).toEqual({ kind: 'loo', sigma: 0.2, label: 'LOO min (grid)' })
    expect(curveOptimumMarker({ ...base, optimum: { sigma: 0.173, score: 0.9 } })).toEqual({ kind: 'loo', sigma: 0.173, label: 'LOO optimum' })
  })

  it('sample a long training path to a bounded number of points, the last epoch kept', () => {
    const epochs = Array.from({ length: 100_000 }, (_, i) => ({ epoch: i + 1, loss: 1, w: 1 + i / 1000 }))
    const path = sigmaPath(1, epochs, 400)
    expect(path).toHaveLength(400)
    expect(path[0]).toEqual({ epoch: 0, sigma: 1 })
    expect(path[399]!.epoch).toBe(100_000)
    expect(sigmaPath(0, [{ epoch: 1, loss: 1, w: 0 }])).toEqual([])
  })
})
