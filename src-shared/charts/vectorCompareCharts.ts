import type { EChartsOption } from 'echarts'
import type { RunDetail } from '../api/runs'
import type { VectorViewReply } from '../experiment/vectorView'
import { screenDraw } from '../figures/draw'
import { figureOption } from '../figures/figureOption'
import type { CellSeries, ColorScale, Figure, Panel, PointSeries, XYPanel } from '../figures/model'
import { withFigure } from '../figures/registry'
import type { RunStyle } from './runStyles'
import type { ChartTheme } from './theme'
import { vectorSurfaceOption } from './vectorCharts'
import { surfaceRange, vectorSurfaceFigure } from './vectorFigures'
import { widthTrainingPanel } from './widthTrainingCharts'

/**
 * Several vector runs of one dimension d compared (issue 13): their widths
 * per coordinate overlaid, each run in its colour; for d = 2 their fitted
 * surfaces side by side on one colour scale, and the difference of two
 * regression runs on the same grid; the loss curves of those that trained
 * a width vector. The compare view draws these on screen and exports them
 * as one figure, like the one-dimensional comparison.
 */

const sig = (v: number) => String(Number(v.toPrecision(4)))

export interface ComparedVectorRun {
  run: RunDetail
  style: RunStyle
  /** The run's view (surface, slices, widths) from the worker, when it has one. */
  view: VectorViewReply | null
}

/** Coordinate axis label: the features when every run names them alike, else their positions. */
function coordinateLabel(runs: RunDetail[]): string {
  const first = runs[0]?.vector?.features ?? []
  const same = runs.every((r) => (r.vector?.features ?? []).join('\u0000') === first.join('\u0000'))
  return same ? `coordinate: ${first.map((f, l) => `${l + 1} ${f}`).join(', ')}` : 'coordinate (the runs name their features differently)'
}

/** Each run's widths per coordinate (a trained run's learned ones), side by side within each coordinate, on a log axis. */
export function compareWidthsPanel(runs: ComparedVectorRun[]): XYPanel {
  const shown = runs.filter((c) => c.run.vector?.sigma)
  const d = shown[0]?.run.vector?.d ?? 1
  let lo = Infinity
  let hi = -Infinity
  const series: PointSeries[] = shown.map((c, k) => {
    const sigma = c.run.vector!.sigma!
    for (const s of sigma) {
      if (!(s > 0) || !Number.isFinite(s)) continue
      lo = Math.min(lo, s)
      hi = Math.max(hi, s)
    }
    const offset = shown.length > 1 ? (k - (shown.length - 1) / 2) * Math.min(0.12, 0.6 / shown.length) : 0
    return { type: 'scatter', name: c.run.vector!.learned ? `${c.run.name} (learned)` : c.run.name, x: sigma.map((_, l) => l + 1 + offset), y: sigma, color: c.style.color, size: 0.75, opacity: 1 }
  })
  return {
    kind: 'xy',
    id: 'widths',
    title: 'Widths per coordinate',
    x: { label: coordinateLabel(shown.map((c) => c.run)), min: 0.5, max: d + 0.5, integer: true },
    y: { label: 'σ (log scale)', min: Number.isFinite(lo) ? lo / 1.5 : 0.1, max: Number.isFinite(hi) ? hi * 1.5 : 10, log: true },
    series,
  }
}

/** One colour scale over every regression surface shown (classification regions have their classes' colours). */
export function sharedSurfaceRange(views: VectorViewReply[]): { lo: number; hi: number } | undefined {
  const regression = views.filter((v) => v.surface && v.info.task === 'regression')
  if (regression.length === 0) return undefined
  let lo = Infinity
  let hi = -Infinity
  for (const v of regression) {
    const r = surfaceRange(v)
    lo = Math.min(lo, r.lo)
    hi = Math.max(hi, r.hi)
  }
  return { lo, hi }
}

