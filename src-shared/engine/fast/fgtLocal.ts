import * as fgt from './fgt'
import type { FgtParams, FgtSources } from './fgt'
import * as hermite from './hermite'
import type { PreparedKeys } from './prepared'

// Bound once: under tsx (esbuild's CommonJS output, which the tests and the benchmark run) every use of an
// imported name goes through a getter, about 25 ns a call inside a hot loop.
const { hermiteFunctions } = hermite
const { momentsOf } = fgt

/**
 * Rounding allowance added to the series' truncation bounds, relative to the
 * sums: a p-term series of moments that are themselves sums of many terms.
 * An estimate of rounding, not a bound on it (a sum of N terms can lose up
 * to N eps in the worst case, about sqrt(N) eps in practice).
 */
export const SERIES_ROUNDING = 64 * Number.EPSILON

/**
 * The Taylor series of F0 and F1 about one query cell's centre, with bounds
 * on their truncation error (absolute, in the same unshifted units).
 *
 * Each box in reach enters in one of two ways, whichever costs less:
 * - its Hermite moments translated to the cell (p^2 operations, any number
 *   of keys): exp(-(t - s)^2) summed as in hermite.ts;
 * - its keys expanded one by one about the cell's centre (p operations per
 *   key): exp(-(t - s)^2) = sum_beta t^beta / beta! h_beta(s), with s the
 *   key's offset from the cell centre. Boxes of a few keys (sigma small
 *   against the spacing of the data) are cheaper this way.
 * Both use fewer terms for distant boxes, as the error bound allows.
 */
export class FgtLocal {
  /** Cell index the series is for (NaN before the first `expand`). */
  cell = NaN
  centre = 0
  /** Taylor coefficients in t = (q - centre) / h. */
  readonly den: Float64Array
  readonly num: Float64Array
  /** Error bounds for F0, F1 and for their second derivatives in t. */
  denError = 0
  numError = 0
  denSecondError = 0
  numSecondError = 0
  /** Results of `evaluate` (and of `evaluateSecond` for the second derivatives in t). */
  denValue = 0
  numValue = 0
  /** The second offset's results of `evaluatePair`. */
  denValue1 = 0
  numValue1 = 0
  denSecond = 0
  numSecond = 0
  private readonly hermite: Float64Array
  private readonly inverseFactorial: Float64Array
  private readonly h: number
  private boxHint = 0

  constructor(
    readonly params: FgtParams,
    readonly sources: FgtSources,
    readonly prepared: PreparedKeys,
  ) {
    const p = params.order
    this.den = new Float64Array(p)
    this.num = new Float64Array(p)
    this.hermite = new Float64Array(2 * p)
    this.inverseFactorial = new Float64Array(p)
    let f = 1
    for (let beta = 0; beta < p; beta++) {
      this.inverseFactorial[beta] = 1 / f
      f *= beta + 1
    }
    this.h = params.sigma * Math.SQRT2
  }

  /** Cell of the grid that holds x; NaN if too far off for exact integer arithmetic. */
  cellOf(x: number): number {
    const c = Math.floor((x - this.params.anchor) / this.params.width)
    return Math.abs(c) < 2 ** 50 ? c : NaN
  }

  /** t of a query in the current cell. */
  offset(q: number): number {
    return (q - this.centre) / this.h
  }

  /** F0 and F1 at offset t (both series in one pass), into `denValue` and `numValue`. */
  evaluate(t: number): void {
    const den = this.den
    const num = this.num
    let d = 0
    let v = 0
    for (let beta = den.length - 1; beta >= 0; beta--) {
      d = d * t + den[beta]!
      v = v * t + num[beta]!
    }
    this.denValue = d
    this.numValue = v
  }

  /**
   * F0 and F1 at two offsets in the cell at once: `denValue`/`numValue` for
   * t0, `denValue1`/`numValue1` for t1. Each sum is a chain of dependent
   * multiply-adds that keeps the processor waiting; four independent chains
   * overlap. Every chain does what `evaluate` does, so the results are the
   * same bit for bit.
   */
  evaluatePair(t0: number, t1: number): void {
    const den = this.den
    const num = this.num
    let d0 = 0
    let v0 = 0
    let d1 = 0
    let v1 = 0
    for (let beta = den.length - 1; beta >= 0; beta--) {
      const a = den[beta]!
      const b = num[beta]!
      d0 = d0 * t0 + a
      v0 = v0 * t0 + b
      d1 = d1 * t1 + a
      v1 = v1 * t1 + b
    }
    this.denValue = d0
    this.numValue = v0
    this.denValue1 = d1
    this.numValue1 = v1
  }

  /** F0, F1 and their second derivatives in t at offset t. */
  evaluateSecond(t: number): void {
    this.evaluate(t)
    const den = this.den
    const num = this.num
    let d = 0
    let v = 0
    for (let beta = den.length - 1; beta >= 2; beta--) {
      const f = beta * (beta - 1)
      d = d * t + f * den[beta]!
      v = v * t + f * num[beta]!
    }
    this.denSecond = d
    this.numSecond = v
  }

