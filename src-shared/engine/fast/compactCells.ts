import * as shapes from './compactShape'
import type { CompactShape } from './compactShape'
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
}

export function buildCompactCells(prepared: PreparedKeys, shape: CompactShape, sigma: number): CompactCells {
  const { keys, values } = prepared
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
  const stride = 2 * m
  const prefix = new Float64Array(n * stride)
  const f = new Float64Array(m)
  const sum = new Float64Array(stride)
  const comp = new Float64Array(stride)
  for (let c = 0; c < cells; c++) {
    sum.fill(0)
    comp.fill(0)
    const cc = centre[c]!
    for (let j = start[c]!; j < end[c]!; j++) {
      momentFunctions(shape, (keys[j]! - cc) / sigma, f)
      const v = values[j]!
      const row = j * stride
      for (let k = 0; k < stride; k++) {
        const x = k < m ? f[k]! : v * f[k - m]!
        // Neumaier's compensated step: comp collects what t = s + x rounded away.
        const s = sum[k]!
        const t = s + x
        comp[k] = comp[k]! + (Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s)
        sum[k] = t
        prefix[row + k] = t + comp[k]!
      }
    }
  }
  return { sigma, cellOf, start, end, centre, radius, prefix, stride, momentCount: m }
}
