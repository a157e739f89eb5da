import type { ChartTheme } from '../charts/theme'
import { DARK_THEME, LIGHT_THEME } from '../charts/theme'
import { textWidth, type ExportFontFamily } from './measure'
import { fontSizes, PT, type FigureStyle } from './style'

/**
 * How a figure is drawn: colours, fonts and line widths, and whether it is
 * for the screen (interactive, any size) or for a file (static, a known size).
 */
export interface DrawParams {
  theme: ChartTheme
  background: string
  /** CSS font-family list. */
  fontFamily: string
  fonts: { tick: number; label: number; legend: number; panelTitle: number; title: number }
  /** Data line width in px. */
  lineWidth: number
  /** Axis and tick line width in px. */
  axisWidth: number
  /** Known size (exports): panels are laid out in it. Unknown (the screen): one panel, margins only. */
  size?: { width: number; height: number }
  /** Width in px of text at a font size in px. */
  measure: (text: string, sizePx: number) => number
  interactive: boolean
}

/** The app's own font stack; single quotes only, as ECharts writes it into a double-quoted SVG attribute. */
export const APP_FONT_FAMILY = "Inter, 'Segoe UI', 'DejaVu Sans', system-ui, -apple-system, sans-serif"

/** On screen: the app's theme and fonts, widths estimated from DejaVu Sans (a wide font, so margins err on the roomy side). */
export function screenDraw(theme: ChartTheme): DrawParams {
  return {
    theme,
    background: 'transparent',
    fontFamily: APP_FONT_FAMILY,
    fonts: { tick: 12, label: 12, legend: 12, panelTitle: 13, title: 14 },
    lineWidth: 2,
    axisWidth: 1,
    measure: (text, size) => textWidth(text, 'DejaVu Sans', size),
    interactive: true,
  }
}

/** Paper figures are white with the light theme's colours; screen-look exports keep the chosen theme. */
export function exportTheme(style: FigureStyle): ChartTheme {
  const base = style.theme === 'dark' && style.look === 'screen' ? DARK_THEME : LIGHT_THEME
  return style.look === 'paper' ? { ...base, background: '#ffffff', grid: '#ececec', axis: '#333333', subtleText: '#222222', text: '#000000' } : base
}

/** For a file: the style's font (measured from its own metrics), sizes and widths, at a known size. */
export function exportDraw(style: FigureStyle, size: { width: number; height: number }): DrawParams {
  const theme = exportTheme(style)
  const family: ExportFontFamily = style.fontFamily
  return {
    theme,
    background: theme.background,
    fontFamily: family,
    fonts: fontSizes(style),
    lineWidth: style.lineWidth * PT,
    axisWidth: Math.max(0.5, style.lineWidth * 0.6) * PT,
    size,
    measure: (text, px) => textWidth(text, family, px),
    interactive: false,
  }
}
