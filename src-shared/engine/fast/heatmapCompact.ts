import { blockOf } from '../common/heatmapBlocks'
import { kernelInfo, type CompactKernelId } from '../kernels'
import { compactCellsFor } from './compactCells'
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
  const cells = compactCellsFor(prepared, shape, sigma)
  const { start, end, centre, radius, prefix, stride, cellOf } = cells
  const profile = kernelInfo(kernel).profile
  const keys = prepared.keys
  const m = shape.momentCount
  const split = shape.split
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
      const mid = split ? advance(keys, ABOVE, q, Math.min(Math.max(midHint, lo), hi), 1, 0) : hi
      midHint = mid
      let errorWeight = 0
      let c = firstBlock
      const firstCell = cellOf[lo]!
      const lastCell = cellOf[hi - 1]!
      for (let cell = firstCell; cell <= lastCell; cell++) {
        const cellStart = start[cell]!
        const a = cell === firstCell ? lo : cellStart
        const b = cell === lastCell ? hi : end[cell]!
        const delta = (q - centre[cell]!) / sigma
        // Keys at or left of q are [a, cut), keys right of it [cut, b); unsplit kernels have one segment.
        const cut = !split || mid >= b ? b : mid <= a ? a : mid
        for (let side = 0; side < 2; side++) {
          const segA = side === 0 ? a : cut
          const segB = side === 0 ? cut : b
          if (segB <= segA) continue
          const amplification = shapeCoefficients(shape, delta, side === 1, radius[cell]!, coef)
          // The segment's pieces, cut where column blocks end.
          for (let j = segA; j < segB; ) {
            while (colStarts[c + 1]! <= j) c++
            const blockEnd = colStarts[c + 1]!
            const stop = blockEnd < segB ? blockEnd : segB
            const top = (stop - 1) * stride
            let sum = 0
            if (j > cellStart) {
              const bottom = (j - 1) * stride
              // Two accumulators: the sum's additions are its critical path.
              let even = 0
              let odd = 0
              let r = 0
              for (; r + 1 < m; r += 2) {
                even += coef[r]! * (prefix[top + r]! - prefix[bottom + r]!)
                odd += coef[r + 1]! * (prefix[top + r + 1]! - prefix[bottom + r + 1]!)
              }
              if (r < m) even += coef[r]! * (prefix[top + r]! - prefix[bottom + r]!)
              sum = even + odd
              errorWeight += amplification * (2 * (stop - cellStart + j - cellStart) + 2 * m * (stop - j))
            } else {
              for (let r = 0; r < m; r++) sum += coef[r]! * prefix[top + r]!
              errorWeight += amplification * (2 * (stop - cellStart) + 2 * m * (stop - j))
            }
            blockSum[c] = blockSum[c]! + sum
            den += sum
            j = stop
          }
        }
      }
      lastBlock = c
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
