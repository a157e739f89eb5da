import * as shapes from './compactShape'
import type { CompactShape } from './compactShape'
import type { CompactKernelId } from '../kernels'
import type { PreparedKeys } from './prepared'

// Bound once: under tsx (esbuild's CommonJS output, which the tests and the benchmark run) every use of an
// imported name goes through a getter, about 25 ns a call inside a hot loop.
const { momentFunctions } = shapes

/**
 * Sorted keys cut into cells a few bandwidths wide at most (the shape's
 * `cellWidth`), each with prefix sums of its moments taken about its own
 * centre.
 *
 * Why cells: a prefix sum over all keys of d^r about one global origin loses
 * every digit once the keys span many bandwidths (d reaches range / sigma).
 * About a centre within half a cell of every key of the cell, a query's
 * window of width 2 sigma meets a bounded number of cells, each of whose
 * expansions stays O(1) in size. Restarting the prefix at each cell also
 * keeps the subtracted partial sums no larger than the cell.
 *
 * The prefix sums are compensated (Neumaier), so each stored value is within
 * about 2 eps of its exact sum however many keys the cell holds; what is
 * left is the cancellation between two prefix values, which the evaluator
 * bounds and falls back from.
 */
export interface CompactCells {
  kernel: CompactKernelId
  sigma: number
  /** Cell index of each sorted key. */
  cellOf: Int32Array
  start: Int32Array
  end: Int32Array
  /** Centre of each cell and its half-width in units of sigma. */
  centre: Float64Array
  radius: Float64Array
  /**
   * Inclusive prefix sums within each key's cell: key j, channel ch (0: weight 1,
   * 1: the centred value), moment r at j * stride + ch * momentCount + r.
   */
  prefix: Float64Array
  stride: number
  momentCount: number
  /** 2, or 1 for weights only (a heatmap needs no values: half the build). Channel 0 has the same bits either way. */
  channels: 1 | 2
  /** 1 for each cell whose prefix sums are filled in: compactCellsFor fills the cells asked for, when first asked. */
  filled: Uint8Array
}

/**
 * The cells of the last (kernel, sigma) asked for on these keys, built once:
 * a frame of the live preview asks for the fit and the heatmap at the same
 * kernel and sigma, and a run reported chunk by chunk evaluates each chunk
 * afresh. Keyed by the PreparedKeys object, whose arrays never change once
 * prepared; only one entry is kept (a build is n * channels * (degree + 1) numbers),
 * and it goes with its keys.
 */
export function compactCellsFor(
  prepared: PreparedKeys,
  shape: CompactShape,
  sigma: number,
  channels: 1 | 2 = 2,
  keyFrom = 0,
  keyTo = prepared.keys.length,
): CompactCells {
  const cached = built.get(prepared)
  let cells: CompactCells
  if (
    cached &&
    cached.cells.kernel === shape.kernel &&
    cached.cells.sigma === sigma &&
    cached.cells.channels >= channels &&
    cached.keys === prepared.keys &&
    cached.values === prepared.values
  ) {
    cells = cached.cells
  } else {
    const previous = lastPrepared?.deref()
    let recycled: Float64Array | null = null
    if (previous) {
      const old = built.get(previous)
      built.delete(previous)
      if (old && old.cells.prefix.length === prepared.keys.length * channels * shape.momentCount) {
        // A drag asks for a new sigma every frame: the channels (degree + 1) n numbers are refilled rather than
        // allocated afresh (about half of a build). No one keeps cells past a run or a heatmap; if someone
        // did, it now reads NaN, which fails every query's bound test and sends it to direct summation.
        recycled = old.cells.prefix
        old.cells.prefix = new Float64Array(0)
      }
    }
    cells = cellLayout(prepared, shape, sigma, recycled, channels)
    built.set(prepared, { cells, keys: prepared.keys, values: prepared.values })
    lastPrepared = new WeakRef(prepared)
  }
  // Only the cells of the keys asked for: a frame made in two parts has each worker sum half the keys' moments.
  if (keyTo > keyFrom) fillCells(cells, prepared, shape, cells.cellOf[keyFrom]!, cells.cellOf[keyTo - 1]!)
  return cells
}