/** Each d = 2 run's surface (or regions), titled with its name, on the shared scale or on its own. */
export function compareSurfacePanels(runs: ComparedVectorRun[], t: ChartTheme, colorScale: ColorScale): XYPanel[] {
  const views = runs.flatMap((c) => (c.view?.surface ? [c.view] : []))
  const shared = colorScale === 'shared' ? sharedSurfaceRange(views) : undefined
  return runs.flatMap((c, k) => {
    if (!c.view?.surface) return []
    const panel = vectorSurfaceFigure(c.view, t, shared ?? surfaceRange(c.view)).panels[0] as XYPanel
    return [{ ...panel, id: `surface-${k + 1}`, title: `${c.run.name}${shared ? '' : ` (${panel.title})`}` }]
  })
}

/** Blue (negative) through the background to red (positive), at u in [-1, 1]. */
function diverging(u: number, t: ChartTheme): string {
  const clamp = Math.max(-1, Math.min(1, Number.isFinite(u) ? u : 0))
  const to = clamp < 0 ? [33, 102, 172] : [178, 24, 43]
  const bg = t.background.startsWith('#') && t.background.length === 7 ? [1, 3, 5].map((i) => parseInt(t.background.slice(i, i + 2), 16)) : [255, 255, 255]
  const a = Math.abs(clamp)
  return `#${bg.map((v, i) => Math.round(v + (to[i]! - v) * a).toString(16).padStart(2, '0')).join('')}`
}

/** Why two runs' surfaces cannot be subtracted, or null when they can (two regression runs on the same grid). */
export function differenceRefusal(a: VectorViewReply | null, b: VectorViewReply | null): string | null {
  if (!a?.surface || !b?.surface) return 'both runs need a surface (d = 2, finished)'
  if (a.info.task !== 'regression' || b.info.task !== 'regression') return 'the difference is drawn for regression fits (classification regions are compared side by side)'
  const same = (x: number[], y: number[]) => x.length === y.length && x.every((v, i) => v === y[i])
  if (!same(a.surface.xs, b.surface.xs) || !same(a.surface.ys, b.surface.ys)) return 'the runs’ training inputs span different ranges, so their grids differ'
  return null
}

/** The second run's fit minus the first's, cell by cell, on a diverging scale centred at 0; null when they cannot be subtracted. */
export function compareDifferencePanel(first: ComparedVectorRun, second: ComparedVectorRun, t: ChartTheme): XYPanel | null {
  const a = first.view
  const b = second.view
  if (differenceRefusal(a, b) !== null) return null
  const s = a!.surface!
  const g = s.xs.length
  const h = s.ys.length
  const dx = g > 1 ? (s.xs[1]! - s.xs[0]!) / 2 : 0.5
  const dy = h > 1 ? (s.ys[1]! - s.ys[0]!) / 2 : 0.5
  const x: number[] = []
  const y: number[] = []
  const value: number[] = []
  let top = 0
  for (let k = 0; k < g * h; k++) {
    const va = s.values[k]
    const vb = b!.surface!.values[k]
    if (va === null || va === undefined || vb === null || vb === undefined) continue
    x.push(s.xs[k % g]!)
    y.push(s.ys[Math.floor(k / g)]!)
    value.push(vb - va)
    top = Math.max(top, Math.abs(vb - va))
  }
  const fill = value.map((v) => diverging(top > 0 ? v / top : 0, t))
  const cells: CellSeries = { type: 'cells', name: 'difference', x, y, dx, dy, value, fill, legend: false }
  const [fx, fy] = a!.info.features as [string, string]
  return {
    kind: 'xy',
    id: 'difference',
    title: `${second.run.name} − ${first.run.name}: −${sig(top)} (blue) to +${sig(top)} (red)`,
    x: { label: fx, min: s.xs[0]! - dx, max: s.xs[g - 1]! + dx },
    y: { label: fy, min: s.ys[0]! - dy, max: s.ys[h - 1]! + dy },
    series: [cells],
  }
}

