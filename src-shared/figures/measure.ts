import { FONT_METRICS, type FontMetrics } from './fontMetrics'

/**
 * Text widths from the export fonts' own advance widths. ECharts lays out
 * labels and legends with a measureText it is given; exports in Node and in
 * the browser both give it this one, so both produce the same SVG, and the
 * PDF and PNG draw with the same font files the widths come from.
 */
export type ExportFontFamily = keyof typeof FONT_METRICS
export const EXPORT_FONT_FAMILIES = Object.keys(FONT_METRICS) as ExportFontFamily[]

/** The export font a CSS font shorthand names first, if any ("10px DejaVu Serif" -> DejaVu Serif). */
export function exportFontOf(font: string): ExportFontFamily | null {
  const m = /(?:^|\s)(?:\d+(?:\.\d+)?px)\s+['"]?([^,'"]+)/.exec(font)
  const family = m?.[1]?.trim()
  return family && family in FONT_METRICS ? (family as ExportFontFamily) : null
}

export function fontSizeOf(font: string): number {
  return Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12)
}

function advance(m: FontMetrics, cp: number): number {
  for (const [start, widths] of m.ranges) {
    if (cp >= start && cp < start + widths.length) {
      const w = widths[cp - start]!
      return w < 0 ? m.fallback : w
    }
  }
  return m.fallback
}

/** Width in px of `text` in an export font at `size` px (advances summed; kerning is not applied). */
export function textWidth(text: string, family: ExportFontFamily, size: number): number {
  const m = FONT_METRICS[family]
  let units = 0
  for (const ch of text) units += advance(m, ch.codePointAt(0)!)
  return (units / m.unitsPerEm) * size
}

/**
 * How far below a central baseline the alphabetic one lies, in px: the
 * middle of the font's ascender and descender, as SVG renderers place
 * `dominant-baseline: central`.
 */
export function centralToAlphabetic(family: ExportFontFamily, size: number): number {
  const m = FONT_METRICS[family]
  return ((m.ascender + m.descender) / 2 / m.unitsPerEm) * size
}

export function fontAscent(family: ExportFontFamily, size: number): number {
  const m = FONT_METRICS[family]
  return (m.ascender / m.unitsPerEm) * size
}

export function fontDescent(family: ExportFontFamily, size: number): number {
  const m = FONT_METRICS[family]
  return (-m.descender / m.unitsPerEm) * size
}

/**
 * A measureText for ECharts' setPlatformAPI: export fonts by their tables,
 * anything else by `fallback` (the canvas in a browser, an estimate in Node).
 */
export function exportMeasureText(fallback: (text: string, font: string) => number) {
  return (text: string, font?: string) => {
    const f = font ?? ''
    const family = exportFontOf(f)
    return { width: family ? textWidth(text, family, fontSizeOf(f)) : fallback(text, f) }
  }
}
