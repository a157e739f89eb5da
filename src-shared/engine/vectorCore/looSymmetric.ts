import * as fastExp from './fastExp'

// Bound once: under tsx (esbuild's CommonJS output) each use of an imported name is a getter call in the hot loop.
const { expNeg } = fastExp

/**
 * The leave-one-out score and gradient of the Gaussian Nadaraya-Watson
 * estimator (looObjective.ts) in one pass over the pairs i < j: the weight
 * w_ij = exp(-|u_ij|^2 / 2) is symmetric, so each pair's exp serves both
 * rows, half the exps of a row-by-row pass. For this the weights are
 * absolute, not relative to each row's nearest key, and the gradient is
 * summed as sum_j w_ij (y_j - c) u_ijl^2 - (f_i - c) sum_j w_ij u_ijl^2 with
 * values centred at their mean c (the search only needs the gradient's
 * direction; the score itself has no such difference).
 *
 * A row whose denominator falls below MIN_DENOMINATOR (its nearest key more
 * than ~30 widths away, where terms start to underflow) is not trusted: its
 * index is returned for the caller to recompute relative to its nearest key.
 */
const MIN_DENOMINATOR = 1e-200

export interface SymmetricScratch {
  den: Float64Array
  num: Float64Array
  /** Row-major n x d: sum_j w_ij u_ijl^2 and sum_j w_ij (y_j - c) u_ijl^2. */
  sq: Float64Array
  sqValue: Float64Array
  u2: Float64Array
  padded: Float64Array
}

export function symmetricScratch(n: number, d: number): SymmetricScratch {
  const stride = d <= 4 ? 4 : d
  return {
    den: new Float64Array(n),
    num: new Float64Array(n),
    sq: new Float64Array(n * stride),
    sqValue: new Float64Array(n * stride),
    u2: new Float64Array(d),
    padded: d <= 4 ? new Float64Array(n * 4) : new Float64Array(0),
  }
}

/** Inputs with up to 4 coordinates padded with zeros to 4: one unrolled loop serves d = 1 .. 4. */
function pad4(scaled: Float64Array, d: number, s: SymmetricScratch): Float64Array {
  const out = s.padded
  const n = scaled.length / d
  for (let i = 0; i < n; i++) for (let l = 0; l < d; l++) out[i * 4 + l] = scaled[i * d + l]!
  return out
}

function pairsUpTo4(x: Float64Array, values: Float64Array, centre: number, s: SymmetricScratch, withGradient: boolean): void {
  const n = values.length
  const { den, num, sq, sqValue } = s
  for (let i = 0; i < n; i++) {
    const yi = values[i]! - centre
    const a0 = x[4 * i]!
    const a1 = x[4 * i + 1]!
    const a2 = x[4 * i + 2]!
    const a3 = x[4 * i + 3]!
    let di = 0
    let ni = 0
    let q0 = 0
    let q1 = 0
    let q2 = 0
    let q3 = 0
    let v0 = 0
    let v1 = 0
    let v2 = 0
    let v3 = 0
    for (let j = i + 1; j < n; j++) {
      const k = 4 * j
      const u0 = a0 - x[k]!
      const u1 = a1 - x[k + 1]!
      const u2 = a2 - x[k + 2]!
      const u3 = a3 - x[k + 3]!
      const s0 = u0 * u0
      const s1 = u1 * u1
      const s2 = u2 * u2
      const s3 = u3 * u3
      const w = expNeg(-0.5 * (s0 + s1 + s2 + s3))
      if (w === 0) continue
      const yj = values[j]! - centre
      const wyj = w * yj
      const wyi = w * yi
      di += w
      ni += wyj
      den[j] = den[j]! + w
      num[j] = num[j]! + wyi
      if (!withGradient) continue
      q0 += w * s0
      q1 += w * s1
      q2 += w * s2
      q3 += w * s3
      v0 += wyj * s0
      v1 += wyj * s1
      v2 += wyj * s2
      v3 += wyj * s3
      sq[k] = sq[k]! + w * s0
      sq[k + 1] = sq[k + 1]! + w * s1
      sq[k + 2] = sq[k + 2]! + w * s2
      sq[k + 3] = sq[k + 3]! + w * s3
      sqValue[k] = sqValue[k]! + wyi * s0
      sqValue[k + 1] = sqValue[k + 1]! + wyi * s1
      sqValue[k + 2] = sqValue[k + 2]! + wyi * s2
      sqValue[k + 3] = sqValue[k + 3]! + wyi * s3
    }
    den[i] = den[i]! + di
    num[i] = num[i]! + ni
    const k = 4 * i
    sq[k] = sq[k]! + q0
    sq[k + 1] = sq[k + 1]! + q1
    sq[k + 2] = sq[k + 2]! + q2
    sq[k + 3] = sq[k + 3]! + q3
    sqValue[k] = sqValue[k]! + v0
    sqValue[k + 1] = sqValue[k + 1]! + v1
    sqValue[k + 2] = sqValue[k + 2]! + v2
    sqValue[k + 3] = sqValue[k + 3]! + v3
  }
}

