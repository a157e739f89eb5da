/**
 * A uniform grid of cells over the scaled keys (d <= 3), answering the same
 * searches as the k-d tree (kdtree.ts) where the window is a few cells wide:
 * the Gaussian's truncated window at a small width, a compact kernel's box.
 *
 * Keys are stored sorted by cell (a counting sort), cells numbered with the
 * first coordinate fastest, so the cells of one "row" (fixed coordinates
 * 1..d-1) are one contiguous run of keys: a search returns one range per row
 * it meets instead of one per leaf, and needs no stack.
 *
 * Cells are found by cell(x) = floor((x - lo) / h), clamped to the grid; it
 * is monotone in x whatever the rounding, so the keys with coordinates in
 * [a, b] lie in cells cell(a) .. cell(b). Distance bounds between a query and
 * a cell's box are shrunk by `slack` (far above the rounding of x - lo), so a
 * search may return a few more keys than it must, never fewer.
 *
 * A query outside the keys' bounding box is first clamped to it (qc): for any
 * key x, |q - x|^2 >= |q - qc|^2 + |qc - x|^2, coordinate by coordinate.
 */
export const CELL_GRID_MAX_DIMENSION = 3
/** Cells per key at most (the cell table's memory, and cells visited per search). */
const MAX_CELLS_PER_KEY = 4
/** Cell side as a fraction of the typical search radius. */
const CELLS_PER_RADIUS = 4

export class CellGrid {
  readonly n: number
  readonly d: number
  /** Points sorted by cell, row-major n x d. */
  readonly points: Float64Array
  /** order[t] = original index of the point stored at position t. */
  readonly order: Uint32Array
  private readonly lo: Float64Array
  private readonly hi: Float64Array
  /** Cells per coordinate. */
  private readonly size: Int32Array
  /** stride[l]: cell-number step of coordinate l. */
  private readonly stride: Int32Array
  /** Keys of cell c are positions [cellStart[c], cellStart[c + 1]). */
  private readonly cellStart: Int32Array
  private readonly h: number
  private readonly slack: number
  /** Per-search scratch: the clamped query, its cell, the row being visited. */
  private readonly qc: Float64Array
  private readonly ci: Int32Array
  private readonly row: Int32Array
  private readonly rowFrom: Int32Array
  private readonly rowTo: Int32Array

  /**
   * A grid for searches of squared radius about `reach2` (scaled units), or
   * null where one does not fit: d > 3, or more than MAX_CELLS_PER_KEY cells
   * per key would be needed even at a coarser cell side (the k-d tree serves then).
   */
  static build(points: Float64Array, d: number, reach2: number): CellGrid | null {
    if (d > CELL_GRID_MAX_DIMENSION || !(reach2 > 0) || !Number.isFinite(reach2)) return null
    const n = points.length / d
    if (n === 0) return null
    const lo = new Float64Array(d).fill(Infinity)
    const hi = new Float64Array(d).fill(-Infinity)
    for (let t = 0; t < n; t++) {
      for (let l = 0; l < d; l++) {
        const x = points[t * d + l]!
        if (x < lo[l]!) lo[l] = x
        if (x > hi[l]!) hi[l] = x
      }
    }
    let h = Math.sqrt(reach2) / CELLS_PER_RADIUS
    const limit = Math.max(64, MAX_CELLS_PER_KEY * n)
    for (;;) {
      let cells = 1
      for (let l = 0; l < d; l++) cells *= Math.floor((hi[l]! - lo[l]!) / h) + 1
      if (cells <= limit) break
      h *= 1.5
      // Coarser than the radius, a cell holds most of a window: the tree prunes better.
      if (h > 2 * Math.sqrt(reach2)) return null
    }
    return new CellGrid(points, d, lo, hi, h)
  }

