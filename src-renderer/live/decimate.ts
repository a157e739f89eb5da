/**
 * What a chart can show of a large data set: at most a few thousand points,
 * chosen so the picture is the picture of all of them.
 */

/** Positions of `a` in ascending order (ties by position), or null when `a` already ascends. */
export function ascendingOrder(a: Float64Array): Uint32Array | null {
  let ascending = true
  for (let i = 1; i < a.length && ascending; i++) if (a[i]! < a[i - 1]!) ascending = false
  if (ascending) return null
  const order = new Uint32Array(a.length)
  for (let i = 0; i < order.length; i++) order[i] = i
  order.sort((i, j) => a[i]! - a[j]! || i - j)
  return order
}

/**
 * Positions (in ascending-x order) of a curve's display points. Up to
 * 2 * buckets points are all kept; beyond, each bucket of consecutive points
 * keeps its lowest and highest estimate (in x order), and its first undefined
 * one, so a wiggly fit keeps its envelope and a gap stays a gap.
 *
 * With `first` and `end`, only the positions in [first, end) are read and
 * returned: the buckets there, each cut to the range (whole, when the range
 * starts and ends where buckets do).
 */
export function envelopePositions(y: (position: number) => number, count: number, buckets: number, first = 0, end = count): Uint32Array {
  if (count <= 2 * buckets) {
    const all = new Uint32Array(Math.max(0, end - first))
    for (let p = first; p < end; p++) all[p - first] = p
    return all
  }
  const out: number[] = []
  // The first bucket that reaches past `first`.
  for (let b = Math.max(0, Math.floor((first * buckets) / count) - 1); b < buckets; b++) {
    const from = Math.max(first, Math.floor((b * count) / buckets))
    const to = Math.min(end, Math.floor(((b + 1) * count) / buckets))
    if (from >= end) break
    let lo = -1
    let hi = -1
    let gap = -1
    for (let p = from; p < to; p++) {
      const v = y(p)
      if (Number.isNaN(v)) {
        if (gap < 0) gap = p
        continue
      }
      if (lo < 0 || v < y(lo)) lo = p
      if (hi < 0 || v > y(hi)) hi = p
    }
    const picked = [lo, hi, gap].filter((p) => p >= 0).sort((a, b) => a - b)
    for (let k = 0; k < picked.length; k++) if (k === 0 || picked[k] !== picked[k - 1]) out.push(picked[k]!)
  }
  return Uint32Array.from(out)
}

/**
 * Training points to draw: at most `max`, evenly spread over the data set,
 * plus the extreme ones so the chart's axes are those of all the data.
 */
export function displayTrainIndex(x: Float64Array, y: Float64Array, max: number): Uint32Array {
  const n = x.length
  if (n <= max) {
    const all = new Uint32Array(n)
    for (let i = 0; i < n; i++) all[i] = i
    return all
  }
  const picked = new Set<number>()
  for (let k = 0; k < max - 4; k++) picked.add(Math.floor((k * n) / (max - 4)))
  let xMin = 0
  let xMax = 0
  let yMin = 0
  let yMax = 0
  for (let i = 1; i < n; i++) {
    if (x[i]! < x[xMin]!) xMin = i
    if (x[i]! > x[xMax]!) xMax = i
    if (y[i]! < y[yMin]!) yMin = i
    if (y[i]! > y[yMax]!) yMax = i
  }
  for (const i of [xMin, xMax, yMin, yMax]) picked.add(i)
  return Uint32Array.from(picked).sort()
}

/** `count` evenly spaced positions of 0..total-1 (all of them when count >= total). */
export function evenPositions(total: number, count: number): Uint32Array {
  const k = Math.min(total, count)
  const out = new Uint32Array(k)
  for (let i = 0; i < k; i++) out[i] = Math.floor(((i + 0.5) * total) / k)
  return out
}
