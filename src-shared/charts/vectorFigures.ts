import type { VectorViewReply } from '../experiment/vectorView'
import type { CellSeries, Figure, PointSeries, XYPanel, XYSeries } from '../figures/model'
import type { ChartTheme } from './theme'

/**
 * The figures behind a vector run's charts (vectorCharts.ts registers them
 * with withFigure), so the surface, decision regions, slices and widths
 * export as SVG, PNG, PDF, tidy CSV or a matplotlib script like every other
 * chart. Colours are the screen's: viridis for a fit, the class palette,
 * fainter where a class wins narrowly, for regions.
 */

/** Perceptually even, readable for colour-blind readers, and dark-to-light in either theme. */
export const VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725']

const sig = (v: number) => String(Number(v.toPrecision(4)))
/** The value's axis name: a long one (a generator's formula) would squeeze the plot, so it becomes "y". */
export const valueName = (target: string | null) => (target && target.length <= 20 ? target : 'y')

const hex = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16))
const toHex = (rgb: number[]) => `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`

/** `color` laid over `background` at opacity `alpha`, as one opaque #rrggbb. */
export function mix(color: string, background: string, alpha: number): string {
  const a = hex(color)
  const b = hex(background.startsWith('#') && background.length === 7 ? background : '#ffffff')
  return toHex(a.map((v, i) => alpha * v + (1 - alpha) * b[i]!))
}

/** The class's colour; classes beyond the palette wrap around. */
export function classColor(t: ChartTheme, k: number): string {
  return t.palette[k % t.palette.length]!
}

/** Viridis at u in [0, 1], linear between its stops (as the screen's colour scale). */
export function viridisAt(u: number): string {
  const x = Math.max(0, Math.min(1, Number.isFinite(u) ? u : 0)) * (VIRIDIS.length - 1)
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x))
  const f = x - i
  const a = hex(VIRIDIS[i]!)
  const b = hex(VIRIDIS[i + 1]!)
  return toHex(a.map((v, k) => v + (b[k]! - v) * f))
}

/** The fit's range over the surface and the training values, for the colour scale. */
export function surfaceRange(view: VectorViewReply): { lo: number; hi: number } {
  let lo = Infinity
  let hi = -Infinity
  for (const v of view.surface!.values) {
    if (v === null) continue
    lo = Math.min(lo, v)
    hi = Math.max(hi, v)
  }
  for (const y of view.points.y) {
    lo = Math.min(lo, y)
    hi = Math.max(hi, y)
  }
  return Number.isFinite(lo) ? { lo, hi } : { lo: 0, hi: 1 }
}

/** `range`: the colour scale's ends (several runs side by side share one); by default this view's own. */
export function vectorSurfaceFigure(view: VectorViewReply, t: ChartTheme, range: { lo: number; hi: number } = surfaceRange(view), marker: number[] | null = null): Figure {
  const s = view.surface
  if (!s) throw new Error('the view has no surface (d is not 2)')
  const info = view.info
  const d = info.d
  const g = s.xs.length
  const h = s.ys.length
  const dx = g > 1 ? (s.xs[1]! - s.xs[0]!) / 2 : 0.5
  const dy = h > 1 ? (s.ys[1]! - s.ys[0]!) / 2 : 0.5
  const classification = info.task === 'classification'
  const { lo, hi } = range
  const x: number[] = []
  const y: number[] = []
  const value: number[] = []
  const fill: string[] = []
  const c = info.classCount ?? 1
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < g; i++) {
      const v = s.values[j * g + i]
      if (v === null || v === undefined) continue
      x.push(s.xs[i]!)
      y.push(s.ys[j]!)
      if (classification) {
        const k = s.classes![j * g + i]!
        value.push(k!)
        // A narrow win is faint, a sure one strong (the screen's regions).
        fill.push(mix(classColor(t, k!), t.background, 0.12 + 0.38 * Math.max(0, Math.min(1, (v - 1 / c) / (1 - 1 / c)))))
      } else {
        value.push(v)
        fill.push(viridisAt(hi > lo ? (v - lo) / (hi - lo) : 0.5))
      }
    }
  }
  const cells: CellSeries = { type: 'cells', name: classification ? 'predicted class' : 'fit', x, y, dx, dy, value, fill, legend: false }
  const pts = view.points
  const points: PointSeries[] = []
  if (classification) {
    const names = info.labelNames ?? []
    for (let k = 0; k < c; k++) {
      const px: number[] = []
      const py: number[] = []
      for (let i = 0; i < pts.y.length; i++) {
        if (pts.y[i] !== k) continue
        px.push(pts.x[i * d]!)
        py.push(pts.x[i * d + 1]!)
      }
      points.push({ type: 'scatter', name: names[k] ?? String(k), x: px, y: py, color: classColor(t, k), size: 0.45, opacity: 0.95 })
    }
  } else {
    const px: number[] = []
    const py: number[] = []
    for (let i = 0; i < pts.y.length; i++) {
      px.push(pts.x[i * d]!)
      py.push(pts.x[i * d + 1]!)
    }
    points.push({ type: 'scatter', name: 'training points', x: px, y: py, color: '#ffffff', size: 0.35, opacity: 0.9 })
  }
  // The query probe's point, as the screen marks it.
  if (marker && marker.length >= 2) points.push({ type: 'scatter', name: 'probed point q', x: [marker[0]!], y: [marker[1]!], color: t.highlight, size: 0.9, opacity: 1 })
  const [fx, fy] = info.features as [string, string]
  const panel: XYPanel = {
    kind: 'xy',
    id: classification ? 'regions' : 'surface',
    title: classification ? 'Decision regions' : `${valueName(info.target)}: ${sig(lo)} (dark) to ${sig(hi)} (light)`,
    x: { label: fx, min: s.xs[0]! - dx, max: s.xs[g - 1]! + dx },
    y: { label: fy, min: s.ys[0]! - dy, max: s.ys[h - 1]! + dy },
    series: [cells, ...points],
  }
  return { name: classification ? 'vector-regions' : 'vector-surface', panels: [panel], columns: 1, colorScale: 'panel', aspect: 1.25 }
}

