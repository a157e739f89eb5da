import type { EChartsOption, SeriesOption } from 'echarts'
import { screenDraw } from '../figures/draw'
import { figureOption } from '../figures/figureOption'
import type { Figure, LineSeries, PointSeries, XYPanel } from '../figures/model'
import { withFigure } from '../figures/registry'
import type { ChartTheme } from './theme'

/** One curve at the queries: a prediction (NaN or null where undefined). */
export interface FitCurve {
  name: string
  y: ArrayLike<number | null>
  color?: string
  dashed?: boolean
  width?: number
}

export interface FitChartInput {
  xQuery: ArrayLike<number>
  xTrain: ArrayLike<number>
  yTrain: ArrayLike<number>
  /** Noise-free truth at the queries (drawn dashed), when known. */
  yTruth?: ArrayLike<number> | null
  /** Predictions, first one in the prediction colour. */
  curves: FitCurve[]
  /** Average pooling: the mean of the training outputs, drawn flat. */
  baseline?: number | null
  /** Linked view: the hovered query, its attention weight on every key, and the kernel centred on it. */
  highlight?: { x: number; weights?: ArrayLike<number> | null; kernel?: { x: number[]; y: number[] } | null } | null
  title?: string
  /** 'chapter' is x in [0, 5], y in [-1, 5]; 'auto' fits the data. Default: chapter when the data fit in it. */
  axes?: 'chapter' | 'auto'
  /** Training points drawn at most (evenly thinned beyond). */
  maxPoints?: number
  zoom?: boolean
  legend?: boolean
  animation?: boolean
}

function range(values: ArrayLike<number | null>[]): [number, number] {
  let lo = Infinity
  let hi = -Infinity
  for (const a of values) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i]
      if (v === null || v === undefined || !Number.isFinite(v)) continue
      if (v < lo) lo = v
      if (v > hi) hi = v
    }
  }
  return lo <= hi ? [lo, hi] : [0, 1]
}

function pad([lo, hi]: [number, number]): [number, number] {
  const span = hi - lo || Math.abs(hi) || 1
  return [lo - 0.05 * span, hi + 0.05 * span]
}

function niceRange([lo, hi]: [number, number]): [number, number] {
  const step = 10 ** Math.floor(Math.log10(hi - lo || 1)) / 2
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step]
}

/** Spans of x and y (half of [0, 5], a third of [-1, 5]) below which the data get their own axes. */
const CHAPTER_X_FILL = 2.5
const CHAPTER_Y_FILL = 2

/**
 * Axis bounds of a fit figure. The chapter's box on each axis the data fit
 * in and fill a good part of (the newest edition's y reaches 6.5; its x still fits [0, 5]);
 * elsewhere the padded data range, rounded outwards to half a decade of its span.
 */
export function fitAxes(
  xs: ArrayLike<number | null>[],
  ys: ArrayLike<number | null>[],
  forced?: 'chapter' | 'auto',
): { x: [number, number]; y: [number, number] } {
  const xr = range(xs)
  const yr = range(ys)
  // The chapter's axes for data that fill a good part of them; data in a corner of them (x in [0, 0.05]) get
  // axes of their own, or they sit in the leftmost pixels.
  const xChapter = forced === 'chapter' || (forced === undefined && xr[0] >= 0 && xr[1] <= 5 && xr[1] - xr[0] >= CHAPTER_X_FILL)
  const yChapter = forced === 'chapter' || (forced === undefined && yr[0] >= -1 && yr[1] <= 5 && yr[1] - yr[0] >= CHAPTER_Y_FILL)
  return { x: xChapter ? [0, 5] : niceRange(pad(xr)), y: yChapter ? [-1, 5] : niceRange(pad(yr)) }
}

/** Queries whose estimate is defined while both neighbours' are not (in query order, as the line joins them). */
export function isolatedEstimates(x: ArrayLike<number>, y: ArrayLike<number | null>): { x: number[]; y: number[] } {
  const defined = (i: number) => i >= 0 && i < y.length && y[i] !== null && Number.isFinite(y[i]!)
  const out = { x: [] as number[], y: [] as number[] }
  for (let i = 0; i < y.length; i++) {
    if (defined(i) && !defined(i - 1) && !defined(i + 1)) {
      out.x.push(x[i]!)
      out.y.push(y[i]!)
    }
  }
  return out
}

/** Indices of at most `max` points, evenly spread. */
export function thinIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i)
  const step = n / max
  return Array.from({ length: max }, (_, i) => Math.floor(i * step))
}

/**
 * Training points fade and shrink as n grows, so that at large n they do not
 * hide the prediction and the truth (which are also drawn above them):
 * full opacity 0.55 up to 100 points, then falling as 1/sqrt(n).
 */
export function pointStyle(n: number): { opacity: number; size: number } {
  const k = Math.max(1, n / 100)
  return { opacity: Math.max(0.06, 0.55 / Math.sqrt(k)), size: Math.max(0.25, 0.5 / k ** 0.25) }
}

