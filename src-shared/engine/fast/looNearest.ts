import type { PreparedKeys } from './prepared'

/**
 * What leave-one-out estimates converge to as sigma shrinks, and below which
 * sigma each one has converged exactly.
 *
 * For sorted key i let d1 be the distance to its nearest other key and d2 the
 * next larger distance. The Gaussian window of gaussWindow.ts keeps the keys
 * within sqrt(d1^2 + t2 sigma^2) of the query, so once that is below d2 it
 * holds exactly the keys at distance d1 (the nearest, or several tied ones),
 * each with weight exp(0) = 1: the estimate is their mean, computed by the
 * same loop in the same order, bit for bit, whatever smaller sigma. A
 * bandwidth search evaluates a dozen decades of such sigmas; it only needs to
 * recompute the points whose window still holds more than their nearest keys.
 */
export interface NearestLimit {
  /** Estimate of each sorted key at small sigma: the mean of its nearest other keys' values (NaN if n = 1). */
  estimate: Float64Array
  /** Below this sigma the window estimate equals `estimate` exactly (0: never). */
  below: Float64Array
  /** The window's error bound at such sigma: (keys outside) exp(-t2 / 2) range / (keys inside). */
  bound: Float64Array
}

/** Margin on both distances: the window's reach is computed with rounding (and widened by 1e-12). */
const MARGIN = 1e-9

export function nearestLimit(prepared: PreparedKeys, t2: number): NearestLimit {
  const { keys, values, shift, range } = prepared
  const n = keys.length
  const estimate = new Float64Array(n)
  const below = new Float64Array(n)
  const bound = new Float64Array(n)
  const outsideWeight = Math.exp(-0.5 * t2)
  for (let i = 0; i < n; i++) {
    const q = keys[i]!
    // Nearest distance on each side, the end of its run of equal keys, and the next distance beyond.
    let l = i - 1
    const left1 = l >= 0 ? q - keys[l]! : Infinity
    while (l >= 0 && q - keys[l]! === left1) l--
    const left2 = l >= 0 ? q - keys[l]! : Infinity
    let r = i + 1
    const right1 = r < n ? keys[r]! - q : Infinity
    while (r < n && keys[r]! - q === right1) r++
    const right2 = r < n ? keys[r]! - q : Infinity
    const d1 = Math.min(left1, right1)
    if (d1 === Infinity) {
      estimate[i] = NaN
      continue
    }
    let d2 = Math.min(left2, right2)
    if (left1 > d1) d2 = Math.min(d2, left1)
    if (right1 > d1) d2 = Math.min(d2, right1)
    // The window's loop runs over ascending keys and skips i: the tied run on the left, then on the right.
    let den = 0
    let num = 0
    if (left1 === d1) {
      for (let j = l + 1; j < i; j++) {
        den += 1
        num += values[j]!
      }
    }
    if (right1 === d1) {
      for (let j = i + 1; j < r; j++) {
        den += 1
        num += values[j]!
      }
    }
    estimate[i] = shift + num / den
    const outside = n - 1 - den
    bound[i] = outside > 0 ? (outside * outsideWeight * range) / den : 0
    const far = d2 * (1 - MARGIN)
    below[i] = d2 === Infinity ? Infinity : Math.sqrt(Math.max(0, far * far - d1 * d1) / t2) * (1 - MARGIN)
  }
  return { estimate, below, bound }
}
