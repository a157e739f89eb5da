/**
 * Stable ascending argsort of a Float64Array, O(n) for data whose density
 * has no extreme spikes. A comparator sort of a million indices takes V8
 * several hundred milliseconds, more than a whole fast estimate may; this
 * spreads the values over n buckets by linear interpolation between the
 * smallest and the largest (a monotone map, so buckets come out in order),
 * then sorts each bucket: the same recursively when large (a cluster gets
 * its own finer buckets), a comparator sort once recursion stops paying
 * (values spanning hundreds of magnitudes), and finally one insertion sort
 * over the whole range: every value already sits among the few of its own
 * bucket, so that pass is linear, with no call per small bucket.
 *
 * The order is the one `sortedCopy` in heatmap.ts gives (by value, ties by
 * index): bucketing keeps equal values in index order and insertion sort
 * moves an element only past strictly larger ones. -0 is read as +0 so the
 * two zeros tie as they do under `a - b`. Inputs must not contain NaN
 * (every estimator validates its arrays first).
 */

const INSERTION_MAX = 32
const MAX_DEPTH = 8
/** Mean values per bucket: a few, so that most buckets need no sorting and the counts stay small. */
const BUCKET_LOAD = 2
/**
 * Buckets of the first pass, over the whole array. Each bucket's next slot is
 * a stream of writes into its own part of the output: 4096 of them (times
 * keys, order and payload) miss the cache and the address translation at
 * almost every value; 256 stay within both, and the next pass sorts each
 * bucket (a few thousand values at 10^6) in scratch space that fits in cache
 * (sorting 10^6 uniform keys: 0.8-0.9 of the time with 4096).
 */
const FIRST_BUCKETS = 256
/** Most buckets any later pass makes. */
const MAX_BUCKETS = 4096 // bucketOf holds bucket numbers in 16 bits

/** Indices that sort `a` ascending, ties in index order. */
export function argsort(a: Float64Array): Uint32Array {
  return sortWithOrder(a).order
}

/** `a` sorted ascending (-0 as +0), and the original index of each sorted position. */
export function sortWithOrder(a: Float64Array): { sorted: Float64Array; order: Uint32Array } {
  const { sorted, order } = sortCarrying(a, null)
  return { sorted, order }
}

/**
 * As sortWithOrder, and `payload` permuted the same way (carried[i] =
 * payload[order[i]]). The payload moves with the keys through every pass,
 * where each write lands near the last: gathering it afterwards through
 * `order` reads all over the array, a cache miss per element (about as long
 * as the sort itself at 10^6 training pairs).
 */
export function sortWithPayload(a: Float64Array, payload: Float64Array): { sorted: Float64Array; order: Uint32Array; carried: Float64Array } {
  if (payload.length !== a.length) throw new Error(`sortWithPayload: ${a.length} keys but ${payload.length} payload values`)
  const { sorted, order, carried } = sortCarrying(a, payload)
  return { sorted, order, carried: carried! }
}

function sortCarrying(a: Float64Array, payload: Float64Array | null): { sorted: Float64Array; order: Uint32Array; carried: Float64Array | null } {
  const n = a.length
  const values = new Float64Array(n)
  const order = new Uint32Array(n)
  const carried = payload ? new Float64Array(n) : null
  // Generated training inputs and query grids arrive sorted: then a copy is all the work.
  const { min, max, sorted } = survey(a)
  const buckets = Math.min(FIRST_BUCKETS, Math.ceil(n / BUCKET_LOAD))
  const scale = buckets / (max - min)
  if (sorted || n <= INSERTION_MAX || !Number.isFinite(scale) || !Number.isFinite(max - min)) {
    copyInOrder(a, values, order)
    if (carried) carried.set(payload!)
    if (!sorted) sortRange(values, order, carried, new Spare(new Uint16Array(n), n, carried !== null), 0, n, 0)
    return { sorted: values, order, carried }
  }
  // The first pass of sortRange, reading `a` itself and scattering straight into place:
  // no copy of the input first and none back after (the same stable order).
  const bucketOf = new Uint16Array(n)
  const starts = countBuckets(a, min, scale, buckets, bucketOf)
  scatterKeys(a, bucketOf, starts, values, order)
  // A pass of its own: interleaved with the one above, a third stream of scattered writes slows both.
  if (carried) scatterPayload(payload!, bucketOf, starts, carried)
  const spare = new Spare(bucketOf, largestBucket(starts), carried !== null)
  for (let b = 0; b < buckets; b++) {
    if (starts[b + 1]! - starts[b]! > 1) sortRange(values, order, carried, spare, starts[b]!, starts[b + 1]!, 1)
  }
  return { sorted: values, order, carried }
}