/** The loss per epoch of every run that trained a width vector, each in its colour; null when none did. */
export function compareWidthLossPanel(runs: ComparedVectorRun[], t: ChartTheme, logLoss = false): XYPanel | null {
  const trained = runs.filter((c) => c.run.widthEpochs?.length)
  if (trained.length === 0) return null
  return widthTrainingPanel(
    trained.map((c) => ({ name: c.run.name, epochs: c.run.widthEpochs!, features: c.run.vector!.features, color: c.style.color })),
    'loss',
    t,
    logLoss,
  )
}

/** One panel as a chart: on screen without a legend (the compare view names each run in its own), exported with one. */
function chart(name: string, panel: (t: ChartTheme) => Panel, t: ChartTheme, aspect?: number): EChartsOption {
  const fig = (theme: ChartTheme, legend: boolean): Figure => ({ name, panels: [{ ...panel(theme), title: '' }], columns: 1, colorScale: 'panel', legend, ...(aspect ? { aspect } : {}) })
  return withFigure(figureOption(fig(t, false), screenDraw(t)), (theme) => fig(theme, true))
}

export function compareWidthsOption(runs: ComparedVectorRun[], t: ChartTheme): EChartsOption {
  return chart('compare-widths', () => compareWidthsPanel(runs), t)
}

/** Blue, white, red: the screen's ramp for a difference (the export's cells blend into the figure's background instead). */
const DIVERGING = ['#2166ac', '#92c5de', '#f7f7f7', '#f4a582', '#b2182b']

/**
 * On screen the difference is drawn as the surfaces are (the same axes,
 * cells and colour bar), on a ramp centred at 0; exported, it is its panel.
 */
export function compareDifferenceOption(first: ComparedVectorRun, second: ComparedVectorRun, t: ChartTheme): EChartsOption | null {
  const panel = compareDifferencePanel(first, second, t)
  if (!panel) return null
  const a = first.view!
  const b = second.view!.surface!.values
  const values = a.surface!.values.map((v, k) => (v === null || b[k] === null || b[k] === undefined ? null : b[k]! - v))
  let top = 0
  for (const v of values) if (v !== null) top = Math.max(top, Math.abs(v))
  const view: VectorViewReply = { ...a, info: { ...a.info, target: 'difference' }, points: { x: [], y: [], every: 1 }, surface: { ...a.surface!, values, classes: null } }
  const option = vectorSurfaceOption(view, t, { range: { lo: -top || -1, hi: top || 1 }, palette: DIVERGING })
  const fig = (theme: ChartTheme): Figure => ({ name: 'compare-difference', panels: [compareDifferencePanel(first, second, theme)!], columns: 1, colorScale: 'panel', legend: false, aspect: 1.25 })
  return withFigure(option, fig)
}

export function compareWidthLossOption(runs: ComparedVectorRun[], t: ChartTheme, logLoss = false): EChartsOption | null {
  if (!compareWidthLossPanel(runs, t, logLoss)) return null
  return chart('compare-width-loss', (theme) => compareWidthLossPanel(runs, theme, logLoss)!, t)
}

/** The comparison as one figure: widths, the surfaces (and their difference), the loss curves. */
export function vectorCompareFigure(runs: ComparedVectorRun[], t: ChartTheme, colorScale: ColorScale): Figure {
  const panels: Panel[] = [compareWidthsPanel(runs)]
  for (const p of compareSurfacePanels(runs, t, colorScale)) panels.push(p)
  const surfaced = runs.filter((c) => c.view?.surface)
  if (surfaced.length === 2) {
    const diff = compareDifferencePanel(surfaced[0]!, surfaced[1]!, t)
    if (diff) panels.push(diff)
  }
  const loss = compareWidthLossPanel(runs, t)
  if (loss) panels.push(loss)
  const columns = Math.min(3, Math.max(2, Math.ceil(Math.sqrt(panels.length))))
  return { name: `compare-${runs.length}-vector-runs`, title: `${runs.length} vector runs compared`, panels, columns, colorScale, legend: true }
}
