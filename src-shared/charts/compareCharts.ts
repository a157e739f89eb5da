import type { EChartsOption } from 'echarts'
import type { RunDetail } from '../api/runs'
import { finiteExtent } from '../arrays'
import { screenDraw } from '../figures/draw'
import { figureOption } from '../figures/figureOption'
import type { ColorScale, Figure, HeatPanel, LineSeries, Panel, PointSeries, XYPanel } from '../figures/model'
import { withFigure } from '../figures/registry'
import { fitAxes, pointStyle, thinIndices } from './fitChart'
import { heatmapPanel, type HeatmapData } from './heatmapChart'
import { curvePoints } from './lossChart'
import { categoryStyle, type RunStyle } from './runStyles'
import { formatTick, type ChartTheme } from './theme'

/** Charts of several runs at once, each run in its own colour. */

/** Every run's prediction over the truth, with each run's training points in its colour. */
export function compareFitPanel(runs: RunDetail[], styles: RunStyle[], t: ChartTheme): XYPanel {
  const series: (LineSeries | PointSeries)[] = []
  // One truth per distinct data set (runs on the same preset and seed share it).
  const truths = new Map<string, RunDetail>()
  for (const r of runs) if (r.arrays?.yTruth) truths.set(`${r.data.label}|${r.data.seed}|${r.data.nQuery}`, r)
  const truthStyles = ['dashed', 'dotted'] as const
  ;[...truths.values()].forEach((r, k) => {
    const a = r.arrays!
    series.push({ type: 'line', name: truths.size > 1 ? `Truth · ${r.data.label}` : 'Truth', x: a.xQuery, y: a.yTruth!, color: t.truth, dash: truthStyles[k % 2] })
  })
  runs.forEach((r, k) => {
    const a = r.arrays
    if (!a) return
    const { color, dash } = styles[k]!
    series.push({ type: 'line', name: r.name, x: a.xQuery, y: a.yHat ?? [], color, ...(dash ? { dash } : {}) })
    const idx = thinIndices(a.xTrain.length, 1500)
    const ps = pointStyle(a.xTrain.length)
    series.push({ type: 'scatter', name: r.name, x: idx.map((i) => a.xTrain[i]!), y: idx.map((i) => a.yTrain[i]!), color, size: ps.size * 0.85, opacity: Math.min(0.45, ps.opacity), legend: false })
  })
  // The same axes as a single run's fit figure, over every run's data.
  const axes = fitAxes(
    runs.flatMap((r) => (r.arrays ? [r.arrays.xQuery, r.arrays.xTrain] : [])),
    runs.flatMap((r) => (r.arrays ? [r.arrays.yTrain, r.arrays.yHat ?? [], r.arrays.yTruth ?? []] : [])),
  )
  return { kind: 'xy', id: 'fits', title: 'Fits over the truth', x: { label: 'x', min: axes.x[0], max: axes.x[1] }, y: { label: 'y', min: axes.y[0], max: axes.y[1] }, series }
}

/**
 * On screen the compare view names every run once, in its own legend with
 * each run's colour and dash: a chart legend of a dozen long names would
 * page and cover the axes. The truth keeps its entry.
 */
function withoutRunLegend(panel: XYPanel, runs: RunDetail[]): XYPanel {
  const names = new Set(runs.map((r) => r.name))
  return { ...panel, series: panel.series.map((s) => (names.has(s.name) ? { ...s, legend: false } : s)) }
}

