import type { EChartsOption, SeriesOption } from 'echarts'
import type { VectorViewReply } from '../experiment/vectorView'
import { withFigure } from '../figures/registry'
import type { ChartTheme } from './theme'
import { classColor, mix, valueName, vectorSliceFigure, vectorSurfaceFigure, vectorWidthsFigure, VIRIDIS } from './vectorFigures'

/**
 * Charts of a vector run (issue 13), from its view (vectorView.ts): the
 * d = 2 fit as a coloured surface with the training points, or the
 * decision regions (each cell in its predicted class's colour, fainter
 * where the class wins narrowly); a slice per coordinate; the widths per
 * coordinate on a log scale.
 */

const sig = (v: number) => Number(v.toPrecision(4))
const valueOf = (p: unknown) => (p as { value: number[] }).value

export { classColor, mix }

function axisStyle(t: ChartTheme, ends = true) {
  return {
    axisLine: { lineStyle: { color: t.axis } },
    // Axes that end at the data's padded range would label their odd end values (1,436.65): those labels are left out.
    axisLabel: { color: t.subtleText, showMinLabel: ends, showMaxLabel: ends },
    splitLine: { lineStyle: { color: t.grid } },
    nameTextStyle: { color: t.text },
  }
}

interface Cell {
  value: [number, number, number, number, number, number]
}

/** Cells [x0, y0, x1, y1, value, class] of the grid, undefined cells left out. */
function cells(view: VectorViewReply): Cell[] {
  const s = view.surface!
  const g = s.xs.length
  const h = s.ys.length
  const dx = g > 1 ? (s.xs[1]! - s.xs[0]!) / 2 : 0.5
  const dy = h > 1 ? (s.ys[1]! - s.ys[0]!) / 2 : 0.5
  const out: Cell[] = []
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < g; i++) {
      const v = s.values[j * g + i]
      if (v === null || v === undefined) continue
      const c = s.classes ? (s.classes[j * g + i] ?? -1) : -1
      out.push({ value: [s.xs[i]! - dx, s.ys[j]! - dy, s.xs[i]! + dx, s.ys[j]! + dy, v, c] })
    }
  }
  return out
}

function rect(_: unknown, api: { value(k: number): number; coord(p: number[]): number[]; visual(k: string): string; style?: unknown }, fill: (api: { value(k: number): number; visual(k: string): string }) => { fill: string; opacity: number }) {
  const p0 = api.coord([api.value(0), api.value(1)])
  const p1 = api.coord([api.value(2), api.value(3)])
  const f = fill(api)
  return {
    type: 'rect',
    // One pixel more on each side, so neighbouring cells leave no seams.
    shape: { x: Math.min(p0[0]!, p1[0]!), y: Math.min(p0[1]!, p1[1]!), width: Math.abs(p1[0]! - p0[0]!) + 1, height: Math.abs(p1[1]! - p0[1]!) + 1 },
    style: { fill: f.fill, opacity: f.opacity },
  }
}

/** The d = 2 surface: the fit (regression) or the decision regions (classification), with the training points; exportable. */
export function vectorSurfaceOption(view: VectorViewReply, t: ChartTheme, options: SurfaceOptions = {}): EChartsOption {
  return withFigure(surfaceOption(view, t, options), (theme) => vectorSurfaceFigure(view, theme, options.range, options.marker))
}

export interface SurfaceOptions {
  /** The colour scale's ends, when several surfaces share one (compare view); default this view's own. */
  range?: { lo: number; hi: number }
  /** A probed point to mark on the surface (the query probe's), in the two features' coordinates. */
  marker?: number[] | null
  /** The colour ramp, low to high (default viridis; a difference takes a diverging one). */
  palette?: string[]
}

