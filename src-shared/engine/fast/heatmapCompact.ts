import { blockOf } from '../common/heatmapBlocks'
import { kernelInfo, type CompactKernelId } from '../kernels'
import { compactCellsFor } from './compactCells'
import * as evaluator from './compactEvaluator'
import * as shapes from './compactShape'
import * as pairs from './heatmapBlockPairs'
import type { PreparedKeys } from './prepared'
import * as search from './search'

// Bound once: under tsx (esbuild's CommonJS output, which the tests and the benchmark run) every use of an
// imported name goes through a getter, about 25 ns a call inside a hot loop.
const { compactShape, shapeCoefficients } = shapes
const { ABOVE, advance, SCALED_AT_MOST, SCALED_BELOW } = search
const { DIRTY, GroupColumns } = pairs
// The estimator's threshold: the estimates made here must be its own, bit for bit.
const { DIRECT_WINDOW_MAX } = evaluator

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

const EPS = Number.EPSILON
/**
 * Queries of a row go to the whole-block sums in this many groups: a group
 * spanning less than a column leaves fewer columns cut by its support's
 * edges or by its queries (at 10^5, tricube: 0.4 ms of 1.25 a query less
 * than with one group, and more groups gained nothing more).
 */
const GROUPS_PER_ROW = 4

/**
 * The estimates of the heatmap's queries, made on the way (compactHeatmap's
 * `fit`): each is CompactEvaluator's for the same query, bit for bit.
 */
