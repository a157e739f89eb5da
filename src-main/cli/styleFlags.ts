import { figureHeight } from '../../src-shared/figures/chapter'
import type { Figure } from '../../src-shared/figures/model'
import { makeStyle, PRESETS, type FigureStyle, type SizeUnit } from '../../src-shared/figures/style'
import { InputError } from '../../src-shared/errors'
import { choiceFlag, numberFlag, stringFlag, UsageError, type FlagValues } from './flags'

/** The flags that choose how an exported figure looks (shared by export and figures). */
export const STYLE_FLAGS = {
  style: { type: 'string' as const },
  column: { type: 'string' as const },
  width: { type: 'string' as const },
  height: { type: 'string' as const },
  dpi: { type: 'string' as const },
  scale: { type: 'string' as const },
  font: { type: 'string' as const },
  'font-size': { type: 'string' as const },
  'line-width': { type: 'string' as const },
  theme: { type: 'string' as const },
}

export const STYLE_HELP = `  --style S       paper (white, print fonts, sizes in cm) or screen (the app's look, sizes in px)
  --column C      paper: single (8.5 cm wide) or double (17.5 cm); default per figure
  --width W, --height H   size with a unit: 8.5cm, 3.3in, or px (a bare number); the
                  height follows the figure's shape when not given
  --dpi N         PNG pixels per inch (paper default 300)
  --scale S       screen: PNG pixels per px (default 2, i.e. 192 dpi)
  --font F        sans (DejaVu Sans, default) or serif (DejaVu Serif); embedded in PDFs
  --font-size PT  tick and legend text in pt (paper default 7 single, 8 double)
  --line-width PT data lines in pt (paper default 1)
  --theme T       screen: light (default) or dark`

interface Length {
  value: number
  unit: SizeUnit
}

function lengthFlag(values: FlagValues, name: string): Length | undefined {
  const raw = stringFlag(values, name)
  if (raw === undefined) return undefined
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(cm|in|px)?\s*$/.exec(raw)
  if (!m || !(Number(m[1]) > 0)) throw new UsageError(`--${name}: "${raw}" is not a size (write e.g. 8.5cm, 3.3in or 640)`)
  return { value: Number(m[1]), unit: (m[2] as SizeUnit | undefined) ?? 'px' }
}

const PER_INCH: Record<SizeUnit, number> = { cm: 2.54, in: 1, px: 96 }
const convert = (l: Length, unit: SizeUnit) => (l.unit === unit ? l.value : (l.value / PER_INCH[l.unit]) * PER_INCH[unit])

export interface StyleChoice {
  look: 'paper' | 'screen'
  column?: 'single' | 'double'
  width?: Length
  height?: Length
  dpi?: number
  fontFamily?: FigureStyle['fontFamily']
  fontSize?: number
  lineWidth?: number
  theme: 'light' | 'dark'
}

export function parseStyleFlags(values: FlagValues, defaultLook: 'paper' | 'screen'): StyleChoice {
  const look = choiceFlag(values, 'style', ['paper', 'screen'] as const, defaultLook)
  const column = values.column === undefined ? undefined : choiceFlag(values, 'column', ['single', 'double'] as const)
  const dpi = numberFlag(values, 'dpi', { min: 36, max: 2400 })
  const scale = numberFlag(values, 'scale', { min: 0.1, max: 20 })
  if (dpi !== undefined && scale !== undefined) throw new UsageError('give --dpi or --scale, not both')
  const font = values.font === undefined ? undefined : choiceFlag(values, 'font', ['sans', 'serif'] as const)
  const fontSize = numberFlag(values, 'font-size', { min: 4, max: 40 })
  const lineWidth = numberFlag(values, 'line-width', { min: 0.1, max: 10 })
  const width = lengthFlag(values, 'width')
  const height = lengthFlag(values, 'height')
  return {
    look,
    ...(column ? { column } : {}),
    ...(width ? { width } : {}),
    ...(height ? { height } : {}),
    ...(dpi !== undefined ? { dpi } : scale !== undefined ? { dpi: 96 * scale } : {}),
    ...(font ? { fontFamily: font === 'serif' ? ('DejaVu Serif' as const) : ('DejaVu Sans' as const) } : {}),
    ...(fontSize !== undefined ? { fontSize } : {}),
    ...(lineWidth !== undefined ? { lineWidth } : {}),
    theme: choiceFlag(values, 'theme', ['light', 'dark'] as const, 'light'),
  }
}

/** The style of one figure: the preset the choice names, its overrides, and a height that suits the figure. */
export function styleFor(c: StyleChoice, fig: Figure | null, defaultColumn: 'single' | 'double' = 'single'): FigureStyle {
  const preset = c.look === 'screen' ? 'screen' : (c.column ?? defaultColumn)
  const base = PRESETS[preset]
  const unit = c.width?.unit ?? (c.height && c.look === 'paper' ? c.height.unit : base.unit)
  const width = c.width ? c.width.value : convert({ value: base.width, unit: base.unit }, unit)
  const height = c.height ? convert(c.height, unit) : c.look === 'screen' || !fig ? convert({ value: base.height, unit: base.unit }, unit) * (c.width ? width / convert({ value: base.width, unit: base.unit }, unit) : 1) : figureHeight(fig, width)
  try {
    return makeStyle(preset, {
      width,
      height,
      unit,
      theme: c.theme,
      ...(c.dpi !== undefined ? { dpi: c.dpi } : {}),
      ...(c.fontFamily ? { fontFamily: c.fontFamily } : {}),
      ...(c.fontSize !== undefined ? { fontSize: c.fontSize } : {}),
      ...(c.lineWidth !== undefined ? { lineWidth: c.lineWidth } : {}),
    })
  } catch (e) {
    throw e instanceof InputError ? new UsageError(e.message) : e
  }
}
