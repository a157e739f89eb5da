import { windowT2 } from '../fast/gaussWindow'
import { takesDensePath } from '../route'
import { squaredDistances as squaredDistancesImport } from './distances'
import * as fastExp from './fastExp'
import { KdTree } from './kdtree'
import { MIN_DENOMINATOR, symmetricLoo, symmetricScratch, type SymmetricScratch } from './looSymmetric'

// Bound once: under tsx (esbuild's CommonJS output) each use of an imported name is a getter call in the hot loop.
const { expNeg } = fastExp
const squaredDistances = squaredDistancesImport
/** Above this mean window share the tree prunes too little: one symmetric pass over all pairs costs less. */
const SYMMETRIC_SHARE = 0.2
/** Rows sampled (brute force) for the window share and the symmetric pass's reach. */
const SHARE_SAMPLES = 16
/** Absolute weights exp(-s / 2) stay far from underflow up to s = MAX_FAR. */
const MAX_FAR = 900

/** A score and a bound on its error from the windows (keys left out). */
export interface BoundedScore {
  score: number
  errorBound: number
}

/**
 * The leave-one-out score of the Gaussian Nadaraya-Watson estimator as a
 * function of theta = log sigma (one per coordinate), with its analytic
 * gradient, for the bandwidth search:
 *
 *   S = (1/n) sum_i (y_i - f_i)^2,   f_i = sum_{j != i} alpha_ij y_j,
 *   d log w_ij / d theta_l = u_ijl^2   (u = (x_i - x_j) / sigma),
 *   d f_i / d theta_l = sum_j alpha_ij (y_j - f_i) u_ijl^2,
 *   d S / d theta_l = -(2/n) sum_i (y_i - f_i) d f_i / d theta_l.
 *
 * Row by row, each row is summed in two passes (weights and f_i, then the
 * gradient with f_i known), never as E[y u^2] - f E[u^2], which cancels
 * when the weights concentrate. Beyond the dense size, where the Gaussian
 * window holds a large share of the keys, one symmetric pass
 * (looSymmetric.ts) costs half the exps; it does take that difference, of
 * centred values, which costs the gradient digits the search does not need
 * (the score is summed without it). Elsewhere rows whose keys a k-d tree can
 * prune use the window (keys with s <= s_min + t2, t2 from `tolerance`): the
 * search only ranks widths. `scoreWithBound` gives the score with a bound
 * on what the windows moved it, for the search's result.
 *
 * The symmetric pass keeps every pair within `reach` = t2 + S along its sweep,
 * S the farthest nearest-key distance among the sampled rows; it trusts a row
 * whose (absolute) denominator makes its window bound at most the tolerance,
 * and redoes the others (rows far from every key) one by one with the tree.
 */
export class LooObjective {
  readonly n: number
  private readonly scaled: Float64Array
  private readonly idx: Int32Array
  private readonly dist: Float64Array
  private readonly weight: Float64Array
  private readonly into = { ranges: new Int32Array(256) }
  private readonly t2: number
  private readonly centre: number
  private readonly valueRange: number
  /** Largest nearest-key distance among the rows windowShare sampled. */
  private sampledFar = 0
  private symmetric: { scratch: SymmetricScratch; rowScore: Float64Array; redo: Int32Array } | null = null
  /** Evaluations so far (for reports). */
  evaluations = 0

  constructor(
    private readonly keys: Float64Array,
    readonly d: number,
    private readonly values: Float64Array,
    private readonly tolerance: number,
  ) {
    this.n = values.length
    this.scaled = new Float64Array(keys.length)
    this.idx = new Int32Array(this.n)
    this.dist = new Float64Array(this.n)
    this.weight = new Float64Array(this.n)
    let lo = Infinity
    let hi = -Infinity
    for (let j = 0; j < this.n; j++) {
      lo = Math.min(lo, values[j]!)
      hi = Math.max(hi, values[j]!)
    }
    this.valueRange = hi - lo
    this.t2 = windowT2(this.n, hi - lo, tolerance)
    let sum = 0
    for (let j = 0; j < this.n; j++) sum += values[j]!
    this.centre = sum / this.n
  }

  /** Score at theta; when `grad` is given, fills dS/dtheta. */
  evaluate(theta: Float64Array, grad: Float64Array | null): number {
    return this.pass(theta, grad).score
  }

  /**
   * Score at theta and a bound on its error: each estimate is within e of
   * its exact value, so each squared error r^2 moves by at most 2 |r| e + e^2.
   */
  scoreWithBound(theta: Float64Array): BoundedScore {
    const { score, rowBound, worstSquare } = this.pass(theta, null)
    return { score, errorBound: rowBound > 0 ? 2 * Math.sqrt(worstSquare) * rowBound + rowBound * rowBound : 0 }
  }