  private constructor(points: Float64Array, d: number, lo: Float64Array, hi: Float64Array, h: number) {
    const n = points.length / d
    this.n = n
    this.d = d
    this.lo = lo
    this.hi = hi
    this.h = h
    let extent = 0
    for (let l = 0; l < d; l++) extent = Math.max(extent, Math.abs(lo[l]!), Math.abs(hi[l]!))
    this.slack = 1e-12 * (extent + h)
    this.size = new Int32Array(d)
    this.stride = new Int32Array(d)
    let cells = 1
    for (let l = 0; l < d; l++) {
      this.size[l] = Math.floor((hi[l]! - lo[l]!) / h) + 1
      this.stride[l] = cells
      cells *= this.size[l]!
    }
    const cellOf = new Int32Array(n)
    const count = new Int32Array(cells + 1)
    for (let t = 0; t < n; t++) {
      let c = 0
      for (let l = 0; l < d; l++) c += this.cell(points[t * d + l]!, l) * this.stride[l]!
      cellOf[t] = c
      count[c + 1]!++
    }
    for (let c = 0; c < cells; c++) count[c + 1] = count[c + 1]! + count[c]!
    this.cellStart = count.slice()
    this.order = new Uint32Array(n)
    this.points = new Float64Array(n * d)
    for (let t = 0; t < n; t++) {
      const at = count[cellOf[t]!]!++
      this.order[at] = t
      for (let l = 0; l < d; l++) this.points[at * d + l] = points[t * d + l]!
    }
    this.qc = new Float64Array(d)
    this.ci = new Int32Array(d)
    this.row = new Int32Array(d)
    this.rowFrom = new Int32Array(d)
    this.rowTo = new Int32Array(d)
  }

  /** The cell of a query (clamped to the grid): visiting queries in this order keeps their keys in cache. */
  cellOf(qs: Float64Array, q: number): number {
    let c = 0
    for (let l = 0; l < this.d; l++) c += this.cell(qs[q * this.d + l]!, l) * this.stride[l]!
    return c
  }

  /** About how many keys a search of squared radius r2 looks at, were the keys spread evenly over their box. */
  expectedKeys(r2: number): number {
    const r = Math.sqrt(r2) + this.h
    const ball = this.d === 1 ? 2 * r : this.d === 2 ? Math.PI * r * r : (4 / 3) * Math.PI * r * r * r
    let box = 1
    for (let l = 0; l < this.d; l++) box *= Math.max(this.hi[l]! - this.lo[l]!, this.h)
    return Math.min(this.n, Math.ceil((this.n * ball) / box))
  }

  /** Cells along coordinate l, clamped to the grid. */
  private cell(x: number, l: number): number {
    const c = Math.floor((x - this.lo[l]!) / this.h)
    const last = this.size[l]! - 1
    return c < 0 ? 0 : c > last ? last : c
  }

  /** Clamps the query into the keys' box (this.qc, this.ci); returns |q - qc|^2. */
  private clampQuery(qs: Float64Array, q: number): number {
    const d = this.d
    let gap = 0
    for (let l = 0; l < d; l++) {
      const x = qs[q * d + l]!
      const c = x < this.lo[l]! ? this.lo[l]! : x > this.hi[l]! ? this.hi[l]! : x
      this.qc[l] = c
      this.ci[l] = this.cell(c, l)
      gap += (x - c) * (x - c)
    }
    return gap
  }

  /** Squared distance (shrunk by the slack) from the clamped query to cell c's slab along coordinate l. */
  private slabGap2(c: number, l: number): number {
    const a = this.lo[l]! + c * this.h
    const x = this.qc[l]!
    const g = x < a ? a - x : x > a + this.h ? x - a - this.h : 0
    const s = g - this.slack
    return s > 0 ? s * s : 0
  }

  /**
   * Smallest squared distance from the query to a stored point other than
   * the one whose original index is `exclude` (Infinity if there is none):
   * rings of cells around the query's, until the next ring cannot hold a
   * nearer point.
   */
  nearest(qs: Float64Array, q: number, exclude = -1): number {
    const { d, points, order, cellStart, stride, size, ci, row } = this
    const gap = this.clampQuery(qs, q)
    const q0 = q * d
    let best = Infinity
    for (let k = 0; ; k++) {
      if (k > 0) {
        // Every point not yet seen lies outside the box of cells within k - 1 of ci.
        let exit = Infinity
        for (let l = 0; l < d; l++) {
          const c = ci[l]!
          if (c - (k - 1) > 0) exit = Math.min(exit, this.qc[l]! - (this.lo[l]! + (c - k + 1) * this.h))
          if (c + (k - 1) < size[l]! - 1) exit = Math.min(exit, this.lo[l]! + (c + k) * this.h - this.qc[l]!)
        }
        if (exit === Infinity) break
        const e = exit - this.slack
        if (gap + (e > 0 ? e * e : 0) >= best) break
      }
      // Rows: coordinates 1..d-1 within k of ci; a row on the ring's shell takes its whole run, the others its two ends.
      let ok = this.firstRow(k)
      while (ok) {
        let shell = k === 0
        let rowGap = 0
        let base = 0
        for (let l = 1; l < d; l++) {
          const c = row[l]!
          if (Math.abs(c - ci[l]!) === k) shell = true
          rowGap += this.slabGap2(c, l)
          base += c * stride[l]!
        }
        if (gap + rowGap < best) {
          const c0 = ci[0]!
          const a = Math.max(0, c0 - k)
          const b = Math.min(size[0]! - 1, c0 + k)
          for (let side = 0; side < 2; side++) {
            let from: number
            let to: number
            if (shell) {
              if (side > 0) break
              from = cellStart[base + a]!
              to = cellStart[base + b + 1]!
            } else {
              const c = side === 0 ? c0 - k : c0 + k
              if (c < 0 || c >= size[0]!) continue
              from = cellStart[base + c]!
              to = cellStart[base + c + 1]!
            }
            for (let t = from; t < to; t++) {
              if (order[t] === exclude) continue
              let s = 0
              for (let l = 0; l < d; l++) {
                const u = qs[q0 + l]! - points[t * d + l]!
                s += u * u
                if (s >= best) break
              }
              if (s < best) best = s
            }
          }
        }
        ok = this.nextRow()
      }
    }
    return best
  }

