import { formatShort } from '../charts/theme'
import type { DrawParams } from './draw'
import type { PanelTicks } from './ticks'
import type { Figure, HeatPanel, Panel } from './model'

/**
 * Where everything of a figure goes. Margins come from the measured width
 * of each panel's tick labels, so labels never run into the axis names;
 * panels of a column share their left margin and panels of a row their top
 * and bottom ones, so the axes of a row and of a column line up.
 */

/** Absolute (left, top, width, height) at a known size; margins (left, right, top, bottom) on screen. */
export interface Rect {
  left: number
  top: number
  width?: number
  height?: number
  right?: number
  bottom?: number
}

export interface CellLayout {
  area: Rect
  plot: Rect
  titleTop: number
  /** The panel's own colour bar, where it has one. */
  bar: Rect | null
  /** Axis name distances from the axis line. */
  gaps: { x: number; y: number; y2: number }
}

export interface FigureLayout {
  titleTop: number
  legendTop: number
  cells: CellLayout[]
  sharedBar: Rect | null
  /** The heatmap whose colour bar is drawn as the shared one. */
  sharedBarPanel: number
}

function maxWidth(d: DrawParams, labels: readonly string[], size: number): number {
  let w = 0
  for (const l of labels) for (const line of l.split('\n')) w = Math.max(w, d.measure(line, size))
  return w
}

/** The widest labels of a heatmap axis: the largest rank and the widest input value. */
export function heatLabelSamples(p: HeatPanel, which: 'rows' | 'cols'): string[] {
  const edges = which === 'rows' ? p.heatmap.rowEdges : p.heatmap.colEdges
  const count = which === 'rows' ? p.queries : p.keys
  let widest = ''
  for (let i = 0; i < edges.length; i++) {
    const s = formatShort(edges[i]!)
    if (s.length > widest.length) widest = s
  }
  return [String(count), `(${widest})`]
}

interface PanelMetrics {
  L: number
  R: number
  T: number
  B: number
  gaps: { x: number; y: number; y2: number }
  barLabelW: number
}

function metricsOf(p: Panel, d: DrawParams, t: PanelTicks | undefined, scale: number | undefined, barShownHere: boolean): PanelMetrics {
  const fs = d.fonts
  const pad = fs.tick * 0.6
  const labelMargin = fs.tick * 0.4
  let yTickW = 0
  let y2W = 0
  let xLines = 1
  let lastXTickW = 0
  let yName = false
  let xName = false
  let barLabelW = 0
  if (p.kind === 'xy') {
    yTickW = maxWidth(d, t?.y?.labels ?? ['0.001'], fs.tick)
    if (p.y2) y2W = maxWidth(d, t?.y2?.labels ?? ['0.001'], fs.tick)
    const xl = t?.x?.labels ?? ['0.001']
    lastXTickW = d.measure(xl[xl.length - 1]!, fs.tick)
    yName = p.y.label !== ''
    xName = p.x.label !== ''
  } else if (p.kind === 'heatmap') {
    yTickW = maxWidth(d, heatLabelSamples(p, 'rows'), fs.tick)
    lastXTickW = maxWidth(d, heatLabelSamples(p, 'cols'), fs.tick)
    xLines = 2
    yName = p.yLabel !== ''
    xName = p.xLabel !== ''
    barLabelW = d.measure(formatShort(scale ?? 1), fs.tick)
  } else {
    return { L: pad, R: pad, T: p.title ? fs.panelTitle * 1.3 + pad * 0.4 : pad, B: pad, gaps: { x: 0, y: 0, y2: 0 }, barLabelW: 0 }
  }
  const xTickH = xLines * fs.tick * 1.15
  const gaps = { y: labelMargin + yTickW + fs.label * 0.6, x: labelMargin + xTickH + fs.label * 0.3, y2: labelMargin + y2W + fs.label * 0.6 }
  const barW = fs.tick * 0.9
  return {
    L: (yName ? gaps.y + fs.label * 0.9 : labelMargin + yTickW) + pad * 0.5,
    R: Math.max(lastXTickW / 2, pad) + pad * 0.5 + (p.kind === 'xy' && p.y2 ? gaps.y2 + fs.label * 1.05 : 0) + (barShownHere ? pad + Math.max(barW, barLabelW) + pad : 0),
    // A heatmap's first row label has two lines centred on the row: leave it room above the plot.
    T: (p.title ? fs.panelTitle * 1.3 + pad * 0.4 : fs.tick * 0.8) + (p.kind === 'heatmap' ? fs.tick * 0.9 : 0),
    B: (xName ? gaps.x + fs.label * 1.05 : labelMargin + xTickH) + pad * 0.3,
    gaps,
    barLabelW,
  }
}

