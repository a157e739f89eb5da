import type { PreparedKeys } from './prepared'

/**
 * Leave-one-out Gaussian window sums for every key at once, each pair of keys
 * weighed once for both: exp(-(k_i - k_j)^2 / (2 sigma^2)) is the same for i
 * as a query and j as a key as the other way round, so a sweep over pairs
 * needs half the exponentials of one window per query (gaussWindow.ts).
 *
 * Query i keeps its own shift u_min,i^2 (its nearest other key weighs 1):
 * the pair weight is computed once as g = exp(-u^2 / 2) and i's sums are
 * scaled by exp(u_min,i^2 / 2) at the end. That factor overflows, and g
 * underflows, only for a key whose nearest neighbour is dozens of
 * bandwidths away; such isolated keys are left to the per-query window
 * (`isolated` marks them) and only count as keys for the others.
 *
 * Each query's window holds at least the keys with u^2 <= u_min,i^2 + t2
 * (a pair enters if either end's window wants it), so the truncation bound
 * of gaussWindow.ts holds as it is.
 */
export interface PairSums {
  den: Float64Array
  num: Float64Array
  /** Keys in each query's window besides itself. */
  count: Float64Array
  isolated: Uint8Array
}

/** u_min^2 beyond which exp(u_min^2 / 2) and exp(-(u_min^2 + t2) / 2) leave the range of doubles. */
const ISOLATED_MIN_SQ = 1200

export function looWindowPairs(prepared: PreparedKeys, sigma: number, t2: number): PairSums {
  const { keys, values } = prepared
  const n = keys.length
  const minSq = new Float64Array(n)
  const reach = new Float64Array(n)
  const isolated = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const left = i > 0 ? (keys[i]! - keys[i - 1]!) / sigma : Infinity
    const right = i < n - 1 ? (keys[i + 1]! - keys[i]!) / sigma : Infinity
    const nearest = Math.min(left, right)
    const m = nearest * nearest
    minSq[i] = m
    isolated[i] = m > ISOLATED_MIN_SQ ? 1 : 0
    reach[i] = sigma * Math.sqrt(m + t2) * (1 + 1e-12)
  }
  const den = new Float64Array(n)
  const num = new Float64Array(n)
  const count = new Float64Array(n)
  const invSigma = 1 / sigma
  // Forward: every j > i in i's reach; backward: every i < j in j's reach that i's own reach missed.
  for (let i = 0; i < n; i++) {
    const ki = keys[i]!
    const limit = ki + reach[i]!
    const vi = values[i]!
    let di = 0
    let ni = 0
    let ci = 0
    for (let j = i + 1; j < n; j++) {
      const kj = keys[j]!
      if (kj > limit) break
      const u = (kj - ki) * invSigma
      const g = Math.exp(-0.5 * u * u)
      di += g
      ni += g * values[j]!
      ci++
      den[j] = den[j]! + g
      num[j] = num[j]! + g * vi
      count[j] = count[j]! + 1
    }
    den[i] = den[i]! + di
    num[i] = num[i]! + ni
    count[i] = count[i]! + ci
  }
  for (let j = 1; j < n; j++) {
    const kj = keys[j]!
    const limit = kj - reach[j]!
    const vj = values[j]!
    let dj = 0
    let nj = 0
    let cj = 0
    for (let i = j - 1; i >= 0; i--) {
      const ki = keys[i]!
      if (ki < limit) break
      if (kj <= ki + reach[i]!) continue // the forward sweep took it (same test, same rounding)
      const u = (kj - ki) * invSigma
      const g = Math.exp(-0.5 * u * u)
      dj += g
      nj += g * values[i]!
      cj++
      den[i] = den[i]! + g
      num[i] = num[i]! + g * vj
      count[i] = count[i]! + 1
    }
    den[j] = den[j]! + dj
    num[j] = num[j]! + nj
    count[j] = count[j]! + cj
  }
  for (let i = 0; i < n; i++) {
    if (isolated[i]) continue
    const scale = Math.exp(0.5 * minSq[i]!)
    den[i] = den[i]! * scale
    num[i] = num[i]! * scale
  }
  return { den, num, count, isolated }
}
