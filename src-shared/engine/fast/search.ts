/**
 * Searches in sorted keys that start at a hint and gallop outward (1, 2, 4,
 * ... steps, then bisect): O(log distance) instead of O(log n), so that
 * queries visited in sorted order find their window in amortised O(1).
 * The answer never depends on the hint, only the time does, which keeps a
 * query's result independent of which thread or batch handled it.
 */

/** keys[j] >= x */
export const AT_LEAST = 0
/** keys[j] > x */
export const ABOVE = 1
/** (x - keys[j]) / sigma < c: the scaled distance the dense estimator computes, tested exactly as it tests it. */
export const SCALED_BELOW = 2
/** (x - keys[j]) / sigma <= c */
export const SCALED_AT_MOST = 3
export type SearchKind = typeof AT_LEAST | typeof ABOVE | typeof SCALED_BELOW | typeof SCALED_AT_MOST

function holds(keys: Float64Array, j: number, kind: SearchKind, x: number, sigma: number, c: number): boolean {
  const k = keys[j]!
  switch (kind) {
    case AT_LEAST:
      return k >= x
    case ABOVE:
      return k > x
    case SCALED_BELOW:
      return (x - k) / sigma < c
    default:
      return (x - k) / sigma <= c
  }
}

/**
 * First index j in [0, n] at which the condition holds, for a condition that
 * is false and then true along the sorted keys (n if it never holds).
 * Every kind above is monotone that way: x - keys[j] only falls as j grows,
 * and rounding (a subtraction, a division by sigma > 0) keeps that order.
 */
export function firstWhere(
  keys: Float64Array,
  kind: SearchKind,
  x: number,
  hint: number,
  sigma = 1,
  c = 0,
): number {
  const n = keys.length
  const h = hint < 0 ? 0 : hint > n ? n : hint
  let lo: number
  let hi: number
  if (h < n && !holds(keys, h, kind, x, sigma, c)) {
    lo = h + 1
    hi = n
    for (let step = 1; ; step *= 2) {
      const probe = h + step
      if (probe >= n) break
      if (holds(keys, probe, kind, x, sigma, c)) {
        hi = probe
        break
      }
      lo = probe + 1
    }
  } else {
    hi = h
    lo = 0
    for (let step = 1; ; step *= 2) {
      const probe = h - step
      if (probe < 0) break
      if (!holds(keys, probe, kind, x, sigma, c)) {
        lo = probe + 1
        break
      }
      hi = probe
    }
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (holds(keys, mid, kind, x, sigma, c)) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** Steps a hint may take forward one key at a time before the search gallops. */
const LINEAR_STEPS = 8

/**
 * `firstWhere` for a hint that is usually right or a few keys short (sorted
 * queries move their window forward by about n / m keys): a short linear
 * walk before the general search.
 */
export function advance(keys: Float64Array, kind: SearchKind, x: number, hint: number, sigma: number, c: number): number {
  const n = keys.length
  if (hint > 0 && hint <= n && !holds(keys, hint - 1, kind, x, sigma, c)) {
    for (let j = hint, steps = 0; j <= n && steps < LINEAR_STEPS; j++, steps++) {
      if (j === n || holds(keys, j, kind, x, sigma, c)) return j
    }
  }
  return firstWhere(keys, kind, x, hint, sigma, c)
}