export interface CompactFit {
  /** The estimator's tolerance (NwPlan.tolerance). */
  tolerance: number
  /** Out: the estimate of each query given, in the order given; NaN where no key is in reach. */
  estimates: Float64Array
  /** Out: the largest error bound of an estimate. */
  worst: number
}

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
 * The total is summed as CompactEvaluator sums it, so that with `fit` the
 * same pass gives each query's estimate too (the values' moments on the
 * same coefficients), bit for bit the estimator's: a frame that needs both
 * pays for the window's search and the coefficients once.
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
  fit?: CompactFit,
): void {
  // One function on purpose: written as a class with a method per group of queries, this ran 20% slower.
  const shape = compactShape(kernel)
  const { keys, values, shift } = prepared
  const below = shape.inclusive ? SCALED_AT_MOST : SCALED_BELOW
  const atMost = shape.inclusive ? SCALED_BELOW : SCALED_AT_MOST
  // The keys these queries reach (the first one's window to the last one's), whose cells are summed; weights
  // only for a heatmap alone, unless the fit's cells (both channels) are there already.
  const reachFrom = queries.length > 0 ? advance(keys, below, queries[0]!, 0, sigma, 1) : 0
  const reachTo = queries.length > 0 ? advance(keys, atMost, queries[queries.length - 1]!, reachFrom, sigma, -1) : 0
  const { start, end, centre, radius, prefix, stride, cellOf } = compactCellsFor(prepared, shape, sigma, fit ? 2 : 1, reachFrom, reachTo)
  const profile = kernelInfo(kernel).profile
  const numErrorScale = prepared.scale
  const m = shape.momentCount
  const split = shape.split
  const withFit = fit !== undefined
  const estimates = fit ? fit.estimates : new Float64Array(0)
  const fitTolerance = fit ? fit.tolerance : 0
  let worst = 0
  const { rows, cols, rowStarts, colStarts, sums, rowError } = acc
  const blockSum = new Float64Array(cols)
  const coef = new Float64Array(m)
  const groups = new GroupColumns(prepared, colStarts, shape, sigma)
  const { kind, nextDirty, moments, roundings } = groups
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
        const lo = advance(keys, below, q, loHint, sigma, 1)
        const hi = advance(keys, atMost, q, Math.max(lo, hiHint), sigma, -1)
        loHint = lo
        hiHint = hi
        if (hi === lo) {
          acc.undefinedRows.add(row)
          if (withFit) estimates[i] = NaN
          continue
        }
        const firstBlock = blockOf(colStarts, lo)
        // The estimate is made on the first pass only.
        let fitPending = withFit
        // Pass 0 leaves the clean columns to the group's moments; pass 1 takes every column by pieces.
        for (let pass = clean > 0 ? 0 : 1; pass < 2; pass++) {
          const byMoments = pass === 0
          const fitting = fitPending
          let lastBlock = firstBlock
          let den = 0
          let num = 0
          let viaMoments = hi - lo > DIRECT_WINDOW_MAX
          // Whether the estimate's moments passed their bound (else it is summed key by key below).
          let fitDone = false
          if (viaMoments) {
            const mid = split ? advance(keys, ABOVE, q, Math.min(Math.max(midHint, lo), hi), 1, 0) : hi
            midHint = mid
            // Bounds on the rounding of the total (den) and of the pieces put into columns.
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
                // The segment's total (and weighted values) from two prefix rows, in CompactEvaluator's order.
                const segTop = (segB - 1) * stride
                if (segA > cellStart) {
                  const segBottom = (segA - 1) * stride
                  if (fitting) {
                    for (let r = 0; r < m; r++) {
                      den += coef[r]! * (prefix[segTop + r]! - prefix[segBottom + r]!)
                      num += coef[r]! * (prefix[segTop + m + r]! - prefix[segBottom + m + r]!)
                    }
                  } else {
                    for (let r = 0; r < m; r++) den += coef[r]! * (prefix[segTop + r]! - prefix[segBottom + r]!)
                  }
                  errorWeight += amplification * (2 * (segB - cellStart + segA - cellStart) + 2 * m * (segB - segA))
                } else {
                  if (fitting) {
                    for (let r = 0; r < m; r++) {
                      den += coef[r]! * prefix[segTop + r]!
                      num += coef[r]! * prefix[segTop + m + r]!
                    }
                  } else {
                    for (let r = 0; r < m; r++) den += coef[r]! * prefix[segTop + r]!
                  }
                  errorWeight += amplification * (2 * (segB - cellStart) + 2 * m * (segB - segA))
                }
                // The segment's pieces in the columns summed by pieces, cut where column blocks end.
                while (colStarts[c + 1]! <= segA) c++
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
                  // The piece's sum and rounding bound written out here: this is the innermost loop, and V8 did not inline a helper.
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
                    pieceWeight += amplification * (2 * (stop - cellStart + j - cellStart) + 2 * m * (stop - j))
                  } else {
                    for (let r = 0; r < m; r++) sum += coef[r]! * prefix[top + r]!
                    pieceWeight += amplification * (2 * (stop - cellStart) + 2 * m * (stop - j))
                  }
                  blockSum[c] = blockSum[c]! + sum
                  if (c > lastBlock) lastBlock = c
                  j = stop
                }
              }
            }
            const denError = EPS * errorWeight
            if (fitting && den > denError) {
              // As CompactEvaluator.viaMoments bounds the estimate.
              const centred = num / den
              const bound = (denError * numErrorScale + Math.abs(centred) * denError) / (den - denError)
              if (bound <= fitTolerance) {
                estimates[i] = shift + centred
                if (bound > worst) worst = bound
                fitDone = true
              }
            }
            const piecesError = EPS * pieceWeight
            if (den > denError && denError + piecesError <= relativeTolerance * den) {
              rowError[row] = rowError[row]! + (2 * denError + piecesError) / (den - denError)
            } else {
              for (let b = firstBlock; b <= lastBlock; b++) blockSum[b] = 0
              viaMoments = false
            }
          }
          const fitDirect = fitting && !fitDone
          if (!viaMoments || fitDirect) {
            // Key by key (the estimator's direct sum): the heatmap's weights, the estimate's, or both.
            let directDen = 0
            let directNum = 0
            let c = firstBlock
            for (let j = lo; j < hi; j++) {
              const w = profile((q - keys[j]!) / sigma)
              directDen += w
              if (fitDirect) directNum += w * values[j]!
              if (!viaMoments) {
                while (colStarts[c + 1]! <= j) c++
                blockSum[c] = blockSum[c]! + w
              }
            }
            if (!viaMoments) {
              den = directDen
              lastBlock = c
            }
            if (fitDirect) estimates[i] = shift + directNum / directDen
          }
          fitPending = false
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
  if (fit) fit.worst = Math.max(fit.worst, worst)
}
