/**
 * Colours of every chart, light and dark. Series colours follow the
 * chapter's matplotlib figures (prediction C0 blue, points C1 orange at half
 * opacity, truth magenta dashed) so figures read like the book's.
 */
export interface ChartTheme {
  dark: boolean
  text: string
  subtleText: string
  axis: string
  grid: string
  background: string
  truth: string
  prediction: string
  points: string
  baseline: string
  trained: string
  highlight: string
  /** Heatmap colour ramp, low to high. */
  heat: string[]
  /** Distinct colours for overlaid runs. */
  palette: string[]
}

export const LIGHT_THEME: ChartTheme = {
  dark: false,
  text: '#1f2328',
  subtleText: '#59636e',
  axis: '#8c959f',
  grid: '#e6e8eb',
  background: '#ffffff',
  truth: '#c026d3',
  prediction: '#1f77b4',
  points: '#ff7f0e',
  baseline: '#6e7781',
  trained: '#2ca02c',
  highlight: '#d62728',
  // matplotlib's "Reds", the newest edition's heatmap colours.
  heat: ['#fff5f0', '#fee0d2', '#fcbba1', '#fc9272', '#fb6a4a', '#ef3b2c', '#cb181d', '#a50f15', '#67000d'],
  palette: ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'],
}

export const DARK_THEME: ChartTheme = {
  dark: true,
  text: '#e6edf3',
  subtleText: '#9198a1',
  axis: '#6e7681',
  grid: '#30363d',
  background: '#16181d',
  truth: '#e879f9',
  prediction: '#58a6ff',
  points: '#ffa657',
  baseline: '#8b949e',
  trained: '#56d364',
  highlight: '#ff7b72',
  // The same ramp rising out of the dark background instead of white.
  heat: ['#16181d', '#3b1418', '#67000d', '#a50f15', '#cb181d', '#ef3b2c', '#fb6a4a', '#fc9272', '#fee0d2'],
  palette: ['#58a6ff', '#ffa657', '#56d364', '#ff7b72', '#d2a8ff', '#e3b341', '#f778ba', '#39c5cf', '#a5d6ff', '#8b949e'],
}

/** Text style shared by every axis and title. */
export function baseTextStyle(t: ChartTheme) {
  // Single quotes only: ECharts writes the family into a double-quoted SVG attribute without escaping.
  return { color: t.text, fontFamily: "Inter, 'Segoe UI', 'DejaVu Sans', system-ui, -apple-system, sans-serif", fontSize: 12 }
}

/** A centred chart title, or nothing: spread into an option. */
export function titleOption(t: ChartTheme, text: string | undefined) {
  return text ? { title: { text, left: 'center', top: 0, textStyle: { ...baseTextStyle(t), fontSize: 13, fontWeight: 600 } } } : {}
}

export function axisStyle(t: ChartTheme) {
  return {
    axisLine: { lineStyle: { color: t.axis } },
    axisTick: { lineStyle: { color: t.axis } },
    axisLabel: { color: t.subtleText },
    splitLine: { lineStyle: { color: t.grid } },
    nameTextStyle: { color: t.subtleText },
  }
}

/** A compact label (3 significant digits) for category axes such as the heatmap's block edges. */
export function formatShort(v: number): string {
  if (v === 0) return '0'
  const a = Math.abs(v)
  if (a >= 1e5 || a < 1e-3) return v.toExponential(1)
  return String(Number(v.toPrecision(3)))
}

/** Readable tick labels: the value without float noise (0.30000000000000004 -> 0.3), exponents for extremes. */
export function formatTick(v: number): string {
  if (v === 0) return '0'
  const a = Math.abs(v)
  if (a >= 1e5 || a < 1e-3) return Number(v.toPrecision(3)).toExponential()
  return String(Number(v.toPrecision(6)))
}

/**
 * Tooltips drawn by the chart itself ("richText") instead of as HTML: HTML
 * tooltips carry inline style attributes, which the app's Content-Security-
 * Policy (style-src 'self') rightly refuses.
 */
export function tooltipStyle(t: ChartTheme) {
  return {
    renderMode: 'richText' as const,
    backgroundColor: t.dark ? '#262a31' : '#ffffff',
    borderColor: t.axis,
    textStyle: { color: t.text, fontSize: 12 },
  }
}
