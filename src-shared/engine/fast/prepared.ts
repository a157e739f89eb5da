import { sortWithOrder, sortWithPayload } from './sort'

/**
 * Training pairs sorted by key, the form every fast path works on. Sorting
 * is the one O(n log n)-ish step; a bandwidth search or a training run
 * prepares once and evaluates many sigmas.
 *
 * Values are stored minus their mean: an estimate is a weighted mean, so
 * shifting the values shifts it by the same amount, and the sums the fast
 * paths subtract from each other then carry the values' spread instead of
 * their offset (data at 1e6 +- 1 keeps its digits).
 */
export interface PreparedKeys {
  /** Keys ascending. */
  keys: Float64Array
  /** values[order[i]] - shift, aligned with `keys`. */
  values: Float64Array
  /** Original index of each sorted position. */
  order: Uint32Array
  /** The mean of the values, added back to every estimate. */
  shift: number
  /** Largest |value - shift|: the scale errors are measured against. */
  scale: number
  /** Largest value minus smallest: bounds |v_j - estimate| for any weights. */
  range: number
}

export function prepareKeys(keys: Float64Array, values: Float64Array): PreparedKeys {
  const n = keys.length
  const { sorted: sortedKeys, order, carried } = sortWithPayload(keys, values)
  let mean = 0
  for (let j = 0; j < n; j++) mean += values[j]!
  mean /= n
  // Centred in place: the carried copy is this function's own.
  const centred = carried
  let scale = 0
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < n; i++) {
    const v = carried[i]!
    const c = v - mean
    centred[i] = c
    if (Math.abs(c) > scale) scale = Math.abs(c)
    if (v < min) min = v
    if (v > max) max = v
  }
  return { keys: sortedKeys, values: centred, order, shift: mean, scale, range: max - min }
}

/** Queries sorted ascending with their original positions. */
export interface PreparedQueries {
  queries: Float64Array
  order: Uint32Array
}

export function prepareQueries(queries: Float64Array): PreparedQueries {
  const { sorted, order } = sortWithOrder(queries)
  return { queries: sorted, order }
}

/**
 * The leave-one-out queries are the keys themselves: already sorted, and
 * sorted position i excludes sorted key i.
 */
export function looQueries(prepared: PreparedKeys): PreparedQueries {
  return { queries: prepared.keys, order: prepared.order }
}
