import { blockOf } from '../common/heatmapBlocks'
import { kernelInfo, type CompactKernelId } from '../kernels'
import { compactCellsFor } from './compactCells'
import * as shapes from './compactShape'
import * as pairs from './heatmapBlockPairs'
import type { PreparedKeys } from './prepared'
import * as search from './search'

// Bound once: under tsx (esbuild's CommonJS output, which the tests and the benchmark run) every use of an
// imported name goes through a getter, about 25 ns a call inside a hot loop.
const { compactShape, shapeCoefficients } = shapes
const { ABOVE, advance, SCALED_AT_MOST, SCALED_BELOW } = search
const { DIRTY, GroupColumns } = pairs

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
/**
 * Queries of a row go to the whole-block sums in this many groups: a group
 * spanning less than a column leaves fewer columns cut by its support's
 * edges or by its queries (at 10^5, tricube: 0.4 ms of 1.25 a query less
 * than with one group, and more groups gained nothing more).
 */
const GROUPS_PER_ROW = 4

/**
 * Heatmap rows for a compact kernel. Each query's window (the keys the
 * dense code weighs) is cut where cells (compactCells.ts) and, for kernels
 * in |u|, the query itself divide it; each segment's kernel sum comes from
 * the cells' prefix moments, and gives the query's total. Columns that every
 * pair of a group of the row's queries reaches, all on one side, are summed
 * for the group at once from its weighted moments (heatmapBlockPairs.ts);
 * the other columns take the query's pieces of the segments, cut where
 * column blocks end. That is O(cells and cut columns in reach) per query,
 * however many keys the window has.
 *
 * Small windows, windows whose moments cancel beyond the tolerance, are
 * summed key by key with the kernel's profile instead; a query whose total
 * is too small for the whole-block sums' rounding takes every column by
 * pieces.
 */