function surfaceOption(view: VectorViewReply, t: ChartTheme, options: SurfaceOptions): EChartsOption {
  const s = view.surface
  if (!s) throw new Error('the view has no surface (d is not 2)')
  const info = view.info
  const [fx, fy] = info.features as [string, string]
  const data = cells(view)
  const xAxis = { type: 'value' as const, name: fx, nameLocation: 'middle' as const, nameGap: 26, min: s.xs[0]!, max: s.xs[s.xs.length - 1]!, scale: true, ...axisStyle(t, false) }
  const yAxis = { type: 'value' as const, name: fy, nameLocation: 'middle' as const, nameGap: 44, min: s.ys[0]!, max: s.ys[s.ys.length - 1]!, scale: true, ...axisStyle(t, false) }
  const base = {
    backgroundColor: t.background,
    animation: false,
    grid: { left: 64, right: info.task === 'classification' ? 20 : 90, top: 36, bottom: 44 },
    xAxis,
    yAxis,
    tooltip: { trigger: 'item' as const },
  }
  const pts = view.points
  const d = info.d
  const marker = probeMarker(options.marker, fx, fy, t)
  if (info.task === 'classification') {
    const c = info.classCount!
    const names = info.labelNames!
    const floor = 1 / c
    const regions = {
      type: 'custom',
      name: 'regions',
      silent: true,
      data,
      encode: { x: [0, 2], y: [1, 3] },
      // Drawn at once, not 400 cells a frame (ECharts draws more than 3,000 progressively by default).
      progressive: 0,
      renderItem: (p: unknown, api: never) =>
        rect(p, api, (a) => {
          const k = a.value(5)
          const score = a.value(4)
          // A narrow win is faint, a sure one strong.
          // Opaque mixes, not transparency: cells overlap by a pixel, and translucent overlaps would draw seams.
          return { fill: mix(classColor(t, k), t.background, 0.12 + 0.38 * Math.max(0, Math.min(1, (score - floor) / (1 - floor)))), opacity: 1 }
        }),
    } as unknown as SeriesOption
    const points = Array.from({ length: c }, (_, k) => {
      const rows: number[][] = []
      for (let i = 0; i < pts.y.length; i++) if (pts.y[i] === k) rows.push([pts.x[i * d]!, pts.x[i * d + 1]!])
      return {
        type: 'scatter' as const,
        name: names[k]!,
        data: rows,
        symbolSize: 6,
        itemStyle: { color: classColor(t, k), borderColor: t.text, borderWidth: 0.6 },
        tooltip: { formatter: (p: unknown) => `${names[k]}: ${fx} ${sig(valueOf(p)[0]!)}, ${fy} ${sig(valueOf(p)[1]!)}` },
      }
    })
    return {
      ...base,
      legend: { top: 4, textStyle: { color: t.text }, data: names.slice(0, c) },
      series: [regions, ...points, ...marker],
    }
  }
  let lo = Infinity
  let hi = -Infinity
  for (const cell of data) {
    lo = Math.min(lo, cell.value[4])
    hi = Math.max(hi, cell.value[4])
  }
  for (const y of pts.y) {
    lo = Math.min(lo, y)
    hi = Math.max(hi, y)
  }
  if (options.range) ({ lo, hi } = options.range)
  return {
    ...base,
    visualMap: {
      type: 'continuous',
      min: Number.isFinite(lo) ? lo : 0,
      max: Number.isFinite(hi) ? hi : 1,
      dimension: 4,
      seriesIndex: 0,
      calculable: false,
      right: 8,
      top: 'middle',
      itemHeight: 180,
      // The ends' values, not only the name: a colour scale without numbers cannot be read (calculable is off, so ECharts shows no handle labels).
      text: [`${valueName(info.target)}\n${sig(hi)}`, String(sig(lo))],
      // An explicit line height: without one ECharts draws the two lines of the top text over each other.
      textStyle: { color: t.text, lineHeight: 16 },
      inRange: { color: options.palette ?? VIRIDIS },
    },
    series: [
      {
        type: 'custom',
        name: 'fit',
        silent: true,
        data,
        encode: { x: [0, 2], y: [1, 3] },
        progressive: 0,
        renderItem: (p: unknown, api: never) => rect(p, api, (a) => ({ fill: a.visual('color'), opacity: 1 })),
      } as unknown as SeriesOption,
      {
        type: 'scatter',
        name: 'training points',
        data: Array.from({ length: pts.y.length }, (_, i) => [pts.x[i * d]!, pts.x[i * d + 1]!, pts.y[i]!]),
        symbolSize: 5,
        itemStyle: { color: 'rgba(255,255,255,0.85)', borderColor: '#000', borderWidth: 0.8 },
        tooltip: { formatter: (p: unknown) => `${fx} ${sig(valueOf(p)[0]!)}, ${fy} ${sig(valueOf(p)[1]!)}: ${valueName(info.target)} ${sig(valueOf(p)[2]!)}` },
      },
      ...marker,
    ],
  }
}

