/**
 * A k-d tree over the scaled keys (n points in R^d), for the searches the
 * fast paths need: the nearest key to a query, and the leaves that can hold
 * keys within a ball (the Gaussian's truncation window, a radial compact
 * kernel) or within a box (a product compact kernel: |u_l| <= 1 for every l).
 *
 * Points are stored in tree order (`points`, with `order` mapping back to
 * the original index), leaves hold at most LEAF_SIZE of them, and every node
 * keeps the bounding box of its points, so a search prunes whole subtrees by
 * their distance to the query. A search returns leaf ranges rather than
 * calling back per point: the caller's loop over them stays monomorphic.
 */
const LEAF_SIZE = 12

export class KdTree {
  readonly n: number
  readonly d: number
  /** Points in tree order, row-major n x d. */
  readonly points: Float64Array
  /** order[t] = original index of the point stored at position t. */
  readonly order: Uint32Array
  /** Per node: bounding box (d values each), point range, children (-1: leaf). */
  private readonly lo: Float64Array
  private readonly hi: Float64Array
  private readonly start: Int32Array
  private readonly end: Int32Array
  private readonly left: Int32Array
  private readonly right: Int32Array
  private nodes = 0
  private readonly stack: Int32Array

  constructor(points: Float64Array, d: number) {
    const n = points.length / d
    this.n = n
    this.d = d
    const capacity = Math.max(1, 2 * Math.ceil(n / LEAF_SIZE) * 2)
    this.lo = new Float64Array(capacity * d)
    this.hi = new Float64Array(capacity * d)
    this.start = new Int32Array(capacity)
    this.end = new Int32Array(capacity)
    this.left = new Int32Array(capacity)
    this.right = new Int32Array(capacity)
    const index = new Uint32Array(n)
    for (let i = 0; i < n; i++) index[i] = i
    this.build(points, index, 0, n)
    this.order = index
    this.points = new Float64Array(n * d)
    for (let t = 0; t < n; t++) for (let l = 0; l < d; l++) this.points[t * d + l] = points[index[t]! * d + l]!
    this.stack = new Int32Array(Math.max(64, this.nodes))
  }

  private build(points: Float64Array, index: Uint32Array, from: number, to: number): number {
    const d = this.d
    const node = this.nodes++
    this.start[node] = from
    this.end[node] = to
    let widest = 0
    let widestSpan = -1
    for (let l = 0; l < d; l++) {
      let a = Infinity
      let b = -Infinity
      for (let t = from; t < to; t++) {
        const x = points[index[t]! * d + l]!
        if (x < a) a = x
        if (x > b) b = x
      }
      this.lo[node * d + l] = a
      this.hi[node * d + l] = b
      if (b - a > widestSpan) {
        widestSpan = b - a
        widest = l
      }
    }
    if (to - from <= LEAF_SIZE || widestSpan <= 0) {
      this.left[node] = -1
      this.right[node] = -1
      return node
    }
    const mid = (from + to) >> 1
    select(points, index, d, widest, from, to - 1, mid)
    this.left[node] = this.build(points, index, from, mid)
    this.right[node] = this.build(points, index, mid, to)
    return node
  }

  /** Squared distance from query (qs, row q) to node's box, over coordinates; Infinity-free. */
  private boxDistance(node: number, qs: Float64Array, q: number): number {
    const d = this.d
    let s = 0
    for (let l = 0; l < d; l++) {
      const x = qs[q * d + l]!
      const a = this.lo[node * d + l]!
      const b = this.hi[node * d + l]!
      const gap = x < a ? a - x : x > b ? x - b : 0
      s += gap * gap
    }
    return s
  }

  /** Whether the node's box is farther than `half` from the query in some coordinate (a product compact kernel's reach). */
  private outsideBox(node: number, qs: Float64Array, q: number, half: number): boolean {
    const d = this.d
    for (let l = 0; l < d; l++) {
      const x = qs[q * d + l]!
      if (x < this.lo[node * d + l]! - half || x > this.hi[node * d + l]! + half) return true
    }
    return false
  }

  /**
   * Smallest squared distance from the query to a stored point other than
   * the one whose original index is `exclude` (Infinity if there is none).
   */
  nearest(qs: Float64Array, q: number, exclude = -1): number {
    const { d, points, order, stack } = this
    let best = Infinity
    let top = 0
    stack[top++] = 0
    while (top > 0) {
      const node = stack[--top]!
      if (this.boxDistance(node, qs, q) >= best) continue
      const l = this.left[node]!
      if (l < 0) {
        for (let t = this.start[node]!; t < this.end[node]!; t++) {
          if (order[t] === exclude) continue
          let s = 0
          for (let c = 0; c < d; c++) {
            const u = qs[q * d + c]! - points[t * d + c]!
            s += u * u
            if (s >= best) break
          }
          if (s < best) best = s
        }
        continue
      }
      const r = this.right[node]!
      // Visit the nearer child first (pushed last).
      const dl = this.boxDistance(l, qs, q)
      const dr = this.boxDistance(r, qs, q)
      if (dl <= dr) {
        if (dr < best) stack[top++] = r
        if (dl < best) stack[top++] = l
      } else {
        if (dl < best) stack[top++] = l
        if (dr < best) stack[top++] = r
      }
    }
    return best
  }

  /**
   * Leaf ranges [ranges[2i], ranges[2i+1]) that may hold points within
   * squared distance r2 of the query (ball), or within `half` of it in
   * every coordinate (box, when half > 0). Returns the number of ranges;
   * `ranges` grows as needed and is returned through `into.ranges`.
   */
  search(qs: Float64Array, q: number, r2: number, half: number, into: { ranges: Int32Array }): number {
    const stack = this.stack
    let count = 0
    let top = 0
    stack[top++] = 0
    while (top > 0) {
      const node = stack[--top]!
      if (half > 0 ? this.outsideBox(node, qs, q, half) : this.boxDistance(node, qs, q) > r2) continue
      const l = this.left[node]!
      if (l < 0) {
        if (2 * count + 2 > into.ranges.length) {
          const grown = new Int32Array(into.ranges.length * 2 + 64)
          grown.set(into.ranges)
          into.ranges = grown
        }
        // Adjacent leaves merge into one range.
        if (count > 0 && into.ranges[2 * count - 1] === this.start[node]) {
          into.ranges[2 * count - 1] = this.end[node]!
        } else {
          into.ranges[2 * count] = this.start[node]!
          into.ranges[2 * count + 1] = this.end[node]!
          count++
        }
        continue
      }
      stack[top++] = this.right[node]!
      stack[top++] = l
    }
    return count
  }
}

/** Quickselect: rearranges index[from..to] so that position k holds the k-th smallest by coordinate `axis`. */
function select(points: Float64Array, index: Uint32Array, d: number, axis: number, from: number, to: number, k: number): void {
  let lo = from
  let hi = to
  while (hi > lo) {
    const pivot = points[index[(lo + hi) >> 1]! * d + axis]!
    let i = lo
    let j = hi
    while (i <= j) {
      while (points[index[i]! * d + axis]! < pivot) i++
      while (points[index[j]! * d + axis]! > pivot) j--
      if (i <= j) {
        const t = index[i]!
        index[i] = index[j]!
        index[j] = t
        i++
        j--
      }
    }
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else return
  }
}