function pairs(scaled: Float64Array, d: number, values: Float64Array, centre: number, s: SymmetricScratch, withGradient: boolean): void {
  const n = values.length
  const { den, num, sq, sqValue, u2 } = s
  for (let i = 0; i < n; i++) {
    const yi = values[i]! - centre
    const qi = i * d
    let di = 0
    let ni = 0
    for (let j = i + 1; j < n; j++) {
      const qj = j * d
      let dist = 0
      for (let l = 0; l < d; l++) {
        const u = scaled[qi + l]! - scaled[qj + l]!
        const v = u * u
        u2[l] = v
        dist += v
      }
      const w = expNeg(-0.5 * dist)
      if (w === 0) continue
      const yj = values[j]! - centre
      di += w
      ni += w * yj
      den[j] = den[j]! + w
      num[j] = num[j]! + w * yi
      if (!withGradient) continue
      const wyj = w * yj
      const wyi = w * yi
      for (let l = 0; l < d; l++) {
        const v = u2[l]!
        sq[qi + l] = sq[qi + l]! + w * v
        sqValue[qi + l] = sqValue[qi + l]! + wyj * v
        sq[qj + l] = sq[qj + l]! + w * v
        sqValue[qj + l] = sqValue[qj + l]! + wyi * v
      }
    }
    den[i] = den[i]! + di
    num[i] = num[i]! + ni
  }
}

/**
 * Adds each row's squared error to rowScore and (with grad) its gradient
 * terms; rows it cannot trust are listed in `redo` (returns their count),
 * their entries left at 0.
 */
export function symmetricLoo(scaled: Float64Array, d: number, values: Float64Array, centre: number, s: SymmetricScratch, rowScore: Float64Array, grad: Float64Array | null, redo: Int32Array): number {
  const n = values.length
  const { den, num, sq, sqValue } = s
  den.fill(0)
  num.fill(0)
  sq.fill(0)
  sqValue.fill(0)
  if (d <= 4) pairsUpTo4(pad4(scaled, d, s), values, centre, s, grad !== null)
  else pairs(scaled, d, values, centre, s, grad !== null)
  let count = 0
  for (let i = 0; i < n; i++) {
    const D = den[i]!
    if (!(D >= MIN_DENOMINATOR)) {
      redo[count++] = i
      rowScore[i] = 0
      continue
    }
    const g = num[i]! / D
    const r = values[i]! - centre - g
    rowScore[i] = r * r
    if (!grad) continue
    const coef = r / D
    const stride = d <= 4 ? 4 : d
    for (let l = 0; l < d; l++) grad[l] = grad[l]! + coef * (sqValue[i * stride + l]! - g * sq[i * stride + l]!)
  }
  return count
}
