import { DenseEvaluator } from './dense'
import { expNeg } from './fastExp'
import { CellGrid } from './cellGrid'
import { KdTree } from './kdtree'
import { LocalLinearSums } from './localLinear'
import { profileOf, type Prepared } from './prepare'
import { compactWeight } from './row'

/**
 * Estimates from the keys a k-d tree finds near each query.
 *
 * Compact kernels (mode 'compact') are exact: the tree returns every key
 * with |u_l| <= 1 in each coordinate (product) or |u| <= 1 (radial).
 *
 * The Gaussian (mode 'window') keeps the keys with s <= s_min + t2, where
 * s = |u|^2 and s_min is the nearest key's; weights are exp(-(s - s_min)/2),
 * so the nearest weighs 1 and the window's total W_in >= 1. Each of the
 * n_out keys left out weighs less than exp(-t2/2), which moves a
 * Nadaraya-Watson estimate (or a class score, whose values lie in [0, 1]) by
 *
 *   |f - f_window| <= n_out exp(-t2/2) / W_in * (max v - min v),
 *
 * the bound reported per query (the one-dimensional window's, gaussWindow.ts).
 * For the local-linear fit the keys left out perturb M and V by at most
 * dM = n_out e (1 + s_min + t2) and dV = n_out e max|y| sqrt(1 + s_min + t2),
 * e = exp(-t2/2) (w (1 + s) and w sqrt(1 + s) decrease beyond s_min + t2 when
 * t2 >= 1), so |beta - beta_exact| <= |M^-1| (dV + dM |beta|) / (1 - |M^-1| dM).
 * A query whose bound exceeds the tolerance (or whose M is singular) is
 * computed densely instead, exactly.
 */
export type WindowMode = 'window' | 'compact'

export class WindowEvaluator {
  /** A grid of cells where the window is a few cells wide in d <= 3, else a k-d tree: the same searches. */
  readonly tree: KdTree | CellGrid
  /** Values in tree order, n x c. */
  private readonly values: Float64Array
  private readonly ll: LocalLinearSums | null
  private readonly into = { ranges: new Int32Array(256) }
  private readonly outsideWeight: number
  private readonly valueRange: number
  private readonly maxAbsValue: number
  private readonly profile: (u: number) => number
  private readonly sums: Float64Array
  private dense: DenseEvaluator | null = null
  /** The product Epanechnikov kernel, summed on its own loop. */
  private readonly productEpanechnikov: boolean
  /** Keys a search looks at, on the grid (chunks of queries are sized by it). */
  readonly pairsPerQuery: number | undefined
  private visit = new Uint32Array(0)
  private visitKeys = new Float64Array(0)
  /** Queries computed densely because their local-linear bound was too loose. */
  denseFallbacks = 0

  constructor(
    private readonly p: Prepared,
    readonly mode: WindowMode,
    /** Squared-distance margin of the Gaussian window (unused for compact kernels). */
    readonly t2: number,
    private readonly tolerance: number,
  ) {
    const grid = CellGrid.build(p.keys, p.d, mode === 'window' ? t2 : 1)
    this.tree = grid ?? new KdTree(p.keys, p.d)
    this.pairsPerQuery = grid?.expectedKeys(mode === 'window' ? t2 : p.d) ?? undefined
    const { n, c } = p
    this.values = new Float64Array(n * c)
    let lo = Infinity
    let hi = -Infinity
    let maxAbs = 0
    for (let t = 0; t < n; t++) {
      const j = this.tree.order[t]!
      for (let ch = 0; ch < c; ch++) {
        const v = p.values[j * c + ch]!
        this.values[t * c + ch] = v
        if (v < lo) lo = v
        if (v > hi) hi = v
        maxAbs = Math.max(maxAbs, Math.abs(v))
      }
    }
    this.valueRange = c > 1 ? 1 : hi - lo
    this.maxAbsValue = maxAbs
    this.outsideWeight = Math.exp(-0.5 * t2)
    this.ll = p.estimator === 'local-linear' ? new LocalLinearSums(p.d) : null
    this.profile = profileOf(p.kernel)
    this.productEpanechnikov = mode === 'compact' && p.kernel === 'epanechnikov' && p.shape === 'product'
    this.sums = new Float64Array(c)
  }