export function vectorSliceFigure(view: VectorViewReply, coordinate: number, t: ChartTheme): Figure {
  const info = view.info
  const slice = view.slices[coordinate]!
  const name = info.features[coordinate]!
  const d = info.d
  const x = { label: name, min: slice.xs[0]!, max: slice.xs[slice.xs.length - 1]! }
  let panel: XYPanel
  if (slice.scores) {
    const names = info.labelNames ?? []
    panel = {
      kind: 'xy',
      id: `slice-${coordinate}`,
      x,
      y: { label: 'class score', min: 0, max: 1 },
      series: slice.scores.map((scores, k) => ({ type: 'line', name: names[k] ?? String(k), x: slice.xs, y: scores, color: classColor(t, k) })),
    }
  } else {
    const pts = view.points
    const px: number[] = []
    let lo = Infinity
    let hi = -Infinity
    for (let i = 0; i < pts.y.length; i++) {
      px.push(pts.x[i * d + coordinate]!)
      lo = Math.min(lo, pts.y[i]!)
      hi = Math.max(hi, pts.y[i]!)
    }
    for (const v of slice.fit!) {
      if (v === null) continue
      lo = Math.min(lo, v)
      hi = Math.max(hi, v)
    }
    const series: XYSeries[] = [
      { type: 'scatter', name: 'training points (all coordinates)', x: px, y: pts.y, color: t.points, size: 0.3, opacity: 0.35 },
      { type: 'line', name: 'fit along the slice', x: slice.xs, y: slice.fit!, color: t.prediction },
    ]
    panel = { kind: 'xy', id: `slice-${coordinate}`, x, y: { label: valueName(info.target), min: Number.isFinite(lo) ? lo : 0, max: Number.isFinite(hi) ? hi : 1 }, series }
  }
  return { name: `vector-slice-${coordinate + 1}`, panels: [panel], columns: 1, colorScale: 'panel' }
}

export function vectorWidthsFigure(view: VectorViewReply, t: ChartTheme): Figure {
  const features = view.info.features
  const rows = view.widths.filter((w) => w.sigma !== null)
  let lo = Infinity
  let hi = -Infinity
  for (const r of rows) {
    for (const s of r.sigma!) {
      if (!(s > 0) || !Number.isFinite(s)) continue
      lo = Math.min(lo, s)
      hi = Math.max(hi, s)
    }
  }
  // Coordinates at 1 .. d, each source's marker a little aside, as on screen.
  const series: PointSeries[] = rows.map((row, k) => ({
    type: 'scatter',
    name: row.label,
    x: row.sigma!.map((_, l) => l + 1 + (k - (rows.length - 1) / 2) * 0.08),
    y: row.sigma!,
    color: k === 0 ? t.prediction : t.palette[(k + 1) % t.palette.length]!,
    size: k === 0 ? 0.8 : 0.6,
    opacity: 1,
  }))
  const panel: XYPanel = {
    kind: 'xy',
    id: 'widths',
    x: { label: `coordinate: ${features.map((f, l) => `${l + 1} ${f}`).join(', ')}`, min: 0.5, max: features.length + 0.5, integer: true },
    y: { label: 'σ (log scale)', min: Number.isFinite(lo) ? lo / 1.5 : 0.1, max: Number.isFinite(hi) ? hi * 1.5 : 10, log: true },
    series,
  }
  return { name: 'vector-widths', panels: [panel], columns: 1, colorScale: 'panel', legend: true }
}