  /** Builds the series for `cell` (no-op if it is the current one). */
  expand(cell: number): void {
    if (cell === this.cell) return
    const { width, anchor, cutoff } = this.params
    const { lo, boxes, mass, totalMass } = this.sources
    const cellCentre = anchor + (cell + 0.5) * width
    const reachLo = cellCentre - width / 2 - cutoff
    const reachHi = cellCentre + width / 2 + cutoff
    this.cell = cell
    this.centre = cellCentre
    this.den.fill(0)
    this.num.fill(0)
    this.denError = 0
    this.numError = 0
    this.denSecondError = 0
    this.numSecondError = 0
    let inReach0 = 0
    let inReach1 = 0
    for (let b = this.firstBoxEndingAtOrAbove(reachLo); b < boxes && lo[b]! <= reachHi; b++) {
      this.addBox(b)
      inReach0 += mass[2 * b]!
      inReach1 += mass[2 * b + 1]!
    }
    // Keys beyond the cutoff: each weighs at most exp(-c^2), and adds at most (4c^2 + 2) exp(-c^2) to |F''|.
    const c2 = (cutoff / this.h) ** 2
    const far = Math.exp(-c2)
    const farSecond = (4 * c2 + 2) * far
    const out0 = Math.max(0, totalMass[0]! - inReach0)
    const out1 = Math.max(0, totalMass[1]! - inReach1)
    this.denError += far * out0
    this.numError += far * out1
    this.denSecondError += farSecond * out0
    this.numSecondError += farSecond * out1
  }

  private addBox(b: number): void {
    const { tails, tailsSecond, tailsDirect, tailsDirectSecond, target, derivatives, order } = this.params
    const { start, lo, hi, centre, mass } = this.sources
    const h = this.h
    const delta = (this.centre - centre[b]!) / h
    const boxRadius = (hi[b]! - lo[b]!) / (2 * h)
    // Bound factors: exp(-delta^2 / 2) for the translated moments, exp(-s^2 / 2) at the box's nearest key for direct terms.
    const decay = Math.exp(-0.5 * delta * delta)
    const gap = Math.max(0, Math.abs(delta) - boxRadius)
    const directDecay = Math.exp(-0.5 * gap * gap)
    const translatedOrder = orderFor(tails, tailsSecond, decay, target, derivatives, order)
    const directOrder = orderFor(tailsDirect, tailsDirectSecond, directDecay, target, derivatives, order)
    const count = start[b + 1]! - start[b]!
    let tail: number
    let tailSecond: number
    if (count * (4 * directOrder + 25) < 2 * translatedOrder * (translatedOrder + 2)) {
      this.addKeys(start[b]!, start[b + 1]!, directOrder)
      tail = tailsDirect[directOrder]! * directDecay
      tailSecond = tailsDirectSecond[directOrder]! * directDecay
    } else {
      this.addMoments(b, delta, translatedOrder)
      tail = tails[translatedOrder]! * decay
      tailSecond = tailsSecond[translatedOrder]! * decay
    }
    this.denError += tail * mass[2 * b]!
    this.numError += tail * mass[2 * b + 1]!
    this.denSecondError += tailSecond * mass[2 * b]!
    this.numSecondError += tailSecond * mass[2 * b + 1]!
  }

  /** Hermite moments of box b translated to the cell: L_beta += (-1)^beta / beta! sum_alpha A_alpha h_{alpha+beta}(delta). */
  private addMoments(b: number, delta: number, terms: number): void {
    const p = this.params.order
    const moments = this.sources.moments
    const hv = this.hermite
    const den = this.den
    const num = this.num
    hermiteFunctions(delta, 2 * terms, hv)
    const base0 = momentsOf(this.sources, this.prepared, this.params, b)
    const base1 = base0 + p
    for (let beta = 0; beta < terms; beta++) {
      let acc0 = 0
      let acc1 = 0
      for (let alpha = 0; alpha < terms; alpha++) {
        const hab = hv[alpha + beta]!
        acc0 += moments[base0 + alpha]! * hab
        acc1 += moments[base1 + alpha]! * hab
      }
      const scale = beta % 2 === 0 ? this.inverseFactorial[beta]! : -this.inverseFactorial[beta]!
      den[beta] = den[beta]! + scale * acc0
      num[beta] = num[beta]! + scale * acc1
    }
  }

  /** Keys from..to expanded about the cell centre: L_beta += w h_beta(s) / beta!. */
  private addKeys(from: number, to: number, terms: number): void {
    const { keys, values } = this.prepared
    const hv = this.hermite
    const den = this.den
    const num = this.num
    const h = this.h
    for (let j = from; j < to; j++) {
      hermiteFunctions((keys[j]! - this.centre) / h, terms, hv)
      const v = values[j]!
      for (let beta = 0; beta < terms; beta++) {
        const term = hv[beta]! * this.inverseFactorial[beta]!
        den[beta] = den[beta]! + term
        num[beta] = num[beta]! + v * term
      }
    }
  }

  /** First box whose last key is >= x (boxes are disjoint and ascending). */
  private firstBoxEndingAtOrAbove(x: number): number {
    const hi = this.sources.hi
    const boxes = this.sources.boxes
    // Cells are visited in ascending order by every caller, so search from the last answer when it is not past x.
    let low = this.boxHint > 0 && hi[this.boxHint - 1]! < x ? this.boxHint : 0
    let top = boxes
    while (low < top) {
      const mid = (low + top) >>> 1
      if (hi[mid]! >= x) top = mid
      else low = mid + 1
    }
    this.boxHint = low
    return low
  }
}

/** Fewest terms whose tail, scaled by the box's decay, meets the target (at most `order`). */
function orderFor(tails: number[], tailsSecond: number[], decay: number, target: number, derivatives: boolean, order: number): number {
  let p = order
  while (p > 1 && tails[p - 1]! * decay <= target && (!derivatives || tailsSecond[p - 1]! * decay <= target)) p--
  return p
}