  /** As DenseEvaluator.run; returns the largest error bound among these queries. */
  run(qs: Float64Array, from: number, to: number, out: Float64Array, leaveOneOut: boolean): number {
    const { p, tree, values, into, sums } = this
    const { d, c } = p
    const points = tree.points
    const order = tree.order
    const gaussian = this.mode === 'window'
    const radial = p.shape === 'radial'
    let worst = 0
    const visit = this.visitOrder(qs, from, to)
    for (let k = 0; k < to - from; k++) {
      const i = visit ? visit[k]! : from + k
      const exclude = leaveOneOut ? i : -1
      let sMin = 0
      let r2 = 1
      let half = 0
      if (gaussian) {
        sMin = tree.nearest(qs, i, exclude)
        r2 = sMin + this.t2
      } else if (!radial) {
        half = 1
      }
      const ranges = tree.search(qs, i, r2, half, into)
      const rs = into.ranges
      let den = 0
      let inside = 0
      sums.fill(0)
      this.ll?.reset()
      // The common case on its own loop: no per-pair branch on the mode, the channels or local-linear.
      const plain = c === 1 && !this.ll && (gaussian || this.productEpanechnikov)
      if (plain) {
        inside = gaussian ? this.gaussianSums(qs, i, ranges, sMin, r2, exclude) : this.epanechnikovSums(qs, i, ranges, exclude)
        den = this.den
      }
      for (let g = 0; !plain && g < ranges; g++) {
        for (let t = rs[2 * g]!; t < rs[2 * g + 1]!; t++) {
          if (order[t] === exclude) continue
          let w: number
          if (gaussian) {
            let s = 0
            for (let l = 0; l < d; l++) {
              const u = qs[i * d + l]! - points[t * d + l]!
              s += u * u
            }
            if (s > r2) continue
            w = expNeg(-0.5 * (s - sMin))
          } else {
            w = compactWeight(p, this.profile, qs, i * d, points, t * d)
            if (w === 0) continue
          }
          inside++
          den += w
          if (this.ll) {
            this.ll.add(w, values[t]!, points, t, qs, i)
          } else if (c === 1) {
            sums[0] = sums[0]! + w * values[t]!
          } else {
            for (let ch = 0; ch < c; ch++) sums[ch] = sums[ch]! + w * values[t * c + ch]!
          }
        }
      }
      if (!(den > 0)) {
        for (let ch = 0; ch < c; ch++) out[i * c + ch] = NaN
        continue
      }
      const outside = p.n - (leaveOneOut ? 1 : 0) - inside
      if (this.ll) {
        const beta0 = this.ll.solve(gaussian)
        let bound = 0
        if (gaussian && outside > 0) bound = this.localLinearBound(outside, sMin)
        if (!(bound <= this.tolerance) || Number.isNaN(beta0)) {
          this.dense ??= new DenseEvaluator(p)
          this.dense.run(qs, i, i + 1, out, leaveOneOut)
          this.denseFallbacks++
          continue
        }
        out[i] = beta0
        if (bound > worst) worst = bound
        continue
      }
      for (let ch = 0; ch < c; ch++) out[i * c + ch] = sums[ch]! / den
      if (gaussian && outside > 0) {
        const bound = ((outside * this.outsideWeight) / den) * this.valueRange
        if (bound > worst) worst = bound
      }
    }
    return worst
  }

  /**
   * On the grid, queries [from, to) by cell (ties by index), so that
   * neighbouring queries search the same keys while they are in cache; null
   * on the tree (input order).
   */
  private visitOrder(qs: Float64Array, from: number, to: number): Uint32Array | null {
    const tree = this.tree
    const count = to - from
    if (!(tree instanceof CellGrid) || count < 2) return null
    if (this.visit.length < count) {
      this.visit = new Uint32Array(count)
      this.visitKeys = new Float64Array(count)
    }
    // cell * count + k is below 2^53 (cells <= 4 n + 64, count <= 2^32): one numeric sort, decoded after.
    const keys = this.visitKeys.subarray(0, count)
    for (let k = 0; k < count; k++) keys[k] = tree.cellOf(qs, from + k) * count + k
    keys.sort()
    const visit = this.visit
    for (let k = 0; k < count; k++) visit[k] = from + (keys[k]! % count)
    return visit
  }