export function figureLayout(
  fig: Figure,
  d: DrawParams,
  ticks: Map<Panel, PanelTicks>,
  scales: Map<HeatPanel, number>,
  legend: string[],
): FigureLayout {
  const fs = d.fonts
  const pad = fs.tick * 0.6
  const titleTop = pad
  const titleBand = fig.title ? fs.title * 1.25 + pad * 0.5 : 0
  const showLegend = legend.length > (fig.legend ? 0 : 1)
  // The legend wraps at the figure's width.
  let legendLines = 0
  if (showLegend) {
    legendLines = 1
    if (d.size) {
      const avail = d.size.width - 2 * fs.tick
      let x = 0
      for (const name of legend) {
        const w = fs.legend * 2.3 + d.measure(name, fs.legend)
        if (x > 0 && x + w > avail) {
          legendLines++
          x = 0
        }
        x += w + fs.legend
      }
    }
  }
  const legendTop = pad + titleBand
  const legendBand = legendLines ? legendLines * fs.legend * 1.45 + pad * 0.3 : 0
  const top0 = pad + titleBand + legendBand
  const heats = fig.panels.filter((p): p is HeatPanel => p.kind === 'heatmap')
  const shared = fig.colorScale === 'shared' && heats.length > 0 && !!d.size
  const ownBar = (p: Panel) => p.kind === 'heatmap' && (d.size ? !shared : p.colorBar !== false)
  const unnamed = (p: Panel, k: number): Panel => (fig.shareY && p.kind === 'xy' && k % fig.columns > 0 ? { ...p, y: { ...p.y, label: '' } } : p)
  const m = fig.panels.map((p, k) => metricsOf(unnamed(p, k), d, ticks.get(p), p.kind === 'heatmap' ? scales.get(p) : undefined, ownBar(p) && !!d.size))
  const barW = fs.tick * 0.9

  if (!d.size) {
    // The screen: one panel, margins only, at whatever size its box has; ECharts places the colour bar itself.
    const cells = fig.panels.map((p, k) => ({
      area: { left: 0, top: top0 },
      plot: { left: m[k]!.L, right: m[k]!.R + (ownBar(p) ? 64 : 0), top: top0 + m[k]!.T, bottom: m[k]!.B },
      titleTop: top0,
      bar: null,
      gaps: m[k]!.gaps,
    }))
    return { titleTop, legendTop, cells, sharedBar: null, sharedBarPanel: -1 }
  }

  const { width: W, height: H } = d.size
  const columns = fig.columns
  const rows = Math.ceil(fig.panels.length / columns)
  const barLabelW = m.reduce((w, x) => Math.max(w, x.barLabelW), 0)
  const sharedBand = shared ? pad + Math.max(barW, barLabelW) + pad : 0
  const colL = Array.from({ length: columns }, (_, c) => m.reduce((w, x, k) => (k % columns === c ? Math.max(w, x.L) : w), 0))
  const rowT = Array.from({ length: rows }, (_, r) => m.reduce((w, x, k) => (Math.floor(k / columns) === r ? Math.max(w, x.T) : w), 0))
  const rowB = Array.from({ length: rows }, (_, r) => m.reduce((w, x, k) => (Math.floor(k / columns) === r ? Math.max(w, x.B) : w), 0))
  const availW = W - 2 * pad - sharedBand
  const availH = H - top0 - pad * 0.5
  const cellW = availW / columns
  const cellH = availH / rows
  const textBand = fs.tick * 1.35
  const cells: CellLayout[] = fig.panels.map((p, k) => {
    const col = k % columns
    const row = Math.floor(k / columns)
    const x0 = pad + col * cellW
    const y0 = top0 + row * cellH
    const plot = { left: x0 + colL[col]!, top: y0 + rowT[row]!, width: Math.max(10, cellW - colL[col]! - m[k]!.R), height: Math.max(10, cellH - rowT[row]! - rowB[row]!) }
    const bar = ownBar(p)
      ? { left: plot.left + plot.width + pad + (Math.max(barW, m[k]!.barLabelW) - barW) / 2, top: plot.top + textBand, width: barW, height: Math.max(10, plot.height - 2 * textBand) }
      : null
    return { area: { left: x0, top: y0, width: cellW, height: cellH }, plot, titleTop: y0, bar, gaps: m[k]!.gaps }
  })
  let sharedBar: Rect | null = null
  let sharedBarPanel = -1
  if (shared) {
    const idx = fig.panels.map((p, k) => (p.kind === 'heatmap' ? k : -1)).filter((k) => k >= 0)
    sharedBarPanel = idx[idx.length - 1]!
    const top = cells[idx[0]!]!.plot.top
    const last = cells[sharedBarPanel]!.plot
    sharedBar = { left: W - sharedBand + (sharedBand - barW) / 2, top: top + textBand, width: barW, height: Math.max(10, last.top + last.height! - top - 2 * textBand) }
  }
  return { titleTop, legendTop, cells, sharedBar, sharedBarPanel }
}
