import { blockOf } from '../common/heatmapBlocks'
import { kernelInfo, type CompactKernelId } from '../kernels'
import { buildCompactCells } from './compactCells'
import * as shapes from './compactShape'
import type { PreparedKeys } from './prepared'
import * as search from './search'

// Bound once: under tsx (esbuild's CommonJS output, which the tests and the benchmark run) every use of an
// imported name goes through a getter, about 25 ns a call inside a hot loop.
const { compactShape, shapeCoefficients } = shapes
const { ABOVE, advance, SCALED_AT_MOST, SCALED_BELOW } = search

/**
 * Heatmap rows for a compact kernel, one query at a time: the query's window
 * (the keys the dense code weighs) is cut where column blocks, cells
 * (compactCells.ts) and, for kernels in |u|, the query itself divide it, and
 * each piece's kernel sum comes from the cells' prefix moments. That is
 * O(blocks and cells in reach) per query, however many keys the window has.
 * The row's total is the sum of its pieces, so normalised rows sum to 1.
 *
 * Small windows, and windows whose moments cancel beyond the tolerance, are
 * summed key by key with the kernel's profile instead.
 */
export interface HeatmapAccumulator {
  /** Row-major rows x cols sums of normalised weights (divided by block sizes later). */
  sums: Float64Array
  rows: number
  cols: number
  rowStarts: Uint32Array
  colStarts: Uint32Array
  /** Rows with a query no key reaches. */
  undefinedRows: Set<number>
  /** Per row: a bound on the total error the row's queries put into its sums. */
  rowError: Float64Array
}

const DIRECT_WINDOW_MAX = 32
const EPS = Number.EPSILON

export function compactHeatmap(
  prepared: PreparedKeys,
  queries: Float64Array,
  kernel: CompactKernelId,
  sigma: number,
  relativeTolerance: number,
  acc: HeatmapAccumulator,
): void {
  const shape = compactShape(kernel)
  const cells = buildCompactCells(prepared, shape, sigma)
  const { start, end, centre, radius, prefix, stride, cellOf } = cells
  const profile = kernelInfo(kernel).profile
  const keys = prepared.keys
  const m = shape.momentCount
  const { cols, rowStarts, colStarts, sums, rowError } = acc
  const blockSum = new Float64Array(cols)
  const coef = new Float64Array(m)
  let loHint = 0
  let hiHint = 0
  let midHint = 0
  let row = 0
  for (let i = 0; i < queries.length; i++) {
    while (rowStarts[row + 1]! <= i) row++
    const q = queries[i]!
    const lo = advance(keys, shape.inclusive ? SCALED_AT_MOST : SCALED_BELOW, q, loHint, sigma, 1)
    const hi = advance(keys, shape.inclusive ? SCALED_BELOW : SCALED_AT_MOST, q, Math.max(lo, hiHint), sigma, -1)
    loHint = lo
    hiHint = hi
    if (hi === lo) {
      acc.undefinedRows.add(row)
      continue
    }
    const firstBlock = blockOf(colStarts, lo)
    let lastBlock = firstBlock
    let den = 0
    let viaMoments = hi - lo > DIRECT_WINDOW_MAX
    if (viaMoments) {
      const mid = shape.split ? advance(keys, ABOVE, q, Math.min(Math.max(midHint, lo), hi), 1, 0) : hi
      midHint = mid
      let errorWeight = 0
      let c = firstBlock
      let cell = cellOf[lo]!
      let side = -1
      let amplification = 0
      for (let j = lo; j < hi; ) {
        const right = shape.split && j >= mid ? 1 : 0
        const stop = Math.min(hi, end[cell]!, colStarts[c + 1]!, right === 0 && shape.split ? mid : hi)
        if (side !== cell * 2 + right) {
          side = cell * 2 + right
          amplification = shapeCoefficients(shape, (q - centre[cell]!) / sigma, right === 1, radius[cell]!, coef)
        }
        const cellStart = start[cell]!
        const top = (stop - 1) * stride
        const bottom = (j - 1) * stride
        const hasBottom = j > cellStart
        let s = 0
        for (let r = 0; r < m; r++) s += coef[r]! * (prefix[top + r]! - (hasBottom ? prefix[bottom + r]! : 0))
        blockSum[c] = blockSum[c]! + s
        den += s
        errorWeight += amplification * (2 * (stop - cellStart + (hasBottom ? j - cellStart : 0)) + 2 * m * (stop - j))
        lastBlock = c
        j = stop
        if (j === end[cell]) cell++
        if (j === colStarts[c + 1]) c++
      }
      const denError = EPS * errorWeight
      if (den > denError && denError <= relativeTolerance * den) {
        rowError[row] = rowError[row]! + (2 * denError) / (den - denError)
      } else {
        for (let b = firstBlock; b <= lastBlock; b++) blockSum[b] = 0
        viaMoments = false
      }
    }
    if (!viaMoments) {
      den = 0
      let c = firstBlock
      for (let j = lo; j < hi; j++) {
        while (colStarts[c + 1]! <= j) c++
        const w = profile((q - keys[j]!) / sigma)
        blockSum[c] = blockSum[c]! + w
        den += w
      }
      lastBlock = c
    }
    const base = row * cols
    for (let b = firstBlock; b <= lastBlock; b++) {
      sums[base + b] = sums[base + b]! + blockSum[b]! / den
      blockSum[b] = 0
    }
  }
}