/** The chapter's fit figure as a panel: truth (dashed), predictions, the average-pooling baseline and the training points. */
export function fitPanel(input: FitChartInput, t: ChartTheme, id = 'fit'): XYPanel {
  const curves = input.curves
  const axes = fitAxes([input.xQuery, input.xTrain], [input.yTrain, ...(input.yTruth ? [input.yTruth] : []), ...curves.map((c) => c.y)], input.axes)
  const series: (LineSeries | PointSeries)[] = []
  if (input.yTruth) series.push({ type: 'line', name: 'Truth', x: input.xQuery, y: input.yTruth, color: t.truth, dash: 'dashed' })
  curves.forEach((c, k) => {
    const color = c.color ?? (k === 0 ? t.prediction : t.palette[k % t.palette.length]!)
    series.push({ type: 'line', name: c.name, x: input.xQuery, y: c.y, color, width: (c.width ?? 2) / 2, ...(c.dashed ? { dash: 'dotted' as const } : {}) })
    // A defined estimate between two undefined ones is a line of no length: draw it as a marker, or it is invisible.
    const lone = isolatedEstimates(input.xQuery, c.y)
    if (lone.x.length > 0) series.push({ type: 'scatter', name: c.name, x: lone.x, y: lone.y, color, size: 0.45, legend: false })
  })
  if (input.baseline !== undefined && input.baseline !== null && Number.isFinite(input.baseline)) {
    series.push({ type: 'line', name: 'Average pooling', x: axes.x, y: [input.baseline, input.baseline], color: t.baseline, dash: 'dashed', width: 0.75 })
  }
  const idx = thinIndices(input.xTrain.length, input.maxPoints ?? 4000)
  const px = new Float64Array(idx.length)
  const py = new Float64Array(idx.length)
  idx.forEach((i, k) => {
    px[k] = input.xTrain[i]!
    py[k] = input.yTrain[i]!
  })
  const ps = pointStyle(input.xTrain.length)
  series.push({ type: 'scatter', name: 'Training points', x: px, y: py, color: t.points, size: ps.size, opacity: ps.opacity })
  return {
    kind: 'xy',
    id,
    ...(input.title ? { title: input.title } : {}),
    x: { label: 'x', min: axes.x[0], max: axes.x[1] },
    y: { label: 'y', min: axes.y[0], max: axes.y[1] },
    series,
  }
}

export function singleFigure(name: string, panel: XYPanel | Figure['panels'][number]): Figure {
  return { name, panels: [panel], columns: 1, colorScale: 'panel' }
}

/** The fit on screen: the panel, plus zoom and the linked hover (the query, its weights on the points, the kernel around it). */
export function fitChartOption(input: FitChartInput, t: ChartTheme): EChartsOption {
  const panel = fitPanel(input, t)
  const option = figureOption(singleFigure('fit', panel), screenDraw(t)) as EChartsOption & { series: SeriesOption[]; yAxis: Record<string, unknown>[] }
  option.animation = input.animation ?? false
  if (input.legend === false) option.legend = { show: false }
  option.tooltip = { ...(option.tooltip as object), axisPointer: { type: 'cross' } }
  const h = input.highlight
  const weights = h?.weights ?? null
  if (h) {
    const points = option.series[option.series.length - 1] as { data: unknown[] }
    const idx = thinIndices(input.xTrain.length, input.maxPoints ?? 4000)
    let wMax = 0
    if (weights) for (const i of idx) wMax = Math.max(wMax, weights[i] ?? 0)
    if (weights && wMax > 0) {
      points.data = idx.map((i) => {
        const s = (weights[i] ?? 0) / wMax
        return { value: [input.xTrain[i]!, input.yTrain[i]!], symbolSize: 4 + 10 * Math.sqrt(s), itemStyle: { color: t.highlight, opacity: 0.12 + 0.88 * s } }
      })
    }
    const y0 = option.yAxis[0] as { min: number; max: number }
    option.series.push({ name: 'Query', type: 'line', data: [[h.x, y0.min], [h.x, y0.max]], showSymbol: false, silent: true, lineStyle: { color: t.highlight, width: 1, type: 'solid' }, z: 6 })
    if (h.kernel) {
      // The kernel overlay lives in the bottom third: a hidden axis from 0 to 1 / 0.3.
      option.yAxis.push({ type: 'value', gridIndex: 0, min: 0, max: 1 / 0.3, show: false })
      option.series.push({
        name: 'Kernel at query',
        type: 'line',
        yAxisIndex: option.yAxis.length - 1,
        data: h.kernel.x.map((x, i) => [x, h.kernel!.y[i]!]),
        showSymbol: false,
        silent: true,
        lineStyle: { color: t.highlight, width: 1 },
        areaStyle: { color: t.highlight, opacity: 0.12 },
        z: 1,
      })
    }
  }
  if (input.zoom !== false) {
    const grid = (option.grid as { bottom: number }[])[0]!
    grid.bottom += 14
    option.dataZoom = [
      { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
      { type: 'inside', yAxisIndex: 0, filterMode: 'none', zoomOnMouseWheel: 'shift' },
      { type: 'slider', xAxisIndex: 0, height: 12, bottom: 4, filterMode: 'none', showDetail: false },
    ]
  }
  return withFigure(option, (theme) => singleFigure('fit', fitPanel({ ...input, highlight: null }, theme)))
}