const built = new WeakMap<PreparedKeys, { cells: CompactCells; keys: Float64Array; values: Float64Array }>()
let lastPrepared: WeakRef<PreparedKeys> | null = null

/** Every cell at once. `into`: an array of n * channels * momentCount numbers to fill (every entry is written), or null for a new one. */
export function buildCompactCells(prepared: PreparedKeys, shape: CompactShape, sigma: number, into: Float64Array | null = null, channels: 1 | 2 = 2): CompactCells {
  const cells = cellLayout(prepared, shape, sigma, into, channels)
  fillCells(cells, prepared, shape, 0, cells.start.length - 1)
  return cells
}

/** The cells' bounds, centres and radii; no prefix sums yet (fillCells). */
function cellLayout(prepared: PreparedKeys, shape: CompactShape, sigma: number, into: Float64Array | null, channels: 1 | 2): CompactCells {
  const { keys } = prepared
  const n = keys.length
  const width = shape.cellWidth * sigma
  // Greedy cells: a key starts a new cell once it is a full width past the cell's first key.
  const cellOf = new Int32Array(n)
  let cells = 0
  let first = keys[0]!
  for (let j = 0; j < n; j++) {
    if (j === 0 || keys[j]! - first >= width) {
      first = keys[j]!
      cells++
    }
    cellOf[j] = cells - 1
  }
  const start = new Int32Array(cells)
  const end = new Int32Array(cells)
  const centre = new Float64Array(cells)
  const radius = new Float64Array(cells)
  for (let j = 0; j < n; j++) end[cellOf[j]!] = j + 1
  for (let c = 1; c < cells; c++) start[c] = end[c - 1]!
  for (let c = 0; c < cells; c++) {
    const lo = keys[start[c]!]!
    const hi = keys[end[c]! - 1]!
    centre[c] = lo + (hi - lo) / 2
    radius[c] = Math.max(centre[c]! - lo, hi - centre[c]!) / sigma
  }
  const m = shape.momentCount
  const stride = channels * m
  const prefix = into && into.length === n * stride ? into : new Float64Array(n * stride)
  return { kernel: shape.kernel, sigma, cellOf, start, end, centre, radius, prefix, stride, momentCount: m, channels, filled: new Uint8Array(cells) }
}

/** Fills in the prefix sums of cells first..last (inclusive) not filled yet. */
function fillCells(cells: CompactCells, prepared: PreparedKeys, shape: CompactShape, first: number, last: number): void {
  const { keys, values } = prepared
  const { start, end, centre, prefix, stride, filled, sigma } = cells
  const m = shape.momentCount
  const withValues = cells.channels === 2
  const sum = new Float64Array(stride)
  const comp = new Float64Array(stride)
  const f = new Float64Array(m)
  for (let c = first; c <= last; c++) {
    if (filled[c]) continue
    filled[c] = 1
    sum.fill(0)
    comp.fill(0)
    const cc = centre[c]!
    for (let j = start[c]!; j < end[c]!; j++) {
      const d = (keys[j]! - cc) / sigma
      const v = values[j]!
      const row = j * stride
      if (shape.cosine) momentFunctions(shape, d, f)
      // Moment r is d^r (momentFunctions' powers, in the same order of products) or the cosine's f[r].
      let p = 1
      for (let r = 0; r < m; r++) {
        const x = shape.cosine ? f[r]! : p
        p *= d
        // Neumaier's compensated step, on both channels: comp collects what t = s + x rounded away.
        const s0 = sum[r]!
        const t0 = s0 + x
        comp[r] = comp[r]! + (Math.abs(s0) >= Math.abs(x) ? s0 - t0 + x : x - t0 + s0)
        sum[r] = t0
        prefix[row + r] = t0 + comp[r]!
        if (!withValues) continue
        const y = v * x
        const s1 = sum[m + r]!
        const t1 = s1 + y
        comp[m + r] = comp[m + r]! + (Math.abs(s1) >= Math.abs(y) ? s1 - t1 + y : y - t1 + s1)
        sum[m + r] = t1
        prefix[row + m + r] = t1 + comp[m + r]!
      }
    }
  }
}
