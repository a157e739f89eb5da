import { InputError } from '../errors'
import type { ExportFontFamily } from './measure'

/**
 * How an exported figure looks and how big it is. Sizes are physical (cm or
 * inches, or px at 96 per inch for screen-like exports); the chart is laid
 * out in CSS px (1/96 in) and rasterised at the style's DPI.
 */
export type SizeUnit = 'cm' | 'in' | 'px'
export const SIZE_UNITS = ['cm', 'in', 'px'] as const satisfies readonly SizeUnit[]

export interface FigureStyle {
  /** 'paper': white, print fonts and lines; 'screen': the app's look (light or dark). */
  look: 'paper' | 'screen'
  theme: 'light' | 'dark'
  width: number
  height: number
  unit: SizeUnit
  /** PNG pixels per inch. */
  dpi: number
  fontFamily: ExportFontFamily
  /** Font size of tick labels and legends, in pt; titles are a little larger. */
  fontSize: number
  /** Width of data lines, in pt; axes and markers follow it. */
  lineWidth: number
}

export type StylePreset = 'single' | 'double' | 'screen'
export const STYLE_PRESETS = ['single', 'double', 'screen'] as const satisfies readonly StylePreset[]

/** A journal's single column is about 8.5 cm wide, a double (full-width) one about 17.5 cm. */
export const PRESETS: Record<StylePreset, FigureStyle> = {
  single: { look: 'paper', theme: 'light', width: 8.5, height: 6, unit: 'cm', dpi: 300, fontFamily: 'DejaVu Sans', fontSize: 7, lineWidth: 1 },
  double: { look: 'paper', theme: 'light', width: 17.5, height: 7, unit: 'cm', dpi: 300, fontFamily: 'DejaVu Sans', fontSize: 8, lineWidth: 1 },
  screen: { look: 'screen', theme: 'light', width: 640, height: 420, unit: 'px', dpi: 192, fontFamily: 'DejaVu Sans', fontSize: 9, lineWidth: 1.5 },
}

const PX_PER: Record<SizeUnit, number> = { cm: 96 / 2.54, in: 96, px: 1 }

/** Layout size in CSS px. */
export function layoutSize(s: Pick<FigureStyle, 'width' | 'height' | 'unit'>): { width: number; height: number } {
  return { width: s.width * PX_PER[s.unit], height: s.height * PX_PER[s.unit] }
}

/** The PNG's size in pixels: the physical size at the style's DPI, rounded to whole pixels. */
export function pixelSize(s: Pick<FigureStyle, 'width' | 'height' | 'unit' | 'dpi'>): { width: number; height: number } {
  const l = layoutSize(s)
  return { width: Math.round((l.width / 96) * s.dpi), height: Math.round((l.height / 96) * s.dpi) }
}

/** SVG width and height attributes that print at the physical size. */
export function physicalSize(s: Pick<FigureStyle, 'width' | 'height' | 'unit'>): { width: string; height: string } {
  const r = (v: number) => String(Number(v.toFixed(4)))
  return { width: `${r(s.width)}${s.unit}`, height: `${r(s.height)}${s.unit}` }
}

export const PT = 96 / 72

/** Font sizes in px for the parts of a figure. */
export function fontSizes(s: FigureStyle) {
  const base = s.fontSize * PT
  return { tick: base, label: base, legend: base, panelTitle: base * 1.1, title: base * 1.25 }
}

/** A style from a preset and overrides, checked: refused with the field named when out of range. */
export function makeStyle(preset: StylePreset, overrides: Partial<FigureStyle> = {}): FigureStyle {
  const s: FigureStyle = { ...PRESETS[preset], ...overrides }
  const px = layoutSize(s)
  if (!(px.width >= 40 && px.width <= 20_000 && px.height >= 40 && px.height <= 20_000)) {
    throw new InputError(`figure size ${s.width} x ${s.height} ${s.unit} is out of range (0.4 cm to 5 m a side)`)
  }
  if (!(s.dpi >= 36 && s.dpi <= 2400)) throw new InputError(`dpi must be between 36 and 2400 (got ${s.dpi})`)
  const pixels = pixelSize(s)
  if (pixels.width * pixels.height > 100e6) throw new InputError(`a ${pixels.width} x ${pixels.height} PNG is too large: lower the dpi or the size`)
  if (!(s.fontSize >= 4 && s.fontSize <= 40)) throw new InputError(`font size must be between 4 and 40 pt (got ${s.fontSize})`)
  if (!(s.lineWidth >= 0.1 && s.lineWidth <= 10)) throw new InputError(`line width must be between 0.1 and 10 pt (got ${s.lineWidth})`)
  return s
}
