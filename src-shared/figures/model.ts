
/**
 * A figure as data: panels of series, heatmaps or text, with their axes,
 * colours and labels. Every chart of the app is built from one of these:
 * the screen and the exports draw it with ECharts (figureOption.ts), the
 * CSV export writes its series (tidyCsv.ts), and the Python export redraws
 * it with matplotlib (python.ts), so all of them show the same numbers.
 */

/** Block means of an attention matrix, as the heatmap panels draw them. */
export interface HeatmapData {
  rows: number
  cols: number
  /** Row-major block means of the attention weights (rows: sorted queries, columns: sorted keys). */
  values: ArrayLike<number>
  max: number
  rowEdges: ArrayLike<number>
  colEdges: ArrayLike<number>
}

export type Dash = 'solid' | 'dashed' | 'dotted'

export interface LineSeries {
  type: 'line'
  name: string
  x: ArrayLike<number>
  /** null (or NaN) leaves a gap: a query with no estimate. */
  y: ArrayLike<number | null>
  color: string
  /** In units of the style's line width. */
  width?: number
  dash?: Dash
  /** Drawn as steps (a boxcar's edges), centred on each x. */
  step?: boolean
  /** Second y axis (w beside the loss). */
  yAxis?: 0 | 1
  markers?: boolean
  /** Left out of the legend (a shared truth drawn in every panel is named once). */
  legend?: boolean
}

export interface PointSeries {
  type: 'scatter'
  name: string
  x: ArrayLike<number>
  y: ArrayLike<number>
  color: string
  /** Marker diameter in units of the style's font size. */
  size?: number
  opacity?: number
  legend?: boolean
}

/**
 * Filled rectangles on a grid (a fitted surface, decision regions): cell k
 * centred at (x[k], y[k]), 2 dx wide and 2 dy high, filled with fill[k];
 * value[k] is the number it shows (the CSV's value column).
 */
export interface CellSeries {
  type: 'cells'
  name: string
  x: ArrayLike<number>
  y: ArrayLike<number>
  dx: number
  dy: number
  value: ArrayLike<number>
  fill: string[]
  legend?: boolean
}

export type XYSeries = LineSeries | PointSeries | CellSeries

export interface Axis {
  label: string
  /** Data range to cover; the drawn axis snaps outwards to nice ticks. */
  min: number
  max: number
  log?: boolean
  /** Ticks at whole numbers only (epochs, ranks). */
  integer?: boolean
}

export interface XYPanel {
  kind: 'xy'
  /** File-name-safe name of the panel, for its CSV. */
  id: string
  title?: string
  x: Axis
  y: Axis
  y2?: Axis
  series: XYSeries[]
}

export interface HeatPanel {
  kind: 'heatmap'
  id: string
  title?: string
  heatmap: HeatmapData
  /** Training points (columns) and queries (rows) the blocks cover, for rank labels. */
  keys: number
  queries: number
  xLabel: string
  yLabel: string
  /** Colour ramp, low to high (matplotlib's "Reds"). */
  colors: string[]
  /** On screen, where panels are separate charts: a scale shared with other charts, and whether this one shows the bar. */
  scaleMax?: number
  colorBar?: boolean
}

export interface TextPanel {
  kind: 'text'
  id: string
  title?: string
  lines: string[]
  /** The numbers the text states, for the CSV export. */
  data?: { series: string; x: number; y: number }[]
}

export type Panel = XYPanel | HeatPanel | TextPanel

export type ColorScale = 'panel' | 'shared'
export const COLOR_SCALES = ['panel', 'shared'] as const satisfies readonly ColorScale[]

export interface Figure {
  /** File name without extension. */
  name: string
  title?: string
  panels: Panel[]
  columns: number
  /** Heatmaps: each on its own colour scale with its own bar (the chapter's code), or one scale and one bar. */
  colorScale: ColorScale
  /** Panels in a row share their y range (the chapter's sharey=True). */
  shareY?: boolean
  /** Show the legend: by default when it has two names or more. */
  legend?: boolean
  /** Width / height the figure looks best at, for its default export size. */
  aspect?: number
}

/** Largest heatmap value of a panel (0 for an empty one). */
export function heatMax(p: HeatPanel): number {
  return p.heatmap.max > 0 ? p.heatmap.max : 0
}

/** The file-name-safe form of a label. */
export function slug(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/σ/g, 'sigma')
    .replace(/[^A-Za-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
}