export function compareFitOption(runs: RunDetail[], styles: RunStyle[], t: ChartTheme): EChartsOption {
  // Exported alone, the chart carries its own legend of the runs.
  const fig = (theme: ChartTheme): Figure => ({ name: 'compare-fit', panels: [{ ...compareFitPanel(runs, styles, theme), title: '' }], columns: 1, colorScale: 'panel' })
  const screen: Figure = { ...fig(t), legend: true, panels: [withoutRunLegend(fig(t).panels[0] as XYPanel, runs)] }
  const option = figureOption(screen, screenDraw(t))
  const grid = (option.grid as { bottom: number }[])[0]!
  grid.bottom += 14
  option.dataZoom = [
    { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
    { type: 'slider', xAxisIndex: 0, height: 12, bottom: 4, filterMode: 'none', showDetail: false },
  ]
  return withFigure(option, fig)
}

/** Loss or w per epoch of every run that trained. */
export function compareCurvePanel(runs: RunDetail[], styles: RunStyle[], which: 'loss' | 'w', t: ChartTheme, logScale = false): XYPanel {
  const trained = runs.map((r, k) => ({ r, style: styles[k]! })).filter(({ r }) => r.epochs.length > 0)
  let lo = Infinity
  let hi = -Infinity
  let last = 1
  const series: LineSeries[] = trained.map(({ r, style }) => {
    const pts = curvePoints(r.epochs, which)
    for (const [e, v] of pts) {
      lo = Math.min(lo, v)
      hi = Math.max(hi, v)
      last = Math.max(last, e)
    }
    return { type: 'line', name: r.name, x: pts.map((p) => p[0]), y: pts.map((p) => p[1]), color: style.color, ...(style.dash ? { dash: style.dash } : {}), markers: r.epochs.length <= 40 }
  })
  return {
    kind: 'xy',
    id: which,
    title: which === 'loss' ? 'Loss per epoch' : 'w per epoch',
    x: { label: 'epoch', min: 1, max: Math.max(2, last), integer: true },
    y: { label: which, min: lo <= hi ? lo : 0, max: lo <= hi ? hi : 1, ...(logScale ? { log: true } : {}) },
    series,
  }
}

export function compareCurveOption(runs: RunDetail[], styles: RunStyle[], which: 'loss' | 'w', t: ChartTheme, logScale = false): EChartsOption {
  const fig = (theme: ChartTheme): Figure => ({ name: `compare-${which}`, panels: [{ ...compareCurvePanel(runs, styles, which, theme, logScale), title: '' }], columns: 1, colorScale: 'panel', legend: true })
  const screen: Figure = { ...fig(t), legend: false }
  return withFigure(figureOption(screen, screenDraw(t)), fig)
}

/**
 * The compare view as one figure for a paper: the overlaid fits, the loss
 * and w curves when runs trained, and every run's attention weights, on one
 * colour scale or each on its own.
 */
export function compareFigure(
  runs: RunDetail[],
  heatmaps: (HeatmapData | null)[],
  styles: RunStyle[],
  t: ChartTheme,
  colorScale: ColorScale,
): Figure {
  // Vector runs' inputs are rows of d numbers: no fit over x to overlay (vectorCompareCharts.ts compares them).
  const done = runs.map((r, k) => ({ r, s: styles[k]! })).filter(({ r }) => r.status === 'done' && r.arrays && !r.vector)
  const panels: Panel[] = [compareFitPanel(done.map((d) => d.r), done.map((d) => d.s), t)]
  if (runs.some((r) => r.epochs.length > 0)) {
    panels.push(compareCurvePanel(runs, styles, 'loss', t), compareCurvePanel(runs, styles, 'w', t))
  }
  runs.forEach((r, k) => {
    const h = heatmaps[k]
    if (!h) return
    const p: HeatPanel = heatmapPanel({ heatmap: h, title: r.name, keys: r.data.nTrain, queries: r.data.nQuery }, t, `weights-${k + 1}`)
    panels.push(p)
  })
  const columns = Math.min(4, Math.max(2, Math.ceil(Math.sqrt(panels.length))))
  return { name: `compare-${runs.length}-runs`, title: `${runs.length} runs compared`, panels, columns, colorScale }
}

export interface ScatterPoint {
  name: string
  x: number
  y: number
  group: string
  /** A line the tooltip adds: how the point was placed, where that is not plain (a vector run on the σ axis). */
  note?: string
}

/** One point per run: a parameter against a metric, coloured by a category. */
export function scatterPanel(points: ScatterPoint[], xName: string, yName: string, t: ChartTheme, logX = false, logY = false): XYPanel {
  const groups = [...new Set(points.map((p) => p.group))]
  const ext = (vals: number[]) => {
    const [min, max] = finiteExtent(vals)
    return { min, max }
  }
  return {
    kind: 'xy',
    id: 'scatter',
    x: { label: xName, ...ext(points.map((p) => p.x)), ...(logX ? { log: true } : {}) },
    y: { label: yName, ...ext(points.map((p) => p.y)), ...(logY ? { log: true } : {}) },
    series: groups.map((g, k) => {
      const mine = points.filter((p) => p.group === g)
      return { type: 'scatter', name: g, x: mine.map((p) => p.x), y: mine.map((p) => p.y), color: categoryStyle(k, t).color, size: 0.75, opacity: 0.9 }
    }),
  }
}

export function scatterOption(points: ScatterPoint[], xName: string, yName: string, t: ChartTheme, logX = false, logY = false): EChartsOption {
  const fig = (theme: ChartTheme): Figure => ({ name: 'scatter', panels: [scatterPanel(points, xName, yName, theme, logX, logY)], columns: 1, colorScale: 'panel', legend: true })
  const option = figureOption(fig(t), screenDraw(t))
  option.tooltip = {
    ...(option.tooltip as object),
    trigger: 'item',
    formatter: (p: unknown) => {
      const d = p as { seriesIndex: number; dataIndex: number }
      const group = [...new Set(points.map((q) => q.group))][d.seriesIndex]
      const q = points.filter((x) => x.group === group)[d.dataIndex]
      return q ? `${q.name}\n${xName} ${formatTick(q.x)}\n${yName} ${formatTick(q.y)}${q.note ? `\n${q.note}` : ''}` : ''
    },
  }
  return withFigure(option, fig)
}