  /** Starts the odometer over rows within k cells of ci (coordinates 1..d-1, clipped); false when there is none. */
  private firstRow(k: number): boolean {
    for (let l = 1; l < this.d; l++) {
      this.rowFrom[l] = Math.max(0, this.ci[l]! - k)
      this.rowTo[l] = Math.min(this.size[l]! - 1, this.ci[l]! + k)
      this.row[l] = this.rowFrom[l]!
    }
    return true
  }

  private nextRow(): boolean {
    for (let l = 1; l < this.d; l++) {
      if (this.row[l]! < this.rowTo[l]!) {
        this.row[l]!++
        return true
      }
      this.row[l] = this.rowFrom[l]!
    }
    return false
  }

  /**
   * Position ranges [ranges[2i], ranges[2i+1]) that hold every point within
   * squared distance r2 of the query (ball), or within `half` of it in every
   * coordinate (box, when half > 0), and possibly a few more. Returns the
   * number of ranges; `ranges` grows as needed, through `into.ranges`.
   */
  search(qs: Float64Array, q: number, r2: number, half: number, into: { ranges: Int32Array }): number {
    const { d, cellStart, stride, row, rowFrom, rowTo } = this
    let count = 0
    let a0: number
    let b0: number
    let radius = 0
    let rem = 0
    if (half > 0) {
      for (let l = 0; l < d; l++) {
        const x = qs[q * d + l]!
        if (x + half < this.lo[l]! - this.slack || x - half > this.hi[l]! + this.slack) return 0
        rowFrom[l] = this.cell(x - half - this.slack, l)
        rowTo[l] = this.cell(x + half + this.slack, l)
      }
      a0 = rowFrom[0]!
      b0 = rowTo[0]!
    } else {
      rem = r2 - this.clampQuery(qs, q)
      if (!(rem >= 0)) return 0
      radius = Math.sqrt(rem) + this.slack
      for (let l = 0; l < d; l++) {
        rowFrom[l] = this.cell(this.qc[l]! - radius, l)
        rowTo[l] = this.cell(this.qc[l]! + radius, l)
      }
      a0 = rowFrom[0]!
      b0 = rowTo[0]!
    }
    for (let l = 1; l < d; l++) row[l] = rowFrom[l]!
    for (;;) {
      let base = 0
      let rowGap = 0
      for (let l = 1; l < d; l++) {
        base += row[l]! * stride[l]!
        if (half === 0) rowGap += this.slabGap2(row[l]!, l)
      }
      let a = a0
      let b = b0
      let keep = true
      if (half === 0) {
        // The ball's chord across this row.
        if (rowGap > rem) keep = false
        else if (d > 1) {
          const w = Math.sqrt(rem - rowGap) + this.slack
          a = this.cell(this.qc[0]! - w, 0)
          b = this.cell(this.qc[0]! + w, 0)
        }
      }
      if (keep) {
        const from = cellStart[base + a]!
        const to = cellStart[base + b + 1]!
        if (to > from) {
          if (2 * count + 2 > into.ranges.length) {
            const grown = new Int32Array(into.ranges.length * 2 + 64)
            grown.set(into.ranges)
            into.ranges = grown
          }
          if (count > 0 && into.ranges[2 * count - 1] === from) {
            into.ranges[2 * count - 1] = to
          } else {
            into.ranges[2 * count] = from
            into.ranges[2 * count + 1] = to
            count++
          }
        }
      }
      let l = 1
      for (; l < d; l++) {
        if (row[l]! < rowTo[l]!) {
          row[l]!++
          break
        }
        row[l] = rowFrom[l]!
      }
      if (l >= d) break
    }
    return count
  }
}
