/**
 * The local-linear fit's (d+1) x (d+1) weighted least-squares system
 * M beta = V, solved as statsmodels solves it (beta = pinv(M) V): by a
 * Cholesky factorisation when M is comfortably positive definite, otherwise
 * by its eigen-decomposition (cyclic Jacobi), dropping eigenvalues below
 * 1e-15 times the largest, which is numpy's pinv cut-off for a symmetric
 * positive semi-definite M. Returns beta_0, the estimate; NaN when M = 0.
 */

const PINV_RCOND = 1e-15
/** A Cholesky pivot below this fraction of its diagonal entry hands over to the eigen-decomposition. */
const PIVOT_FLOOR = 1e-12
const JACOBI_SWEEPS = 60

export interface SolveScratch {
  a: Float64Array
  v: Float64Array
  b: Float64Array
}

export function solveScratch(k: number): SolveScratch {
  return { a: new Float64Array(k * k), v: new Float64Array(k * k), b: new Float64Array(k) }
}

/**
 * M (k x k, both triangles filled) and V (length k); M and V are left
 * unchanged. `inverseNorm`, when given, receives an upper bound on
 * ||M^-1||_2 (Frobenius norm of the inverse; Infinity if M is singular).
 */
export function solveIntercept(M: Float64Array, V: Float64Array, k: number, s: SolveScratch, inverseNorm?: { value: number }, full?: Float64Array): number {
  if (!(M[0]! > 0)) return NaN
  const beta0 = cholesky(M, V, k, s, inverseNorm)
  if (beta0 !== null) {
    full?.set(s.b.subarray(0, k))
    return beta0
  }
  if (inverseNorm) inverseNorm.value = Infinity
  return pinvIntercept(M, V, k, s, full)
}

function cholesky(M: Float64Array, V: Float64Array, k: number, s: SolveScratch, inverseNorm?: { value: number }): number | null {
  const L = s.a
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let acc = M[i * k + j]!
      for (let t = 0; t < j; t++) acc -= L[i * k + t]! * L[j * k + t]!
      if (i === j) {
        if (!(acc > PIVOT_FLOOR * M[i * k + i]!)) return null
        L[i * k + i] = Math.sqrt(acc)
      } else {
        L[i * k + j] = acc / L[j * k + j]!
      }
    }
  }
  const y = s.b
  forwardBack(L, k, V, y)
  const beta0 = y[0]!
  if (inverseNorm) {
    const solution = Float64Array.from(y.subarray(0, k))
    // ||M^-1||_F^2 = sum over unit vectors e_i of |M^-1 e_i|^2.
    const e = s.v
    let total = 0
    for (let i = 0; i < k; i++) {
      e.fill(0, 0, k)
      e[i] = 1
      forwardBack(L, k, e.subarray(0, k), y)
      for (let t = 0; t < k; t++) total += y[t]! * y[t]!
    }
    inverseNorm.value = Math.sqrt(total)
    y.set(solution)
  }
  return beta0
}

/** Solves L L^T y = rhs. */
function forwardBack(L: Float64Array, k: number, rhs: Float64Array, y: Float64Array): void {
  for (let i = 0; i < k; i++) {
    let acc = rhs[i]!
    for (let t = 0; t < i; t++) acc -= L[i * k + t]! * y[t]!
    y[i] = acc / L[i * k + i]!
  }
  for (let i = k - 1; i >= 0; i--) {
    let acc = y[i]!
    for (let t = i + 1; t < k; t++) acc -= L[t * k + i]! * y[t]!
    y[i] = acc / L[i * k + i]!
  }
}

/** Eigen-decomposition A = Q diag(lambda) Q^T by cyclic Jacobi rotations; beta = Q diag(1/lambda) Q^T V over kept eigenvalues. */
function pinvIntercept(M: Float64Array, V: Float64Array, k: number, s: SolveScratch, full?: Float64Array): number {
  const A = s.a
  const Q = s.v
  A.set(M.subarray(0, k * k))
  Q.fill(0, 0, k * k)
  for (let i = 0; i < k; i++) Q[i * k + i] = 1
  for (let sweep = 0; sweep < JACOBI_SWEEPS; sweep++) {
    let off = 0
    let diag = 0
    for (let i = 0; i < k; i++) {
      diag += A[i * k + i]! * A[i * k + i]!
      for (let j = i + 1; j < k; j++) off += A[i * k + j]! * A[i * k + j]!
    }
    if (off <= 1e-32 * diag) break
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = A[p * k + q]!
        if (apq === 0) continue
        const app = A[p * k + p]!
        const aqq = A[q * k + q]!
        const theta = (aqq - app) / (2 * apq)
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1)
        const sn = t * c
        for (let r = 0; r < k; r++) {
          const arp = A[r * k + p]!
          const arq = A[r * k + q]!
          A[r * k + p] = c * arp - sn * arq
          A[r * k + q] = sn * arp + c * arq
        }
        for (let r = 0; r < k; r++) {
          const apr = A[p * k + r]!
          const aqr = A[q * k + r]!
          A[p * k + r] = c * apr - sn * aqr
          A[q * k + r] = sn * apr + c * aqr
        }
        for (let r = 0; r < k; r++) {
          const qrp = Q[r * k + p]!
          const qrq = Q[r * k + q]!
          Q[r * k + p] = c * qrp - sn * qrq
          Q[r * k + q] = sn * qrp + c * qrq
        }
      }
    }
  }
  let largest = 0
  for (let i = 0; i < k; i++) largest = Math.max(largest, Math.abs(A[i * k + i]!))
  const cutoff = PINV_RCOND * largest
  let beta0 = 0
  full?.fill(0, 0, k)
  for (let e = 0; e < k; e++) {
    const lambda = A[e * k + e]!
    if (!(Math.abs(lambda) > cutoff)) continue
    let proj = 0
    for (let r = 0; r < k; r++) proj += Q[r * k + e]! * V[r]!
    beta0 += (Q[e]! * proj) / lambda
    if (full) for (let r = 0; r < k; r++) full[r] = full[r]! + (Q[r * k + e]! * proj) / lambda
  }
  return beta0
}