/*
 * One loop per function below: the command line sorts once per process, so
 * each loop starts in the interpreter and is compiled while it runs. A loop
 * that shares its function with others is compiled with them, and when it
 * ends the compiled code meets a loop that has never run and falls back to
 * the interpreter (--trace-deopt showed six such fallbacks in one `fit`).
 */

function survey(a: Float64Array): { min: number; max: number; sorted: boolean } {
  let sorted = true
  let min = Infinity
  let max = -Infinity
  let previous = -Infinity
  for (let i = 0; i < a.length; i++) {
    const v = a[i]! + 0 // -0 + 0 is +0
    if (v < previous) sorted = false
    previous = v
    if (v < min) min = v
    if (v > max) max = v
  }
  return { min, max, sorted }
}

function copyInOrder(a: Float64Array, values: Float64Array, order: Uint32Array): void {
  for (let i = 0; i < a.length; i++) {
    values[i] = a[i]! + 0
    order[i] = i
  }
}

/** Each value's bucket in bucketOf; returns where each bucket starts (and, last, the end). */
function countBuckets(a: Float64Array, min: number, scale: number, buckets: number, bucketOf: Uint16Array): Uint32Array {
  const last = buckets - 1
  const starts = new Uint32Array(buckets + 1)
  for (let i = 0; i < a.length; i++) {
    const b = Math.min(last, ((a[i]! + 0 - min) * scale) | 0)
    bucketOf[i] = b
    starts[b + 1] = starts[b + 1]! + 1
  }
  for (let b = 0; b < buckets; b++) starts[b + 1] = starts[b + 1]! + starts[b]!
  return starts
}

function scatterKeys(a: Float64Array, bucketOf: Uint16Array, starts: Uint32Array, values: Float64Array, order: Uint32Array): void {
  const next = starts.slice(0, starts.length - 1)
  for (let i = 0; i < a.length; i++) {
    const b = bucketOf[i]!
    const at = next[b]!
    next[b] = at + 1
    values[at] = a[i]! + 0
    order[at] = i
  }
}

function scatterPayload(payload: Float64Array, bucketOf: Uint16Array, starts: Uint32Array, carried: Float64Array): void {
  const next = starts.slice(0, starts.length - 1)
  for (let i = 0; i < payload.length; i++) {
    const b = bucketOf[i]!
    const at = next[b]!
    next[b] = at + 1
    carried[at] = payload[i]!
  }
}

function largestBucket(starts: Uint32Array): number {
  let largest = 0
  for (let b = 0; b + 1 < starts.length; b++) largest = Math.max(largest, starts[b + 1]! - starts[b]!)
  return largest
}

/**
 * Scratch space of one sort, shared by every range it sorts. A range is
 * scattered into the start of it and copied back: it needs only the size of
 * the largest range (after the first pass, a few hundred values at 10^6),
 * so it stays in cache instead of spanning the whole array.
 */
class Spare {
  readonly values: Float64Array
  readonly order: Uint32Array
  readonly carried: Float64Array
  /** Bucket counts, one array per depth (a range's survive while it sorts its buckets), and the scatter's cursors. */
  private readonly starts: Uint32Array[] = []
  readonly next = new Uint32Array(MAX_BUCKETS)
  constructor(
    /** Bucket numbers by absolute position. */
    readonly bucketOf: Uint16Array,
    size: number,
    carrying: boolean,
  ) {
    this.values = new Float64Array(size)
    this.order = new Uint32Array(size)
    this.carried = new Float64Array(carrying ? size : 0)
  }

