import type { Dash } from '../figures/model'
import type { ChartTheme } from './theme'

/**
 * How overlaid runs are told apart: by colour, and once colours run out, by
 * dash as well; or, coloured by a numeric parameter, by a sequential colour
 * scale (logarithmic where the values span decades, so a learning rate of
 * 0.05 and one of 0.2 do not look alike next to 5).
 */
export interface RunStyle {
  color: string
  dash?: Dash
}

/** A numeric parameter's colour scale, for its legend. */
export interface NumericScale {
  min: number
  max: number
  log: boolean
  /** Colours from min to max. */
  ramp: string[]
  /** Runs without the parameter (drawn grey, shown as "—"). */
  missing: number
}

// Twenty distinct colours (matplotlib's tab20, and a matching set for dark backgrounds): the
// theme's ten first, then their lighter companions.
const LIGHT_EXTRA = ['#aec7e8', '#ffbb78', '#98df8a', '#ff9896', '#c5b0d5', '#c49c94', '#f7b6d2', '#9edae5', '#dbdb8d', '#c7c7c7']
const DARK_EXTRA = ['#1f6feb', '#bd561d', '#2ea043', '#da3633', '#8957e5', '#9e6a03', '#bf4b8a', '#1b7c83', '#6cb6ff', '#484f58']
const DASHES: Dash[] = ['solid', 'dashed', 'dotted']
// viridis, sampled: perceptually even, and readable in both themes.
const VIRIDIS = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725']
const MISSING = { light: '#b0b7bf', dark: '#59616b' }

/** The k-th of many categories: twenty colours, then the same colours dashed, then dotted. */
export function categoryStyle(k: number, t: ChartTheme): RunStyle {
  const colors = [...t.palette, ...(t.dark ? DARK_EXTRA : LIGHT_EXTRA)]
  const dash = DASHES[Math.floor(k / colors.length) % DASHES.length]!
  return { color: colors[k % colors.length]!, ...(dash === 'solid' ? {} : { dash }) }
}

function mix(a: string, b: string, f: number): string {
  const p = (h: string, i: number) => parseInt(h.slice(1 + 2 * i, 3 + 2 * i), 16)
  const c = [0, 1, 2].map((i) => Math.round(p(a, i) + (p(b, i) - p(a, i)) * f))
  return `#${c.map((x) => x.toString(16).padStart(2, '0')).join('')}`
}

/** A colour of the sequential ramp at s in [0, 1]. */
export function rampColor(s: number): string {
  const x = Math.min(1, Math.max(0, s)) * (VIRIDIS.length - 1)
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x))
  return mix(VIRIDIS[i]!, VIRIDIS[i + 1]!, x - i)
}

/** Values spanning this factor or more, all positive, go on a log scale. */
const LOG_SPAN = 20

/**
 * Styles for runs by one parameter's values: numbers (two or more distinct)
 * on a sequential scale, anything else as categories.
 */
export function stylesBy(values: (string | number | null)[], t: ChartTheme): { styles: RunStyle[]; scale: NumericScale | null } {
  const numbers = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
  const strings = values.filter((v) => typeof v === 'string')
  if (strings.length === 0 && new Set(numbers).size > 1) {
    let min = Infinity
    let max = -Infinity
    for (const v of numbers) {
      min = Math.min(min, v)
      max = Math.max(max, v)
    }
    const log = min > 0 && max / min >= LOG_SPAN
    const at = (v: number) => (log ? Math.log(v / min) / Math.log(max / min) : (v - min) / (max - min))
    const styles = values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? { color: rampColor(at(v)) } : { color: t.dark ? MISSING.dark : MISSING.light, dash: 'dotted' as const }))
    return { styles, scale: { min, max, log, ramp: Array.from({ length: 9 }, (_, i) => rampColor(i / 8)), missing: values.length - numbers.length } }
  }
  const distinct = [...new Set(values.map((v) => String(v)))]
  return { styles: values.map((v) => categoryStyle(distinct.indexOf(String(v)), t)), scale: null }
}
