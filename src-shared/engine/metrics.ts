import { InputError } from '../errors'

/** Mean squared difference of two equal-length arrays; NaN entries (undefined estimates) are skipped and counted. */
export function meanSquaredError(a: Float64Array, b: Float64Array): { mse: number; skipped: number } {
  if (a.length !== b.length) throw new InputError(`cannot compare arrays of length ${a.length} and ${b.length}`)
  let acc = 0
  let used = 0
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!
    if (Number.isNaN(d)) continue
    acc += d * d
    used++
  }
  return { mse: used > 0 ? acc / used : NaN, skipped: a.length - used }
}
