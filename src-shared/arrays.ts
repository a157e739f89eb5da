/**
 * Reductions and appends that loop instead of spreading into a call: the
 * workbench's arrays run to millions of entries, far past what a spread
 * argument list can hold (see scripts/eslint-no-spread-args.mjs).
 */

/** Largest of `values`, or `empty` when there are none. NaN entries are skipped. */
export function maxOf(values: Iterable<number>, empty = -Infinity): number {
  let best = -Infinity
  let any = false
  for (const v of values) {
    if (v > best) best = v
    if (v === v) any = true
  }
  return any ? best : empty
}

/** Smallest of `values`, or `empty` when there are none. NaN entries are skipped. */
export function minOf(values: Iterable<number>, empty = Infinity): number {
  let best = Infinity
  let any = false
  for (const v of values) {
    if (v < best) best = v
    if (v === v) any = true
  }
  return any ? best : empty
}

/** Appends every item of `source` to `target`. */
export function appendAll<T>(target: T[], source: Iterable<T>): T[] {
  for (const item of source) target.push(item)
  return target
}

/** The smallest and largest finite values (nulls, NaN and infinities skipped); [0, 1] when there are none, so an axis still has a range. */
export function finiteExtent(values: Iterable<number | null | undefined>): [number, number] {
  let lo = Infinity
  let hi = -Infinity
  for (const v of values) {
    if (v === null || v === undefined || !Number.isFinite(v)) continue
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  return lo <= hi ? [lo, hi] : [0, 1]
}
