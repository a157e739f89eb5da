import { solveIntercept, solveScratch, type SolveScratch } from './linearSolve'

/**
 * Sums of the local-linear fit at one query, in scaled coordinates
 * u = k~ - q~ (statsmodels' exog - data_predict, divided by the widths):
 *
 *   M = sum_j w_j [1, u_j^T; u_j, u_j u_j^T],   V = sum_j w_j y_j [1; u_j]
 *
 * The estimate is beta_0 of M beta = V. Scaling the slope coordinates by
 * the widths leaves beta_0 unchanged and keeps M well scaled.
 */
export class LocalLinearSums {
  readonly k: number
  readonly M: Float64Array
  readonly V: Float64Array
  private readonly u: Float64Array
  private readonly scratch: SolveScratch
  readonly inverseNorm = { value: 0 }

  constructor(readonly d: number) {
    this.k = d + 1
    this.M = new Float64Array(this.k * this.k)
    this.V = new Float64Array(this.k)
    this.u = new Float64Array(this.k)
    this.scratch = solveScratch(this.k)
  }

  reset(): void {
    this.M.fill(0)
    this.V.fill(0)
  }

  /** Adds key (keys, row k) with weight w and value y for the query (qs, row q). */
  add(w: number, y: number, keys: Float64Array, k: number, qs: Float64Array, q: number): void {
    const { d, M, V, u } = this
    const kk = this.k
    u[0] = 1
    for (let l = 0; l < d; l++) u[l + 1] = keys[k * d + l]! - qs[q * d + l]!
    const wy = w * y
    for (let a = 0; a < kk; a++) {
      const wa = w * u[a]!
      V[a] = V[a]! + wy * u[a]!
      // Upper triangle only; mirrored before solving.
      for (let b = a; b < kk; b++) M[a * kk + b] = M[a * kk + b]! + wa * u[b]!
    }
  }

  /** beta_0; with `bound`, inverseNorm.value gets an upper bound on ||M^-1||_2. */
  solve(bound = false): number {
    const { M, k } = this
    for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) M[b * k + a] = M[a * k + b]!
    return solveIntercept(M, this.V, k, this.scratch, bound ? this.inverseNorm : undefined)
  }

  /**
   * The first row of pinv(M) (M symmetric: its first column), into `out`
   * (length d + 1), after `add`s: the estimate's weight on key j is then
   * w_j (out . [1; u_j]), the local-linear fit as a linear smoother.
   */
  firstRowOfInverse(out: Float64Array): void {
    const { M, k } = this
    for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) M[b * k + a] = M[a * k + b]!
    const e1 = new Float64Array(k)
    e1[0] = 1
    if (Number.isNaN(solveIntercept(M, e1, k, this.scratch, undefined, out))) out.fill(NaN)
  }
}
