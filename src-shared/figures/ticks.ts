/**
 * Axis ticks every chart uses: a step of 1, 2 or 5 times a power of ten,
 * axis ends snapped outwards to multiples of the step (so the first and last
 * labels are ticks like the others, never "-49.2731" or a stray "-0.5"), and
 * labels printed with one shared number of decimals, chosen so that no two
 * read the same ("1.58e+5" eight times was the failure this replaces).
 */

export interface Ticks {
  min: number
  max: number
  step: number
  values: number[]
  labels: string[]
}

/** The minus sign typeset charts use (U+2212), not a hyphen. */
export const MINUS = '−'

const NICE = [1, 2, 5, 10]

function niceStep(raw: number): number {
  const mag = 10 ** Math.floor(Math.log10(raw))
  for (const m of NICE) if (m * mag >= raw * (1 - 1e-9)) return m * mag
  return 10 * mag
}

/** Decimals that show a step exactly (0.25 needs 2, 5 needs 0). */
function decimalsOf(step: number): number {
  for (let d = 0; d <= 15; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-6 * 10 ** d * step) return d
  return 15
}

function withMinus(s: string): string {
  return s.startsWith('-') ? MINUS + s.slice(1) : s
}

/**
 * Labels for evenly spaced values: fixed decimals for ordinary magnitudes,
 * a mantissa and exponent for very large or very small ones, with as many
 * digits as it takes for every label to differ.
 */
export function formatTicks(values: number[], step: number): string[] {
  const maxAbs = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0)
  if (maxAbs >= 1e6 || (maxAbs > 0 && maxAbs < 1e-3)) {
    let digits = Math.max(0, Math.floor(Math.log10(maxAbs)) - Math.floor(Math.log10(step)))
    for (; digits <= 15; digits++) {
      const labels = values.map((v) => (v === 0 ? '0' : withMinus(v.toExponential(digits).replace('e+', 'e'))))
      if (new Set(labels).size === labels.length) return labels
    }
  }
  const decimals = decimalsOf(step)
  return values.map((v) => {
    const s = v.toFixed(decimals)
    return /^-0(\.0*)?$/.test(s) ? s.slice(1) : withMinus(s)
  })
}

/**
 * About `target` ticks covering [lo, hi]. With `exact` the axis keeps lo and
 * hi as its ends (they must then be multiples of the step to be labelled).
 */
export function niceTicks(lo: number, hi: number, target = 5): Ticks {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = 0
    hi = 1
  }
  if (hi < lo) [lo, hi] = [hi, lo]
  if (hi === lo) {
    const pad = Math.abs(lo) * 0.1 || 1
    lo -= pad
    hi += pad
  }
  // Of the nice steps near (hi - lo) / target, the one whose snapped axis
  // stretches the data range least, with about `target` intervals: [-1, 5]
  // keeps its ends in steps of 1 rather than growing to [-2, 6] in steps of 2.
  const raw = (hi - lo) / Math.max(1, target)
  const scale = Math.max(Math.abs(lo), Math.abs(hi))
  let step = niceStep(raw)
  let best = Infinity
  const mag = 10 ** Math.floor(Math.log10(raw))
  for (const m of [0.5, 1, 2, 5, 10, 20]) {
    const c = m * mag
    // A tiny range far from zero (w = 158000.1 to 158000.3) still gets its own step,
    // down to what double precision resolves.
    if (c < scale * 1e-12) continue
    const n = Math.ceil(hi / c - 1e-9) - Math.floor(lo / c + 1e-9)
    if (n < 2 || n > 2 * target + 1) continue
    const stretch = (Math.ceil(hi / c - 1e-9) * c - Math.floor(lo / c + 1e-9) * c - (hi - lo)) / (hi - lo)
    const score = 2 * stretch + Math.abs(n - target) / target
    if (score < best - 1e-12) {
      best = score
      step = Number(c.toPrecision(12))
    }
  }
  if (step < scale * 1e-12) step = niceStep(scale * 1e-12)
  const first = Math.floor(lo / step + 1e-9)
  const last = Math.ceil(hi / step - 1e-9)
  const values: number[] = []
  for (let k = first; k <= last; k++) values.push(Number((k * step).toPrecision(15)))
  return { min: values[0]!, max: values[values.length - 1]!, step, values, labels: formatTicks(values, step) }
}

/** Integer ticks (epochs, ranks) from 1-based counts: steps of 1, 2, 5, 10, ... */
export function integerTicks(lo: number, hi: number, target = 5): Ticks {
  const t = niceTicks(lo, hi, target)
  if (t.step >= 1) return t
  return niceTicks(Math.floor(lo), Math.max(Math.ceil(hi), Math.floor(lo) + 1), Math.max(1, Math.ceil(hi) - Math.floor(lo)))
}

/** A tick label for a value on a ticked axis (the formatter ECharts calls). */
export function tickFormatter(t: Ticks): (v: number) => string {
  return (v: number) => {
    const k = Math.round((v - t.min) / t.step)
    return t.labels[k] ?? formatTicks([v], t.step)[0]!
  }
}

/** Every ticked axis of a panel, computed once per figure: layout needs their labels' widths. */
export interface PanelTicks {
  x: Ticks | null
  y: Ticks | null
  y2: Ticks | null
}
