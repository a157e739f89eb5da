import { gaussianPairSums as gaussianPairSumsImport } from './gaussianSums'
import { isGaussianDistance, type Prepared } from './prepare'
import { LocalLinearSums } from './localLinear'
import { fillRow } from './row'

// Bound once: under tsx (esbuild's CommonJS output) each use of an imported name is a getter call.
const gaussianPairSums = gaussianPairSumsImport
/** From this many coordinates the fused pass (gaussianSums.ts) beats distances, weights and sums in three passes. */
const FUSED_MIN_DIMENSION = 4

/**
 * Dense estimation: every query against every key, O(n m d) time and O(n)
 * scratch. The reference for the fast paths, and the path for dot-product
 * scoring and for problems the k-d tree cannot prune. Queries are
 * independent, so any split of them (chunks, threads) gives the same bits.
 */
export class DenseEvaluator {
  private readonly row: Float64Array
  private readonly ll: LocalLinearSums | null
  /** Gaussian Nadaraya-Watson regression in d >= 4: two queries per pass over the keys. */
  private readonly fused: boolean
  private readonly sums = new Float64Array(4)

  constructor(private readonly p: Prepared) {
    this.row = new Float64Array(p.n)
    this.ll = p.estimator === 'local-linear' ? new LocalLinearSums(p.d) : null
    this.fused = isGaussianDistance(p) && p.estimator === 'nw' && p.c === 1 && p.d >= FUSED_MIN_DIMENSION
  }

  /**
   * Estimates of queries [from, to) of `qs` (p.queries, or p.keys for
   * leave-one-out, each query then leaving its own key out) into out[i * c ..].
   * Undefined estimates are NaN.
   */
  run(qs: Float64Array, from: number, to: number, out: Float64Array, leaveOneOut: boolean): void {
    const { p, row } = this
    const { n, c, values } = p
    if (this.fused && !leaveOneOut) {
      const { d, keys } = p
      const sums = this.sums
      for (let i = from; i < to; i += 2) {
        const b = i + 1 < to ? i + 1 : i
        gaussianPairSums(qs, i * d, b * d, keys, n, d, values, sums)
        out[i] = sums[1]! / sums[0]!
        out[b] = sums[3]! / sums[2]!
      }
      return
    }
    for (let i = from; i < to; i++) {
      const sum = fillRow(p, qs, i, row, leaveOneOut ? i : -1)
      if (!(sum > 0)) {
        for (let ch = 0; ch < c; ch++) out[i * c + ch] = NaN
        continue
      }
      if (this.ll) {
        const ll = this.ll
        ll.reset()
        for (let j = 0; j < n; j++) {
          const w = row[j]!
          if (w !== 0) ll.add(w, values[j]!, p.keys, j, qs, i)
        }
        out[i] = ll.solve()
        continue
      }
      if (c === 1) {
        let acc = 0
        for (let j = 0; j < n; j++) acc += row[j]! * values[j]!
        out[i] = acc / sum
        continue
      }
      for (let ch = 0; ch < c; ch++) out[i * c + ch] = 0
      for (let j = 0; j < n; j++) {
        const w = row[j]!
        if (w === 0) continue
        for (let ch = 0; ch < c; ch++) out[i * c + ch] = out[i * c + ch]! + w * values[j * c + ch]!
      }
      for (let ch = 0; ch < c; ch++) out[i * c + ch] = out[i * c + ch]! / sum
    }
  }

  /** Normalised weights of query i into `into` (length n); returns false when undefined (all zero). */
  weights(qs: Float64Array, i: number, into: Float64Array, exclude = -1): boolean {
    const sum = fillRow(this.p, qs, i, into, exclude)
    if (!(sum > 0)) {
      into.fill(0)
      return false
    }
    for (let j = 0; j < this.p.n; j++) into[j] = into[j]! / sum
    return true
  }
}
