import type { PreparedKeys } from './prepared'
import * as search from './search'

// Bound once: under tsx (esbuild's CommonJS output, which the tests and the benchmark run) every use of an
// imported name goes through a getter, about 25 ns a call inside a hot loop.
const { ABOVE, AT_LEAST, advance } = search

/**
 * The Gaussian summed over a truncated window, in log space like the dense
 * code: weights exp(-(u^2 - u_min^2) / 2) relative to the nearest key, so the
 * nearest key weighs 1 however small sigma is, and nothing underflows to 0/0.
 *
 * The window keeps every key with u^2 <= u_min^2 + t^2; each key left out
 * weighs less than exp(-t^2 / 2) relative to the nearest one. Moving weight
 * W_out from keys outside to the estimate changes it by at most
 *
 *   |f - f_window| <= (W_out / (W_in + W_out)) * max_j |v_j - f_window|
 *                  <= (n_out * exp(-t^2 / 2) / W_in) * (max v - min v),
 *
 * and W_in >= 1, which is the bound this reports per query. `windowT2`
 * chooses t^2 so that the bound is below the tolerance even if every key
 * were left out.
 */

export function windowT2(n: number, valueRange: number, tolerance: number): number {
  if (!(valueRange > 0)) return 1 // constant values: any weights give the same estimate
  if (!(tolerance > 0)) return Infinity
  return Math.max(1, 2 * Math.log((n * valueRange) / tolerance))
}

/**
 * Window sums for one query at a time. After `evaluate`, den and num are the
 * weight and weighted centred-value sums relative to the nearest key, and
 * (when asked for) the squared-distance sums the training gradient needs.
 */
export class GaussWindow {
  den = 0
  num = 0
  /** sum w d^2 and sum w (v - f) d^2, d = q - k, f the window's estimate (with `squares`). */
  sqDen = 0
  sqSpread = 0
  /** u_min^2 of the last query: the weights are relative to exp(-u_min^2 / 2). */
  minSq = 0
  /** Keys in the window, the query's own key excluded. */
  count = 0
  /** Bound on |estimate - exact estimate| from the keys left out. */
  bound = 0
  private posHint = 0
  private loHint = 0
  private hiHint = 0
  /** Largest relative weight of a key left out. */
  private readonly outsideWeight: number

  constructor(
    readonly prepared: PreparedKeys,
    readonly sigma: number,
    readonly t2: number,
  ) {
    this.outsideWeight = Math.exp(-0.5 * t2)
  }

  /** Sums at q leaving out sorted key `exclude` (-1: none); false if no other key exists. */
  evaluate(q: number, exclude: number, squares = false): boolean {
    const { keys, values, range } = this.prepared
    const n = keys.length
    const sigma = this.sigma
    const pos = advance(keys, AT_LEAST, q, this.posHint, 1, 0)
    this.posHint = pos
    // The nearest key other than `exclude` is next to pos, or one further if `exclude` is in the way.
    let minSq = Infinity
    for (let j = pos - 2; j <= pos + 1; j++) {
      if (j < 0 || j >= n || j === exclude) continue
      const u = (q - keys[j]!) / sigma
      if (u * u < minSq) minSq = u * u
    }
    if (minSq === Infinity) {
      this.count = 0
      return false
    }
    this.minSq = minSq
    // Reach in x: |q - k| <= sigma * sqrt(u_min^2 + t^2), widened by a hair so rounding never drops a key inside.
    const reach = sigma * Math.sqrt(minSq + this.t2) * (1 + 1e-12)
    const lo = advance(keys, AT_LEAST, q - reach, Math.min(this.loHint, pos), 1, 0)
    const hi = advance(keys, ABOVE, q + reach, Math.max(this.hiHint, pos), 1, 0)
    this.loHint = lo
    this.hiHint = hi
    let den = 0
    let num = 0
    for (let j = lo; j < hi; j++) {
      if (j === exclude) continue
      const u = (q - keys[j]!) / sigma
      const w = Math.exp(-0.5 * (u * u - minSq))
      den += w
      num += w * values[j]!
    }
    this.den = den
    this.num = num
    const inside = exclude >= lo && exclude < hi
    this.count = hi - lo - (inside ? 1 : 0)
    const outside = n - (exclude >= 0 ? 1 : 0) - this.count
    this.bound = outside > 0 ? (outside * this.outsideWeight * range) / den : 0
    if (squares) {
      // Second pass once the estimate is known, as the dense gradient does: sum w (v - f) d^2 directly.
      const f = num / den
      let sqDen = 0
      let acc = 0
      for (let j = lo; j < hi; j++) {
        if (j === exclude) continue
        const d = q - keys[j]!
        const u = d / sigma
        const w = Math.exp(-0.5 * (u * u - minSq))
        sqDen += w * d * d
        acc += w * (values[j]! - f) * d * d
      }
      this.sqDen = sqDen
      this.sqSpread = acc
    }
    return true
  }
}