  /** Zeroed counts for `buckets` buckets at this depth: no array made per range (4096 ranges at 10^6). */
  startsAt(depth: number, buckets: number): Uint32Array {
    const starts = (this.starts[depth] ??= new Uint32Array(MAX_BUCKETS + 1))
    starts.fill(0, 0, buckets + 1)
    return starts
  }
}

function sortRange(values: Float64Array, order: Uint32Array, carried: Float64Array | null, spare: Spare, from: number, to: number, depth: number): void {
  const size = to - from
  if (size <= INSERTION_MAX) {
    insertionSort(values, order, carried, from, to)
    return
  }
  let min = Infinity
  let max = -Infinity
  for (let i = from; i < to; i++) {
    const v = values[i]!
    if (v < min) min = v
    if (v > max) max = v
  }
  if (min === max) return
  const buckets = Math.min(MAX_BUCKETS, Math.ceil(size / BUCKET_LOAD))
  const scale = buckets / (max - min)
  if (depth >= MAX_DEPTH || !Number.isFinite(scale) || !Number.isFinite(max - min)) {
    comparatorSort(values, order, carried, from, to)
    return
  }
  const bucketOf = spare.bucketOf
  const last = buckets - 1
  const starts = spare.startsAt(depth, buckets)
  // Each value's bucket, found once for the count and the scatter.
  for (let i = from; i < to; i++) {
    const b = Math.min(last, ((values[i]! - min) * scale) | 0)
    bucketOf[i] = b
    starts[b + 1] = starts[b + 1]! + 1
  }
  for (let b = 0; b < buckets; b++) starts[b + 1] = starts[b + 1]! + starts[b]!
  const next = spare.next
  next.set(starts.subarray(0, buckets))
  const spareValues = spare.values
  const spareOrder = spare.order
  const spareCarried = spare.carried
  for (let i = from; i < to; i++) {
    const b = bucketOf[i]!
    const at = next[b]!
    next[b] = at + 1
    spareValues[at] = values[i]!
    spareOrder[at] = order[i]!
    if (carried) spareCarried[at] = carried[i]!
  }
  values.set(spareValues.subarray(0, size), from)
  order.set(spareOrder.subarray(0, size), from)
  if (carried) carried.set(spareCarried.subarray(0, size), from)
  for (let b = 0; b < buckets; b++) {
    const count = starts[b + 1]! - starts[b]!
    if (count > INSERTION_MAX) sortRange(values, order, carried, spare, from + starts[b]!, from + starts[b + 1]!, depth + 1)
  }
  insertionSort(values, order, carried, from, to)
}

function insertionSort(values: Float64Array, order: Uint32Array, carried: Float64Array | null, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const v = values[i]!
    if (!(values[i - 1]! > v)) continue
    const o = order[i]!
    const c = carried ? carried[i]! : 0
    let j = i - 1
    while (j >= from && values[j]! > v) {
      values[j + 1] = values[j]!
      order[j + 1] = order[j]!
      if (carried) carried[j + 1] = carried[j]!
      j--
    }
    values[j + 1] = v
    order[j + 1] = o
    if (carried) carried[j + 1] = c
  }
}

function comparatorSort(values: Float64Array, order: Uint32Array, carried: Float64Array | null, from: number, to: number): void {
  const positions = new Uint32Array(to - from)
  for (let i = 0; i < positions.length; i++) positions[i] = from + i
  positions.sort((i, j) => values[i]! - values[j]! || order[i]! - order[j]!)
  const sortedValues = Float64Array.from(positions, (p) => values[p]!)
  const sortedOrder = Uint32Array.from(positions, (p) => order[p]!)
  if (carried) {
    const sortedCarried = Float64Array.from(positions, (p) => carried[p]!)
    carried.set(sortedCarried, from)
  }
  values.set(sortedValues, from)
  order.set(sortedOrder, from)
}
