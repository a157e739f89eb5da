/**
 * How a heatmap cuts sorted queries and keys into display blocks (shared by
 * the dense reference in heatmap.ts and the fast paths in fast/).
 */

/** Start index of each of `blocks` near-equal blocks of `count` items, plus `count`. */
export function blockStarts(count: number, blocks: number): Uint32Array {
  const starts = new Uint32Array(blocks + 1)
  for (let b = 0; b <= blocks; b++) starts[b] = Math.floor((b * count) / blocks)
  return starts
}

export function sortedCopy(a: Float64Array): { sorted: Float64Array; order: Uint32Array } {
  const order = new Uint32Array(a.length)
  for (let i = 0; i < a.length; i++) order[i] = i
  order.sort((i, j) => a[i]! - a[j]! || i - j)
  const sorted = new Float64Array(a.length)
  for (let i = 0; i < a.length; i++) sorted[i] = a[order[i]!]!
  return { sorted, order }
}

export function edgesOf(sorted: Float64Array, starts: Uint32Array): Float64Array {
  const blocks = starts.length - 1
  const edges = new Float64Array(blocks + 1)
  for (let b = 0; b < blocks; b++) edges[b] = sorted[starts[b]!]!
  edges[blocks] = sorted[sorted.length - 1]!
  return edges
}

/** Block of each index 0..count-1 for `starts` from blockStarts. */
export function blockOf(starts: Uint32Array, index: number): number {
  let lo = 0
  let hi = starts.length - 2
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1
    if (starts[mid]! <= index) lo = mid
    else hi = mid - 1
  }
  return lo
}
