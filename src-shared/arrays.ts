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
