import { windowT2 } from '../fast/gaussWindow'
import { takesDensePath } from '../route'
import { squaredDistances as squaredDistancesImport } from './distances'
import * as fastExp from './fastExp'
import { KdTree } from './kdtree'
import { symmetricLoo, symmetricScratch, type SymmetricScratch } from './looSymmetric'

// Bound once: under tsx (esbuild's CommonJS output) each use of an imported name is a getter call in the hot loop.
const { expNeg } = fastExp
const squaredDistances = squaredDistancesImport
/** Above this mean window share the tree prunes too little: one symmetric pass over all pairs costs less. */
const SYMMETRIC_SHARE = 0.2
const SHARE_SAMPLES = 16
/** Rows whose nearest key is farther than this quantile of the nearest distances are done one by one. */
const FAR_QUANTILE = 0.99
/** Absolute weights exp(-s / 2) stay far from underflow up to s = MAX_FAR. */
const MAX_FAR = 900

function quantile(x: Float64Array, q: number): number {
  const sorted = Float64Array.from(x).sort()
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
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
 * search only ranks widths, and the final score is recomputed exactly by the
 * caller.
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
  private symmetric: { scratch: SymmetricScratch; rowScore: Float64Array; redo: Int32Array; skip: Uint8Array; nearest: Float64Array } | null = null
  /** Evaluations so far (for reports). */
  evaluations = 0

  constructor(
    private readonly keys: Float64Array,
    readonly d: number,
    private readonly values: Float64Array,
    tolerance: number,
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
    this.t2 = windowT2(this.n, hi - lo, tolerance)
    let sum = 0
    for (let j = 0; j < this.n; j++) sum += values[j]!
    this.centre = sum / this.n
  }

  /** Score at theta; when `grad` is given, fills dS/dtheta. */
  evaluate(theta: Float64Array, grad: Float64Array | null): number {
    this.evaluations++
    const { n, d, keys, scaled } = this
    for (let l = 0; l < d; l++) {
      const inv = Math.exp(-theta[l]!)
      for (let j = 0; j < n; j++) scaled[j * d + l] = keys[j * d + l]! * inv
    }
    if (grad) grad.fill(0)
    let score = 0
    if (takesDensePath(n * n)) {
      for (let i = 0; i < n; i++) score += this.row(i, null, grad)
    } else if (this.windowShare() > SYMMETRIC_SHARE) {
      this.symmetric ??= { scratch: symmetricScratch(n, d), rowScore: new Float64Array(n), redo: new Int32Array(n), skip: new Uint8Array(n), nearest: new Float64Array(n) }
      const { scratch, rowScore, redo, skip, nearest } = this.symmetric
      // Every pair within s_min + t2 of either row, for rows whose nearest key is within `far`; the
      // others (the farthest 1%, and any beyond exp(-far / 2) underflow) are redone on their own.
      const tree = new KdTree(scaled, d)
      for (let i = 0; i < n; i++) nearest[i] = tree.nearest(scaled, i, i)
      const far = Math.min(MAX_FAR, quantile(nearest, FAR_QUANTILE))
      for (let i = 0; i < n; i++) skip[i] = nearest[i]! > far ? 1 : 0
      const count = symmetricLoo(scaled, d, this.values, this.centre, scratch, rowScore, grad, redo, far + this.t2, skip)
      for (let k = 0; k < count; k++) rowScore[redo[k]!] = this.row(redo[k]!, tree, grad)
      for (let i = 0; i < n; i++) score += rowScore[i]!
    } else {
      const tree = new KdTree(scaled, d)
      for (let i = 0; i < n; i++) score += this.row(i, tree, grad)
    }
    if (grad) for (let l = 0; l < d; l++) grad[l] = (-2 * grad[l]!) / n
    return score / n
  }

  /** Mean share of the keys in the Gaussian window over a few evenly spaced rows (brute force). */
  private windowShare(): number {
    const { n, d, scaled, dist } = this
    let inside = 0
    for (let s = 0; s < SHARE_SAMPLES; s++) {
      const i = Math.floor(((s + 0.5) * n) / SHARE_SAMPLES)
      const nearest = squaredDistances(scaled, i * d, scaled, n, d, dist, i)
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