export function compactHeatmap(
  prepared: PreparedKeys,
  queries: Float64Array,
  kernel: CompactKernelId,
  sigma: number,
  relativeTolerance: number,
  acc: HeatmapAccumulator,
): void {
  // One function on purpose: written as a class with a method per group of queries, this ran 20% slower.
  const shape = compactShape(kernel)
  // Weights only, unless the fit's cells (both channels) are there already: a heatmap needs no values.
  const { start, end, centre, radius, prefix, stride, cellOf } = compactCellsFor(prepared, shape, sigma, 1)
  const profile = kernelInfo(kernel).profile
  const keys = prepared.keys
  const m = shape.momentCount
  const split = shape.split
  const { rows, cols, rowStarts, colStarts, sums, rowError } = acc
  const blockSum = new Float64Array(cols)
  const coef = new Float64Array(m)
  const groups = new GroupColumns(prepared, colStarts, shape, sigma)
  const { kind, nextDirty, nextClean, moments, roundings } = groups
  let loHint = 0
  let hiHint = 0
  let midHint = 0
  for (let row = 0; row < rows; row++) {
    const rowFirst = rowStarts[row]!
    const rowCount = rowStarts[row + 1]! - rowFirst
    const groupCount = Math.min(rowCount, GROUPS_PER_ROW)
    const base = row * cols
    for (let g = 0; g < groupCount; g++) {
      const first = rowFirst + Math.floor((g * rowCount) / groupCount)
      const last = rowFirst + Math.floor(((g + 1) * rowCount) / groupCount)
      const qMin = queries[first]!
      const qMax = queries[last - 1]!
      const groupCentre = qMin + (qMax - qMin) / 2
      const clean = groups.classify(qMin, qMax, groupCentre)
      const cleanWeight = groups.cleanWeight
      for (let i = first; i < last; i++) {
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
        // Pass 0 leaves the clean columns to the group's moments; pass 1 takes every column by pieces.
        for (let pass = clean > 0 ? 0 : 1; pass < 2; pass++) {
          const byMoments = pass === 0
          let lastBlock = firstBlock
          let den = 0
          let viaMoments = hi - lo > DIRECT_WINDOW_MAX
          if (viaMoments) {
            const mid = split ? advance(keys, ABOVE, q, Math.min(Math.max(midHint, lo), hi), 1, 0) : hi
            midHint = mid
            // Bounds on the rounding of the total (den) and of the pieces put into columns apart from it.
            let errorWeight = 0
            let pieceWeight = 0
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
                while (colStarts[c + 1]! <= segA) c++
                // A segment that meets a clean column adds to the total in one piece, and only its pieces
                // in the other columns are summed; otherwise its pieces make the total.
                const nc = nextClean[c]!
                const wholeSegment = byMoments && nc < cols && colStarts[nc]! < segB
                if (wholeSegment) {
                  den += pieceSum(prefix, coef, m, segB - 1, segA > cellStart ? segA - 1 : -1, stride)
                  errorWeight += amplification * pieceError(cellStart, segA, segB, m)
                }
                // The segment's pieces, cut where column blocks end.
                for (let j = segA; j < segB; ) {
                  while (colStarts[c + 1]! <= j) c++
                  if (byMoments && kind[c] !== DIRTY) {
                    // On to the next column summed by pieces.
                    const d = nextDirty[c]!
                    if (d >= cols || colStarts[d]! >= segB) break
                    c = d
                    j = colStarts[d]!
                    continue
                  }
                  const blockEnd = colStarts[c + 1]!
                  const stop = blockEnd < segB ? blockEnd : segB
                  // pieceSum and pieceError written out: this is the innermost loop, and V8 did not inline them here.
                  const top = (stop - 1) * stride
                  let sum = 0
                  let error: number
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
                    error = amplification * (2 * (stop - cellStart + j - cellStart) + 2 * m * (stop - j))
                  } else {
                    for (let r = 0; r < m; r++) sum += coef[r]! * prefix[top + r]!
                    error = amplification * (2 * (stop - cellStart) + 2 * m * (stop - j))
                  }
                  if (wholeSegment) pieceWeight += error
                  else {
                    den += sum
                    errorWeight += error
                  }
                  blockSum[c] = blockSum[c]! + sum
                  if (c > lastBlock) lastBlock = c
                  j = stop
                }
              }
            }
            const denError = EPS * errorWeight
            const piecesError = EPS * pieceWeight
            if (den > denError && denError + piecesError <= relativeTolerance * den) {
              rowError[row] = rowError[row]! + (2 * denError + piecesError) / (den - denError)
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
          // The clean columns' rounding, relative to this query's total, must stay within the tolerance.
          const tooSmall = byMoments && roundings * cleanWeight > relativeTolerance * den
          for (let b = firstBlock; b <= lastBlock; b++) {
            // Clean columns get this query's share from the group's moments.
            if (!tooSmall && (!byMoments || kind[b] === DIRTY)) sums[base + b] = sums[base + b]! + blockSum[b]! / den
            blockSum[b] = 0
          }
          if (tooSmall) continue
          if (byMoments) moments.add(1 / den, (q - groupCentre) / sigma)
          break
        }
      }
      if (clean > 0) groups.addClean(sums, base, rowError, row)
    }
  }
}

/** A bound, in units of eps times the amplification, on the rounding of one piece [j, stop) of a cell starting at cellStart. */
function pieceError(cellStart: number, j: number, stop: number, m: number): number {
  // The prefix values' own rounding (each within about 2 eps of its partial sum) and the products' and sums'.
  return j > cellStart ? 2 * (stop - cellStart + j - cellStart) + 2 * m * (stop - j) : 2 * (stop - cellStart) + 2 * m * (stop - j)
}

/** sum_r coef_r (prefix row `top` - prefix row `bottom`), bottom -1 for the cell's start (nothing to subtract). */
function pieceSum(prefix: Float64Array, coef: Float64Array, m: number, top: number, bottom: number, stride: number): number {
  const t = top * stride
  if (bottom < 0) {
    let sum = 0
    for (let r = 0; r < m; r++) sum += coef[r]! * prefix[t + r]!
    return sum
  }
  const u = bottom * stride
  // Two accumulators: the sum's additions are its critical path.
  let even = 0
  let odd = 0
  let r = 0
  for (; r + 1 < m; r += 2) {
    even += coef[r]! * (prefix[t + r]! - prefix[u + r]!)
    odd += coef[r + 1]! * (prefix[t + r + 1]! - prefix[u + r + 1]!)
  }
  if (r < m) even += coef[r]! * (prefix[t + r]! - prefix[u + r]!)
  return even + odd
}
