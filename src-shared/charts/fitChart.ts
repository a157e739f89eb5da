import type { EChartsOption, SeriesOption } from 'echarts'
import { axisStyle, baseTextStyle, titleOption, formatTick, tooltipStyle, type ChartTheme } from './theme'

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

function pairs(x: ArrayLike<number>, y: ArrayLike<number | null>): (number | null)[][] {
  const out: (number | null)[][] = new Array(x.length)
  for (let i = 0; i < x.length; i++) {
    const v = y[i]
    out[i] = [x[i]!, v === null || v === undefined || Number.isNaN(v) ? null : v]
  }
  return out
}

function niceRange([lo, hi]: [number, number]): [number, number] {
  const step = 10 ** Math.floor(Math.log10(hi - lo || 1)) / 2
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step]
}

/**
 * Axis bounds of a fit figure. The chapter's box on each axis the data fit
 * in (the newest edition's y reaches 6.5; its x still fits [0, 5]);
 * elsewhere the padded data range, rounded outwards to half a decade of its span.
 */
export function fitAxes(
  xs: ArrayLike<number | null>[],
  ys: ArrayLike<number | null>[],
  forced?: 'chapter' | 'auto',
): { x: [number, number]; y: [number, number] } {
  const xr = range(xs)
  const yr = range(ys)
  const xChapter = forced === 'chapter' || (forced === undefined && xr[0] >= 0 && xr[1] <= 5)
  const yChapter = forced === 'chapter' || (forced === undefined && yr[0] >= -1 && yr[1] <= 5)
  return { x: xChapter ? [0, 5] : niceRange(pad(xr)), y: yChapter ? [-1, 5] : niceRange(pad(yr)) }
}

/** Indices of at most `max` points, evenly spread. */
export function thinIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i)
  const step = n / max
  return Array.from({ length: max }, (_, i) => Math.floor(i * step))
}

/** The chapter's fit figure: truth (dashed), predictions, training points, and the average-pooling baseline. */
export function fitChartOption(input: FitChartInput, t: ChartTheme): EChartsOption {
  const curves = input.curves
  const axes = fitAxes([input.xQuery, input.xTrain], [input.yTrain, ...(input.yTruth ? [input.yTruth] : []), ...curves.map((c) => c.y)], input.axes)
  const [xMin, xMax] = axes.x
  const [yMin, yMax] = axes.y
  const series: SeriesOption[] = []
  if (input.yTruth) {
    series.push({
      name: 'Truth',
      type: 'line',
      data: pairs(input.xQuery, input.yTruth),
      showSymbol: false,
      lineStyle: { color: t.truth, type: 'dashed', width: 2 },
      itemStyle: { color: t.truth },
      z: 3,
    })
  }
  curves.forEach((c, k) => {
    const color = c.color ?? (k === 0 ? t.prediction : t.palette[k % t.palette.length]!)
    series.push({
      name: c.name,
      type: 'line',
      data: pairs(input.xQuery, c.y),
      showSymbol: false,
      connectNulls: false,
      lineStyle: { color, width: c.width ?? 2, ...(c.dashed ? { type: 'dotted' } : {}) },
      itemStyle: { color },
      z: 4,
    })
  })
  if (input.baseline !== undefined && input.baseline !== null && Number.isFinite(input.baseline)) {
    series.push({
      name: 'Average pooling',
      type: 'line',
      data: [
        [xMin, input.baseline],
        [xMax, input.baseline],
      ],
      showSymbol: false,
      lineStyle: { color: t.baseline, type: 'dashed', width: 1.5 },
      itemStyle: { color: t.baseline },
      z: 2,
    })
  }
  const idx = thinIndices(input.xTrain.length, input.maxPoints ?? 4000)
  const weights = input.highlight?.weights ?? null
  let wMax = 0
  if (weights) for (const i of idx) wMax = Math.max(wMax, weights[i] ?? 0)
  series.push({
    name: 'Training points',
    type: 'scatter',
    symbolSize: 6,
    data: idx.map((i) => {
      const value = [input.xTrain[i]!, input.yTrain[i]!]
      if (!weights || wMax <= 0) return value
      const s = (weights[i] ?? 0) / wMax
      return { value, symbolSize: 4 + 10 * Math.sqrt(s), itemStyle: { color: t.highlight, opacity: 0.12 + 0.88 * s } }
    }),
    itemStyle: { color: t.points, opacity: 0.55 },
    z: 5,
    large: idx.length > 2000,
  })
  const h = input.highlight
  if (h) {
    series.push({
      name: 'Query',
      type: 'line',
      data: [
        [h.x, yMin],
        [h.x, yMax],
      ],
      showSymbol: false,
      silent: true,
      lineStyle: { color: t.highlight, width: 1, type: 'solid' },
      z: 6,
    })
    if (h.kernel) {
      series.push({
        name: 'Kernel at query',
        type: 'line',
        yAxisIndex: 1,
        data: h.kernel.x.map((x, i) => [x, h.kernel!.y[i]!]),
        showSymbol: false,
        silent: true,
        lineStyle: { color: t.highlight, width: 1 },
        areaStyle: { color: t.highlight, opacity: 0.12 },
        z: 1,
      })
    }
  }
  return {
    animation: input.animation ?? false,
    backgroundColor: 'transparent',
    textStyle: baseTextStyle(t),
    ...titleOption(t, input.title),
    legend:
      input.legend === false
        ? { show: false }
        : {
            top: input.title ? 22 : 0,
            textStyle: { color: t.text },
            data: series.map((s) => s.name as string).filter((n) => n !== 'Query' && n !== 'Kernel at query'),
          },
    grid: { left: 48, right: 20, top: input.title ? 56 : 36, bottom: input.zoom === false ? 44 : 56, containLabel: false },
    tooltip: { ...tooltipStyle(t), trigger: 'axis', axisPointer: { type: 'cross' }, valueFormatter: (v) => (typeof v === 'number' ? formatTick(v) : String(v)) },
    xAxis: { type: 'value', name: 'x', nameLocation: 'middle', nameGap: 24, min: xMin, max: xMax, ...axisStyle(t), axisLabel: { color: t.subtleText, formatter: formatTick } },
    yAxis: [
      { type: 'value', name: 'y', nameLocation: 'middle', nameGap: 32, min: yMin, max: yMax, ...axisStyle(t), axisLabel: { color: t.subtleText, formatter: formatTick } },
      // The kernel overlay lives in the bottom third: a hidden axis from 0 to 1 / 0.3.
      { type: 'value', min: 0, max: 1 / 0.3, show: false },
    ],
    dataZoom:
      input.zoom === false
        ? []
        : [
            { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
            { type: 'inside', yAxisIndex: 0, filterMode: 'none', zoomOnMouseWheel: 'shift' },
            { type: 'slider', xAxisIndex: 0, height: 14, bottom: 6, filterMode: 'none', showDetail: false },
          ],
    series,
  }
}
