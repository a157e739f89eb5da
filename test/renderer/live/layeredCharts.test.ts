import { init } from 'echarts/core'
import { describe, expect, it } from 'vitest'
import { heatmapChartOption } from '../../../src-shared/charts/heatmapChart'
import { screenDraw } from '../../../src-shared/figures/draw'
import { formatWeight } from '../../../src-shared/figures/figureOption'
import '../../../src-renderer/live/echartsParts'
import { sampleKernel } from '../../../src-shared/engine/kernels'
import { kernelGrid } from '../../../src-shared/charts/kernelChart'
import { formatShort, LIGHT_THEME } from '../../../src-shared/charts/theme'
import { colorBar, fitFrameOption, fitTooltip, fitLayers, heatFrameOption, kernelFrameKey, kernelFrameOption, kernelLayers } from '../../../src-renderer/live/layeredCharts'
import type { LayerElement, LayerView } from '../../../src-renderer/live/layers'
import { curveName, liveFitOption } from '../../../src-renderer/live/liveCharts'
import type { LiveFrame } from '../../../src-renderer/live/protocol'

/** A frame over [0, 5] whose estimate depends on sigma; its truth and queries reach the extent it reports. */
function frame(sigma: number): LiveFrame {
  const xs = Float64Array.from({ length: 41 }, (_, i) => i / 8)
  const xTrain = Float64Array.from({ length: 200 }, (_, i) => (5 * i) / 199)
  const yTrain = xTrain.map((x) => 2 * Math.sin(x) + (x % 0.7))
  return {
    quality: 'exact',
    coarse: null,
    kernel: 'gaussian',
    sigma,
    n: 200,
    m: 41,
    xs,
    yHat: xs.map((x, i) => (i === 20 ? NaN : 2 * Math.sin(x) * Math.exp(-sigma))),
    yTruth: xs.map((x) => 2 * Math.sin(x)),
    xTrain,
    yTrain,
    trainIndex: Uint32Array.from(xTrain.keys()),
    baseline: 0.5,
    extent: { xQuery: [0, 5], yTruth: [-2, 2] },
    undefinedCount: 1,
    heatmap: { rows: 2, cols: 2, values: Float64Array.of(0.5, 0.5, 0.5, 0.5), max: 0.5, rowEdges: Float64Array.of(0, 2.5, 5), colEdges: Float64Array.of(0, 2.5, 5), undefinedRows: [] },
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

/** A chart 400 x 300 whose grid is [40, 360] x [20, 260], x in [0, 5] and y in [-1, 5] (the chapter's box). */
function view(off: string[] = []): LayerView {
  return {
    width: 400,
    height: 300,
    grid: { x: 40, y: 20, width: 320, height: 240 },
    x: (v) => 40 + (v / 5) * 320,
    y: (v) => 260 - ((v + 1) / 6) * 240,
    shown: (name) => !off.includes(name),
    legendTop: 4,
  }
}

type Axis = { min: number; max: number }
type Series = { name: string; type: string; data: unknown[] }
const shape = (el: LayerElement) => (el as unknown as { shape: { xs?: ArrayLike<number>; ys?: ArrayLike<number> } }).shape
const style = (el: LayerElement) => (el as unknown as { style: Record<string, unknown> }).style

describe('the live charts as a frame and layers', () => {
  it('keep the fit frame’s axes, legend and points from one sigma to the next, with the curves’ series empty', () => {
    const a = fitFrameOption({ frame: frame(0.2) }, LIGHT_THEME)
    const b = fitFrameOption({ frame: frame(0.9) }, LIGHT_THEME)
    // Tick formatters are closures made per option: compared by what they write.
    const json = (v: unknown) => JSON.stringify(v)
    expect(json(a.xAxis)).toBe(json(b.xAxis))
    expect(json(a.yAxis)).toBe(json(b.yAxis))
    expect(json(a.legend)).toBe(json(b.legend))
    expect(json(a.series)).toBe(json(b.series))
    const series = a.series as Series[]
    // The curves hold no values: points without one at the training points, for the hover (see fitTooltip).
    const noValues = Array.from(frame(0.2).xTrain, (x) => [x, null])
    expect(series.find((s) => s.name === 'Pred')!.data).toEqual(noValues)
    expect(series.find((s) => s.name === 'Truth')!.data).toEqual(noValues)
    expect(series.find((s) => s.name === 'Training points')!.data).toHaveLength(200)
    // The axes a whole option draws for these data.
    const whole = liveFitOption({ frame: frame(0.2) }, LIGHT_THEME)
    expect((a.yAxis as Axis[])[0]).toMatchObject({ min: (whole.yAxis as Axis[])[0]!.min, max: (whole.yAxis as Axis[])[0]!.max })
  })

  it('draw the prediction and the truth at the pixels of their values, with a gap where the estimate is undefined', () => {
    const f = frame(0.3)
    const els = fitLayers({ frame: f }, LIGHT_THEME)(view())
    const lines = els.filter((e) => shape(e).ys !== undefined)
    const truth = lines.find((e) => style(e).stroke === LIGHT_THEME.truth)!
    const pred = lines.find((e) => style(e).stroke === LIGHT_THEME.prediction)!
    expect(style(truth).lineDash).toBe('dashed')
    expect(Array.from(shape(pred).xs!)).toEqual(Array.from(f.xs, (x) => 40 + (x / 5) * 320))
    expect(Array.from(shape(pred).ys!, (y) => (Number.isNaN(y) ? null : y))).toEqual(Array.from(f.yHat, (y) => (Number.isNaN(y) ? null : 260 - ((y + 1) / 6) * 240)))
    // Switched off in the legend, a curve is not drawn.
    expect(fitLayers({ frame: f }, LIGHT_THEME)(view(['Pred'])).some((e) => style(e).stroke === LIGHT_THEME.prediction)).toBe(false)
  })

  it('leave the heatmap frame without cells, colour bar or hover: the layers draw them', () => {
    const option = heatFrameOption(frame(0.3).heatmap, LIGHT_THEME, { keys: 200, queries: 41 })
    expect((option.series as Series[]).find((s) => s.type === 'heatmap')!.data).toEqual([])
    expect((option.visualMap as { show: boolean }[]).every((m) => !m.show)).toBe(true)
  })

  it('label the heatmap frame’s axes with the keys’ and queries’ ranks, not the cells’', () => {
    const h = frame(0.3).heatmap
    const option = heatFrameOption(h, LIGHT_THEME, { keys: 10_000, queries: 5_000 })
    const rank = (axis: unknown) => {
      const labels = (Array.isArray(axis) ? axis[0] : axis) as { data: string[] }
      return Number(labels.data[labels.data.length - 1]!.split('\n')[0]!.replace(/,/g, ''))
    }
    // The last block starts near the last key (10,000 keys in h.cols blocks), not at block h.cols.
    expect(rank(option.xAxis)).toBeGreaterThan(10_000 - 10_000 / h.cols - 2)
    expect(rank(option.yAxis)).toBeGreaterThan(5_000 - 5_000 / h.rows - 2)
  })

  it('draw each kernel at its sigma and name it in the legend; the frame changes only with the distances drawn', () => {
    const lines = [{ id: 'epanechnikov' as const, sigma: 0.4, label: 'Epanechnikov, σ = 0.4', color: '#123456' }]
    expect(kernelFrameKey(lines)).toBe(kernelFrameKey([{ ...lines[0]!, sigma: 0.7, label: 'Epanechnikov, σ = 0.7' }]))
    expect(kernelFrameKey(lines)).not.toBe(kernelFrameKey([{ ...lines[0]!, sigma: 3 }]))
    expect((kernelFrameOption(lines, LIGHT_THEME).legend as { show: boolean }).show).toBe(false)
    const v = { ...view(), x: (d: number) => 200 + d * 50, y: (k: number) => 260 - k * 240 }
    const els = kernelLayers(lines, LIGHT_THEME)(v)
    const curve = els.find((e) => shape(e).ys !== undefined)!
    const xs = kernelGrid([-2.5, 2.5])
    expect(Array.from(shape(curve).ys!)).toEqual(Array.from(sampleKernel('epanechnikov', xs, 0.4), (k) => 260 - k * 240))
    expect(els.some((e) => style(e).text === 'Epanechnikov, σ = 0.4')).toBe(true)
  })

  it.each([
    [640, 420, 0.00128],
    [503, 377, 0.0397],
    [900, 300, 1],
  ])('draw the colour bar and its labels where ECharts draws the visual map of the shared option (%i x %i, top %d)', (width, height, max) => {
    const h = { rows: 2, cols: 2, values: Float64Array.of(max, 0, 0, max / 2), max, rowEdges: Float64Array.of(0, 2.5, 5), colEdges: Float64Array.of(0, 2.5, 5), undefinedRows: [] }
    const chart = init(null, null, { renderer: 'svg', ssr: true, width, height })
    chart.setOption(heatmapChartOption({ heatmap: h, animation: false, scaleMax: max }, LIGHT_THEME) as never)
    chart.renderToSVGString()
    type El = { type: string; style: Record<string, unknown>; transform: number[] | null; getBoundingRect(): { clone(): Box } }
    type Box = { x: number; y: number; width: number; height: number; applyTransform(m: number[] | null): void }
    const placed = (el: El) => {
      const r = el.getBoundingRect().clone()
      r.applyTransform(el.transform)
      return [r.x, r.y, r.width, r.height]
    }
    const list = (chart.getZr() as unknown as { storage: { getDisplayList(update: boolean): El[] } }).storage.getDisplayList(true)
    const bar = list.find((el) => el.type === 'polygon' && typeof el.style.fill === 'object')!
    // The axes have labels too ("0", "1"): the visual map's are the ones centred on its bar.
    const barCentre = placed(bar)[0]! + placed(bar)[2]! / 2
    const label = (text: string) => list.find((el) => el.type === 'tspan' && el.style.text === text && Math.abs(placed(el)[0]! + placed(el)[2]! / 2 - barCentre) < 1)!
    const expected = [placed(bar), placed(label(formatWeight(max))), placed(label('0'))]
    chart.dispose()
    const v: LayerView = { ...view(), width, height }
    const [rect, upper, lower] = colorBar(v, LIGHT_THEME, screenDraw(LIGHT_THEME).fonts.tick, formatWeight(max)) as unknown as El[]
    const got = [placed(rect!), placed(upper!), placed(lower!)]
    for (let i = 0; i < 3; i++) for (let k = 0; k < 4; k++) expect(got[i]![k]!).toBeCloseTo(expected[i]![k]!, 1)
  })

  it('say where the fit tooltip read a curve when the axis snapped to a training point between queries', () => {
    // Queries every 1/8; the axis value 1.06 (a training point) lies between 1 and 1.125, nearer 1.
    const f = frame(0.4)
    const params = [{ axisValue: 1.06, seriesName: 'Pred', marker: '', value: [1.06, null] }]
    const lines = fitTooltip(params, { frame: f, pinned: null }).split('\n')
    expect(lines[0]).toBe(formatShort(1.06))
    expect(lines[1]).toBe(`Truth  ${formatShort(2 * Math.sin(1))} (at x = 1)`)
    expect(lines[2]).toBe(`Pred  ${formatShort(2 * Math.sin(1) * Math.exp(-0.4))} (at x = 1)`)
  })

  it.each([false, true])('give the fit tooltip’s curves the colour markers ECharts made for their series (pinned A: %s)', (ab) => {
    const f = frame(0.4)
    const input = { frame: f, pinned: ab ? { frame: frame(0.8), label: 'A' } : null }
    const names = ['Truth', ab ? 'B' : 'Pred', ...(ab ? ['A'] : [])]
    // What ECharts hands an axis tooltip's formatter at x = 1 (rich-text markers name styles it registered).
    const params = [...names, 'Average pooling', 'Training points'].map((name, k) => ({ axisValue: 1, seriesName: name, marker: `{m${k}|}  `, value: [1, name === 'Average pooling' ? 0.5 : null] }))
    const lines = fitTooltip(params, input).split('\n')
    expect(lines[0]).toBe('1')
    expect(lines[1]).toBe(`{m0|}  Truth  ${formatShort(2 * Math.sin(1))}`)
    expect(lines[2]).toBe(`{m1|}  ${names[1]}  ${formatShort(2 * Math.sin(1) * Math.exp(-0.4))}`)
    if (ab) expect(lines[3]).toBe(`{m2|}  ${names[2]}  ${formatShort(2 * Math.sin(1) * Math.exp(-0.8))}`)
    // Each curve once (not again among the series ECharts found), then the others with their markers.
    expect(lines.slice(names.length + 1)).toEqual([`{m${names.length}|}  Average pooling  0.5`, `{m${names.length + 1}|}  Training points  null`])
  })

  it('keep a point without a value at each training point in the frame’s curves, so ECharts’s hover finds them with the points', () => {
    const f = frame(0.4)
    const option = fitFrameOption({ frame: f, pinned: { frame: frame(0.8), label: 'A' } }, LIGHT_THEME)
    const series = option.series as Series[]
    const points = series.find((s) => s.name === 'Training points')!.data as number[][]
    for (const name of ['Truth', 'B', 'A']) {
      const data = series.find((s) => s.name === name && s.type === 'line')!.data as (number | null)[][]
      expect(data.map((d) => d[0])).toEqual(points.map((d) => d[0]))
      expect(data.every((d) => d[1] === null)).toBe(true)
    }
  })

  it('keep the A/B fit frame (legend included) the same while B’s sigma and kernel change, so ECharts is not asked to redraw it', () => {
    const pinned = { frame: frame(0.8), label: 'A' }
    const b1 = { frame: frame(0.2), pinned }
    const b2 = { frame: { ...frame(0.9), kernel: 'epanechnikov' as const }, pinned }
    expect(curveName(b1)).toBe(curveName(b2))
    const json = (v: unknown) => JSON.stringify(v)
    const [o1, o2] = [fitFrameOption(b1, LIGHT_THEME), fitFrameOption(b2, LIGHT_THEME)]
    expect(json(o1.legend)).toBe(json(o2.legend))
    expect(json(o1.series)).toBe(json(o2.series))
  })
})
