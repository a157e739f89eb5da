import { InputError } from '../errors'

/** Mean squared difference of two equal-length arrays; NaN entries (undefined estimates) are skipped and counted. */
export function meanSquaredError(a: Float64Array, b: Float64Array): { mse: number; skipped: number } {
  const { sum, used } = squaredErrors(a, b)
  return { mse: used > 0 ? sum / used : NaN, skipped: a.length - used }
}

/**
 * meanSquaredError's sum and how many pairs it took (NaN skipped), in order:
 * sums of consecutive ranges added up give the mean over their union (up to
 * the rounding of that addition).
 */
export function squaredErrors(a: Float64Array, b: Float64Array): { sum: number; used: number } {
  if (a.length !== b.length) throw new InputError(`cannot compare arrays of length ${a.length} and ${b.length}`)
  let sum = 0
  let used = 0
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!
    if (Number.isNaN(d)) continue
    sum += d * d
    used++
  }
  return { sum, used }
}