/** The probed point on the surface, as the one-dimensional probe marks its query: in the highlight colour, labelled q. */
function probeMarker(point: number[] | null | undefined, fx: string, fy: string, t: ChartTheme): SeriesOption[] {
  if (!point || point.length < 2 || !Number.isFinite(point[0]!) || !Number.isFinite(point[1]!)) return []
  return [
    {
      type: 'scatter',
      name: 'probed point',
      data: [[point[0]!, point[1]!]],
      symbol: 'circle',
      symbolSize: 15,
      z: 10,
      itemStyle: { color: t.highlight, borderColor: t.background, borderWidth: 2.5 },
      label: { show: true, formatter: 'q', position: 'right', color: t.highlight, fontWeight: 'bold', fontSize: 14, textBorderColor: t.background, textBorderWidth: 2 },
      tooltip: { formatter: () => `probed point q: ${fx} ${sig(point[0]!)}, ${fy} ${sig(point[1]!)}` },
    },
  ]
}

/** One coordinate's slice: the fit (with the training points' projection) or each class's score, the others at their medians. */
export function vectorSliceOption(view: VectorViewReply, coordinate: number, t: ChartTheme): EChartsOption {
  return withFigure(sliceOption(view, coordinate, t), (theme) => vectorSliceFigure(view, coordinate, theme))
}

function sliceOption(view: VectorViewReply, coordinate: number, t: ChartTheme): EChartsOption {
  const info = view.info
  const slice = view.slices[coordinate]!
  const name = info.features[coordinate]!
  const d = info.d
  const xAxis = { type: 'value' as const, name, nameLocation: 'middle' as const, nameGap: 24, min: slice.xs[0]!, max: slice.xs[slice.xs.length - 1]!, ...axisStyle(t, false) }
  const common = {
    backgroundColor: t.background,
    animation: false,
    grid: { left: 48, right: 12, top: 24, bottom: 40 },
    xAxis,
    tooltip: { trigger: 'axis' as const },
  }
  if (slice.scores) {
    const names = info.labelNames!
    return {
      ...common,
      yAxis: { type: 'value', name: 'class score', min: 0, max: 1, ...axisStyle(t) },
      legend: { show: false },
      series: slice.scores.map((scores, k) => ({
        type: 'line' as const,
        name: names[k]!,
        showSymbol: false,
        data: slice.xs.map((x, i) => [x, scores[i]]),
        lineStyle: { color: classColor(t, k), width: 2 },
        itemStyle: { color: classColor(t, k) },
      })),
    }
  }
  const pts = view.points
  return {
    ...common,
    yAxis: { type: 'value', name: valueName(info.target), scale: true, ...axisStyle(t) },
    series: [
      {
        type: 'scatter',
        name: 'training points (all coordinates)',
        data: Array.from({ length: pts.y.length }, (_, i) => [pts.x[i * d + coordinate]!, pts.y[i]!]),
        symbolSize: 3,
        itemStyle: { color: t.points, opacity: 0.35 },
        tooltip: { show: false },
      },
      {
        type: 'line',
        name: 'fit along the slice',
        showSymbol: false,
        data: slice.xs.map((x, i) => [x, slice.fit![i]]),
        lineStyle: { color: t.prediction, width: 2 },
        itemStyle: { color: t.prediction },
      },
    ],
  }
}

/** Widths per coordinate, one marker series per source (this run, rules, CV, SGD), on a log axis. */
export function vectorWidthsOption(view: VectorViewReply, t: ChartTheme): EChartsOption {
  return withFigure(widthsOption(view, t), (theme) => vectorWidthsFigure(view, theme))
}

function widthsOption(view: VectorViewReply, t: ChartTheme): EChartsOption {
  const features = view.info.features
  const rows = view.widths.filter((w) => w.sigma !== null)
  const symbols = ['diamond', 'circle', 'rect', 'triangle', 'pin']
  return {
    backgroundColor: t.background,
    animation: false,
    legend: { top: 4, textStyle: { color: t.text } },
    grid: { left: 64, right: 16, top: 40, bottom: 44 },
    tooltip: { trigger: 'item', valueFormatter: (v) => (typeof v === 'number' ? String(sig(v)) : String(v)) },
    xAxis: { type: 'category', data: features, name: 'coordinate', nameLocation: 'middle', nameGap: 28, ...axisStyle(t) },
    yAxis: { type: 'log', name: 'σ (log scale)', ...axisStyle(t) },
    // Markers only, side by side within each coordinate: coordinates are categories, and a line
    // from one to the next would draw a trend that does not exist.
    series: rows.map((row, k) => ({
      type: 'scatter' as const,
      name: row.label,
      data: row.sigma!,
      symbol: symbols[k % symbols.length],
      symbolSize: k === 0 ? 13 : 10,
      symbolOffset: [(k - (rows.length - 1) / 2) * 16, 0],
      itemStyle: { color: k === 0 ? t.prediction : t.palette[(k + 1) % t.palette.length] },
    })),
  }
}
