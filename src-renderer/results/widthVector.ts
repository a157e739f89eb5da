import type { RunSummary } from '../../src-shared/api/runs'

/**
 * A vector run's widths as the header chips, the library and the compare
 * view show them: compact in the cell ("(0.83, 0.02)"), every digit in the
 * tooltip. A trained run (a width vector w learned by SGD) shows w and
 * σ_eff,j = 1/|w_j|; a nonparametric one the σ vector it used.
 */

/** Coordinates shown in a compact vector; the rest are counted ("… 5 more") and listed in the tooltip. */
export const COMPACT_COORDINATES = 4

function compactNumber(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'NaN'
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞'
  // A coordinate the kernel all but ignores has σ_eff in the millions: "5e+7" fits a cell, "50000000" does not.
  if (Math.abs(x) >= 1e5) return x.toExponential(digits - 1).replace(/\.?0+e/, 'e')
  return String(Number(x.toPrecision(digits)))
}

/** "(0.83, 0.02)": each entry to `digits` significant digits, at most COMPACT_COORDINATES of them. */
export function compactVector(v: readonly number[], digits = 2): string {
  const shown = v.slice(0, COMPACT_COORDINATES).map((x) => compactNumber(x, digits))
  const more = v.length - shown.length
  return `(${shown.join(', ')}${more > 0 ? `, … ${more} more` : ''})`
}

/** Every digit: the shortest text that reads back as the same double (∞ where a width is infinite). */
export function fullVector(v: readonly number[], features?: readonly string[]): string {
  const entry = (x: number) => (Number.isFinite(x) ? String(x) : compactNumber(x, 1))
  return features && features.length === v.length ? v.map((x, j) => `${features[j]} ${entry(x)}`).join(', ') : `(${v.map(entry).join(', ')})`
}

/** σ_eff,j = 1/|w_j|, the width the trained Gaussian uses along coordinate j (on the inputs it was trained on). */
export function sigmaEffVector(w: readonly number[]): number[] {
  return w.map((x) => 1 / Math.abs(x))
}

/**
 * (σ_1 ⋯ σ_d)^(1/d): the width of the isotropic kernel with the same volume
 * as the product kernel (the same reach, counted in keys, in a uniform
 * cloud). Null when a width is not a positive finite number.
 */
export function geometricMean(v: readonly number[]): number | null {
  if (v.length === 0) return null
  let logSum = 0
  for (const x of v) {
    if (!(x > 0) || !Number.isFinite(x)) return null
    logSum += Math.log(x)
  }
  // One width is its own mean, exactly (exp(log x) may differ from x in the last bit).
  // Logs rather than the product: 32 widths of 1e-20 would underflow it.
  return v.length === 1 ? v[0]! : Math.exp(logSum / v.length)
}

export interface VectorWidthText {
  /** The compact cell text, e.g. "(0.83, 0.02)". */
  value: string
  /** Every digit, coordinate by coordinate, and what the numbers are. */
  title: string
}

/** A trained vector run's learned w (a cancelled run's last w), or null. */
export function learnedWText(r: RunSummary): VectorWidthText | null {
  const v = r.vector
  const learned = v?.learned
  if (!v || !learned) return null
  const done = r.status === 'done' ? 'learned w' : `w after ${r.epochsDone} epoch${r.epochsDone === 1 ? '' : 's'} (the run ${r.status === 'cancelled' ? 'was cancelled' : `is ${r.status}`})`
  return {
    value: compactVector(learned.w),
    title: `${done}, one per coordinate${learned.scale ? ' (on standardised inputs)' : ''}: ${fullVector(learned.w, v.features)}`,
  }
}

/** A trained vector run's σ_eff,j = 1/|w_j|, or null. */
export function sigmaEffText(r: RunSummary): VectorWidthText | null {
  const v = r.vector
  const learned = v?.learned
  if (!v || !learned) return null
  const eff = sigmaEffVector(learned.w)
  const raw = learned.scale && v.sigma ? `; on the raw inputs σ_j = sd_j/|w_j| = ${fullVector(v.sigma, v.features)}` : ''
  return {
    value: compactVector(eff),
    title: `σ_eff,j = 1/|w_j|, the width the trained Gaussian uses along each coordinate${learned.scale ? ' (in standard deviations)' : ''}: ${fullVector(eff, v.features)}${raw}`,
  }
}

/** A nonparametric vector run's σ per coordinate, or null (not a vector run, not computed yet, or trained). */
export function sigmaVectorText(r: RunSummary): VectorWidthText | null {
  const v = r.vector
  if (!v || v.learned || !v.sigma) return null
  return { value: compactVector(v.sigma), title: `σ per coordinate${r.sigmaRule ? `, chosen by ${r.sigmaRule}` : ''}: ${fullVector(v.sigma, v.features)}` }
}
