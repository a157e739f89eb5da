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

/**
 * a[index[k]] for each k, or a[order[index[k]]] when an order is given (positions in a sorted
 * order mapped back to the array's own). A loop, not Float64Array.from with a mapping function,
 * which V8 runs through the iterator protocol at about 100 ns an element: a live frame picks a
 * few thousand values each time.
 */
export function gather(a: Float64Array, index: ArrayLike<number>, order: ArrayLike<number> | null = null): Float64Array {
  const out = new Float64Array(index.length)
  if (order) for (let k = 0; k < out.length; k++) out[k] = a[order[index[k]!]!]!
  else for (let k = 0; k < out.length; k++) out[k] = a[index[k]!]!
  return out
}
