import { kernelInfo, type CompactKernelId } from '../kernels'
import { compactCellsFor, type CompactCells } from './compactCells'
import * as shapes from './compactShape'
import type { CompactShape } from './compactShape'
import type { PreparedKeys } from './prepared'
import * as search from './search'

// Bound once: under tsx (esbuild's CommonJS output, which the tests and the benchmark run) every use of an
// imported name goes through a getter, about 25 ns a call inside a hot loop.
const { compactShape, shapeCoefficients } = shapes
const { ABOVE, advance, SCALED_AT_MOST, SCALED_BELOW } = search

/**
 * Nadaraya-Watson with a compact kernel, one query at a time, in
 * O(log n + cells) instead of O(n): the window of keys in reach is found by
 * search with the dense estimator's own test (|q - k| / sigma < 1, <= 1 for
 * the boxcar), so every query has exactly the keys the dense code gives a
 * nonzero weight, and a query is undefined exactly when that set is empty.
 *
 * Small windows are summed directly with the kernel's own profile. Larger
 * ones use the cells' moments; the result carries a first-order bound on
 * their rounding, and a query whose bound exceeds the tolerance (a window
 * whose keys all sit near its edges, where the kernel is nearly 0 and the
 * moments cancel) is summed directly instead, so the answer is always within
 * the tolerance of the dense one.
 */

/** Windows up to this many keys are cheaper to sum key by key than by moments. */
export const DIRECT_WINDOW_MAX = 32
const EPS = Number.EPSILON

export class CompactEvaluator {
  readonly shape: CompactShape
  readonly cells: CompactCells
  /** Estimate of the last query (NaN if no key is in reach) and its error bound. */
  estimate = NaN
  bound = 0
  private readonly profile: (u: number) => number
  private readonly coef: Float64Array
  private loHint = 0
  private hiHint = 0
  private midHint = 0

  constructor(
    readonly prepared: PreparedKeys,
    kernel: CompactKernelId,
    readonly sigma: number,
    readonly tolerance: number,
  ) {
    this.shape = compactShape(kernel)
    this.cells = compactCellsFor(prepared, this.shape, sigma)
    this.profile = kernelInfo(kernel).profile
    this.coef = new Float64Array(this.shape.momentCount)
  }

  /** Estimate at q, leaving out sorted key `exclude` (-1: none). */
  evaluate(q: number, exclude: number): void {
    const keys = this.prepared.keys
    const sigma = this.sigma
    const inclusive = this.shape.inclusive
    const lo = advance(keys, inclusive ? SCALED_AT_MOST : SCALED_BELOW, q, this.loHint, sigma, 1)
    const hi = advance(keys, inclusive ? SCALED_BELOW : SCALED_AT_MOST, q, Math.max(lo, this.hiHint), sigma, -1)
    this.loHint = lo
    this.hiHint = hi
    const selfInside = exclude >= lo && exclude < hi
    const count = hi - lo - (selfInside ? 1 : 0)
    this.bound = 0
    if (count === 0) {
      this.estimate = NaN
      return
    }
    if (count <= DIRECT_WINDOW_MAX || !this.viaMoments(q, lo, hi, selfInside ? exclude : -1)) {
      this.direct(q, lo, hi, exclude)
    }
  }

  private direct(q: number, lo: number, hi: number, exclude: number): void {
    const { keys, values, shift } = this.prepared
    const sigma = this.sigma
    let den = 0
    let num = 0
    for (let j = lo; j < hi; j++) {
      if (j === exclude) continue
      const w = this.profile((q - keys[j]!) / sigma)
      den += w
      num += w * values[j]!
    }
    this.estimate = shift + num / den
    this.bound = 0
  }

  /** Sums by moments; false when their rounding bound is too large to trust. */
  private viaMoments(q: number, lo: number, hi: number, self: number): boolean {
    const { cells, shape, coef, sigma } = this
    const { start, end, centre, radius, prefix, stride, cellOf } = cells
    const m = shape.momentCount
    const split = shape.split
    const mid = split ? advance(this.prepared.keys, ABOVE, q, Math.min(Math.max(this.midHint, lo), hi), 1, 0) : hi
    this.midHint = mid
    let den = 0
    let num = 0
    // Sum over segments of amplification * (terms behind the two prefix values, twice, plus twice the
    // moments times the keys summed: the rounding of the coefficients, which applies to every key).
    let errorWeight = 0
    const firstCell = cellOf[lo]!
    const lastCell = cellOf[hi - 1]!
    for (let c = firstCell; c <= lastCell; c++) {
      const cellStart = start[c]!
      const a = c === firstCell ? lo : cellStart
      const b = c === lastCell ? hi : end[c]!
      const delta = (q - centre[c]!) / sigma
      // Keys at or left of q (u >= 0) are [a, cut), keys right of it [cut, b); unsplit kernels have one segment.
      const cut = !split || mid >= b ? b : mid <= a ? a : mid
      for (let side = 0; side < 2; side++) {
        const segA = side === 0 ? a : cut
        const segB = side === 0 ? cut : b
        if (segB <= segA) continue
        const amplification = shapeCoefficients(shape, delta, side === 1, radius[c]!, coef)
        const top = (segB - 1) * stride
        if (segA > cellStart) {
          const bottom = (segA - 1) * stride
          for (let r = 0; r < m; r++) {
            den += coef[r]! * (prefix[top + r]! - prefix[bottom + r]!)
            num += coef[r]! * (prefix[top + m + r]! - prefix[bottom + m + r]!)
          }
          errorWeight += amplification * (2 * (segB - cellStart + segA - cellStart) + 2 * m * (segB - segA))
        } else {
          for (let r = 0; r < m; r++) {
            den += coef[r]! * prefix[top + r]!
            num += coef[r]! * prefix[top + m + r]!
          }
          errorWeight += amplification * (2 * (segB - cellStart) + 2 * m * (segB - segA))
        }
      }
    }
    if (self >= 0) {
      // The query's own key is in the window at u = 0, weight K(0) = 1.
      den -= 1
      num -= this.prepared.values[self]!
      errorWeight += 2
    }
    const denError = EPS * errorWeight
    const numError = denError * this.prepared.scale
    if (!(den > denError)) return false
    const centred = num / den
    const bound = (numError + Math.abs(centred) * denError) / (den - denError)
    if (!(bound <= this.tolerance)) return false
    this.estimate = this.prepared.shift + centred
    this.bound = bound
    return true
  }
}