  /**
   * Product Epanechnikov sums over the ranges for one value channel, the
   * weights computed as compactWeight computes them (1 - u^2 per
   * coordinate, multiplied in order from 1; the 3/4 factors cancel): the
   * same doubles without a call per coordinate. Returns the keys with a
   * nonzero weight, leaves their sum in this.den and the weighted values in this.sums[0].
   */
  private epanechnikovSums(qs: Float64Array, i: number, ranges: number, exclude: number): number {
    const { d } = this.p
    const points = this.tree.points
    const order = this.tree.order
    const values = this.values
    const rs = this.into.ranges
    let den = 0
    let num = 0
    let inside = 0
    const q0 = qs[i * d]!
    const q1 = d > 1 ? qs[i * d + 1]! : 0
    for (let g = 0; g < ranges; g++) {
      const end = rs[2 * g + 1]!
      for (let t = rs[2 * g]!; t < end; t++) {
        const u0 = q0 - points[t * d]!
        if (!(Math.abs(u0) <= 1)) continue
        let w = 1 - u0 * u0
        if (d === 2) {
          const u1 = q1 - points[t * d + 1]!
          if (!(Math.abs(u1) <= 1)) continue
          w *= 1 - u1 * u1
        } else {
          for (let l = 1; l < d && w !== 0; l++) {
            const u = qs[i * d + l]! - points[t * d + l]!
            w *= Math.abs(u) <= 1 ? 1 - u * u : 0
          }
        }
        if (w === 0 || order[t] === exclude) continue
        inside++
        den += w
        num += w * values[t]!
      }
    }
    this.den = den
    this.sums[0] = num
    return inside
  }

  /** Set by gaussianSums: the window's weight sum. */
  private den = 0

  /**
   * Gaussian Nadaraya-Watson sums over the ranges for one value channel:
   * returns the keys inside (s <= r2), leaves their weight sum in this.den
   * and the weighted values in this.sums[0].
   */
  private gaussianSums(qs: Float64Array, i: number, ranges: number, sMin: number, r2: number, exclude: number): number {
    const { d } = this.p
    const points = this.tree.points
    const order = this.tree.order
    const values = this.values
    const rs = this.into.ranges
    let den = 0
    let num = 0
    let inside = 0
    if (d === 2) {
      const q0 = qs[2 * i]!
      const q1 = qs[2 * i + 1]!
      for (let g = 0; g < ranges; g++) {
        const end = rs[2 * g + 1]!
        for (let t = rs[2 * g]!; t < end; t++) {
          const u0 = q0 - points[2 * t]!
          const u1 = q1 - points[2 * t + 1]!
          const s = u0 * u0 + u1 * u1
          if (s > r2 || order[t] === exclude) continue
          const w = expNeg(-0.5 * (s - sMin))
          inside++
          den += w
          num += w * values[t]!
        }
      }
    } else {
      for (let g = 0; g < ranges; g++) {
        const end = rs[2 * g + 1]!
        for (let t = rs[2 * g]!; t < end; t++) {
          let s = 0
          for (let l = 0; l < d; l++) {
            const u = qs[i * d + l]! - points[t * d + l]!
            s += u * u
          }
          if (s > r2 || order[t] === exclude) continue
          const w = expNeg(-0.5 * (s - sMin))
          inside++
          den += w
          num += w * values[t]!
        }
      }
    }
    this.den = den
    this.sums[0] = num
    return inside
  }

  private localLinearBound(outside: number, sMin: number): number {
    const ll = this.ll!
    const inv = ll.inverseNorm.value
    if (!Number.isFinite(inv)) return Infinity
    const reach = 1 + sMin + this.t2
    const dM = outside * this.outsideWeight * reach
    const dV = outside * this.outsideWeight * this.maxAbsValue * Math.sqrt(reach)
    // |beta| from the solve: re-solve is not needed, beta_0 and V bound it through M^-1.
    let vNorm = 0
    for (let a = 0; a < ll.k; a++) vNorm += ll.V[a]! * ll.V[a]!
    const betaNorm = inv * Math.sqrt(vNorm)
    const shrink = 1 - inv * dM
    if (!(shrink > 0.5)) return Infinity
    return (inv * (dV + dM * betaNorm)) / shrink
  }
}