  private pass(theta: Float64Array, grad: Float64Array | null): { score: number; rowBound: number; worstSquare: number } {
    this.evaluations++
    const { n, d, keys, scaled } = this
    for (let l = 0; l < d; l++) {
      const inv = Math.exp(-theta[l]!)
      for (let j = 0; j < n; j++) scaled[j * d + l] = keys[j * d + l]! * inv
    }
    if (grad) grad.fill(0)
    let score = 0
    let worstSquare = 0
    // A window row: each of at most n - 1 keys left out weighs below exp(-t2 / 2) of its nearest key's weight 1.
    const windowBound = (n - 1) * Math.exp(-0.5 * this.t2) * this.valueRange
    let rowBound = 0
    if (takesDensePath(n * n)) {
      for (let i = 0; i < n; i++) {
        const r2 = this.row(i, null, grad)
        score += r2
        if (r2 > worstSquare) worstSquare = r2
      }
    } else if (this.windowShare() > SYMMETRIC_SHARE) {
      this.symmetric ??= { scratch: symmetricScratch(n, d), rowScore: new Float64Array(n), redo: new Int32Array(n) }
      const { scratch, rowScore, redo } = this.symmetric
      const reach = Math.min(MAX_FAR, this.sampledFar) + this.t2
      const outside = (n - 1) * Math.exp(-0.5 * reach) * this.valueRange
      const floor = Math.max(MIN_DENOMINATOR, outside / Math.max(this.tolerance, 1e-300))
      const count = symmetricLoo(scaled, d, this.values, this.centre, scratch, rowScore, grad, redo, reach, floor)
      rowBound = outside / floor
      if (count > 0) {
        const tree = new KdTree(scaled, d)
        for (let k = 0; k < count; k++) rowScore[redo[k]!] = this.row(redo[k]!, tree, grad)
        rowBound = Math.max(rowBound, windowBound)
      }
      for (let i = 0; i < n; i++) {
        const r2 = rowScore[i]!
        score += r2
        if (r2 > worstSquare) worstSquare = r2
      }
    } else {
      const tree = new KdTree(scaled, d)
      for (let i = 0; i < n; i++) {
        const r2 = this.row(i, tree, grad)
        score += r2
        if (r2 > worstSquare) worstSquare = r2
      }
      rowBound = windowBound
    }
    if (grad) for (let l = 0; l < d; l++) grad[l] = (-2 * grad[l]!) / n
    return { score: score / n, rowBound, worstSquare }
  }

  /** Mean share of the keys in the Gaussian window over a few evenly spaced rows (brute force). */
  private windowShare(): number {
    const { n, d, scaled, dist } = this
    let inside = 0
    this.sampledFar = 0
    for (let s = 0; s < SHARE_SAMPLES; s++) {
      const i = Math.floor(((s + 0.5) * n) / SHARE_SAMPLES)
      const nearest = squaredDistances(scaled, i * d, scaled, n, d, dist, i)
      if (nearest > this.sampledFar) this.sampledFar = nearest
      for (let j = 0; j < n; j++) if (dist[j]! <= nearest + this.t2) inside++
    }
    return inside / SHARE_SAMPLES / n
  }

  /** Row i's squared leave-one-out error; adds its (unscaled) gradient terms to grad. */
  private row(i: number, tree: KdTree | null, grad: Float64Array | null): number {
    const { n, d, scaled, values, idx, dist, weight } = this
    let count = 0
    let sMin = Infinity
    if (tree) {
      sMin = tree.nearest(scaled, i, i)
      const r2 = sMin + this.t2
      const ranges = tree.search(scaled, i, r2, 0, this.into)
      const rs = this.into.ranges
      const order = tree.order
      const pts = tree.points
      for (let g = 0; g < ranges; g++) {
        for (let t = rs[2 * g]!; t < rs[2 * g + 1]!; t++) {
          const j = order[t]!
          if (j === i) continue
          let s = 0
          for (let l = 0; l < d; l++) {
            const u = scaled[i * d + l]! - pts[t * d + l]!
            s += u * u
          }
          if (s > r2) continue
          idx[count] = j
          dist[count++] = s
        }
      }
    } else {
      for (let j = 0; j < n; j++) {
        if (j === i) continue
        let s = 0
        for (let l = 0; l < d; l++) {
          const u = scaled[i * d + l]! - scaled[j * d + l]!
          s += u * u
        }
        if (s < sMin) sMin = s
        idx[count] = j
        dist[count++] = s
      }
    }
    let den = 0
    let num = 0
    for (let e = 0; e < count; e++) {
      const w = expNeg(-0.5 * (dist[e]! - sMin))
      weight[e] = w
      den += w
      num += w * values[idx[e]!]!
    }
    const f = num / den
    const r = values[i]! - f
    if (!grad) return r * r
    const coef = r / den
    for (let e = 0; e < count; e++) {
      const j = idx[e]!
      const c = coef * weight[e]! * (values[j]! - f)
      for (let l = 0; l < d; l++) {
        const u = scaled[i * d + l]! - scaled[j * d + l]!
        grad[l] = grad[l]! + c * u * u
      }
    }
    return r * r
  }
}
