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
 * than ~30 widths away, where terms start to underflow), or below the
 * caller's own floor, is not trusted: its index is returned for the caller
 * to recompute relative to its nearest key.
 */
export const MIN_DENOMINATOR = 1e-200

export interface SymmetricScratch {
  den: Float64Array
  num: Float64Array
  /** Row-major n x stride: sum_j w_ij u_ijl^2 and sum_j w_ij (y_j - c) u_ijl^2, in sorted order and permuted coordinates. */
  sq: Float64Array
  sqValue: Float64Array
  u2: Float64Array
  /** Inputs sorted along the sweep coordinate, which comes first; stride max(4, d) (zeros beyond d). */
  sorted: Float64Array
  sortedValues: Float64Array
  order: Uint32Array
  rank: Float64Array
}

function strideOf(d: number): number {
  return d <= 4 ? 4 : d
}

export function symmetricScratch(n: number, d: number): SymmetricScratch {
  const stride = strideOf(d)
  return {
    den: new Float64Array(n),
    num: new Float64Array(n),
    sq: new Float64Array(n * stride),
    sqValue: new Float64Array(n * stride),
    u2: new Float64Array(d),
    sorted: new Float64Array(n * stride),
    sortedValues: new Float64Array(n),
    order: new Uint32Array(n),
    rank: new Float64Array(n),
  }
}

/**
 * Adds each row's squared error to rowScore and (with grad) its gradient
 * terms, from every pair whose distance along the sweep coordinate is
 * within sqrt(reach) (Infinity: every pair). Rows it cannot trust, those
 * marked in `skip` and those with a vanishing denominator, are listed in
 * `redo` (returns their count), their rowScore left at 0.
 *
 * Every key a kept row leaves out is beyond `reach` along the sweep, so
 * weighs below exp(-reach / 2); with n keys and values spanning R, a row
 * whose denominator D is at least `minDenominator` is then within
 * (n - 1) exp(-reach / 2) R / minDenominator of its exact estimate (the
 * window bound of gaussWindow.ts with the absolute denominator): the caller
 * picks the floor from its tolerance.
 */
export function symmetricLoo(
  scaled: Float64Array,
  d: number,
  values: Float64Array,
  centre: number,
  s: SymmetricScratch,
  rowScore: Float64Array,
  grad: Float64Array | null,
  redo: Int32Array,
  reach = Infinity,
  minDenominator = MIN_DENOMINATOR,
): number {
  const n = values.length
  const stride = strideOf(d)
  const { den, num, sq, sqValue, sorted, sortedValues, order, rank } = s
  // Sweep along the coordinate of widest scaled spread: the cut-off there prunes most.
  let sweep = 0
  let widest = -1
  for (let l = 0; l < d; l++) {
    let lo = Infinity
    let hi = -Infinity
    for (let i = 0; i < n; i++) {
      const x = scaled[i * d + l]!
      if (x < lo) lo = x
      if (x > hi) hi = x
    }
    if (hi - lo > widest) {
      widest = hi - lo
      sweep = l
    }
  }
  const perm = Array.from({ length: d }, (_, c) => (c === 0 ? sweep : c <= sweep ? c - 1 : c))
  for (let i = 0; i < n; i++) {
    order[i] = i
    rank[i] = scaled[i * d + sweep]!
  }
  order.sort((a, b) => rank[a]! - rank[b]! || a - b)
  sorted.fill(0)
  for (let t = 0; t < n; t++) {
    const i = order[t]!
    for (let c = 0; c < d; c++) sorted[t * stride + c] = scaled[i * d + perm[c]!]!
    sortedValues[t] = values[i]!
  }
  den.fill(0)
  num.fill(0)
  sq.fill(0)
  sqValue.fill(0)
  if (d <= 4) pairsUpTo4(sorted, sortedValues, centre, s, grad !== null, reach)
  else pairs(sorted, d, sortedValues, centre, s, grad !== null, reach)
  let count = 0
  for (let t = 0; t < n; t++) {
    const i = order[t]!
    const D = den[t]!
    if (!(D >= MIN_DENOMINATOR) || !(D >= minDenominator)) {
      redo[count++] = i
      rowScore[i] = 0
      continue
    }
    const g = num[t]! / D
    const r = values[i]! - centre - g
    rowScore[i] = r * r
    if (!grad) continue
    const coef = r / D
    for (let c = 0; c < d; c++) grad[perm[c]!] = grad[perm[c]!]! + coef * (sqValue[t * stride + c]! - g * sq[t * stride + c]!)
  }
  return count
}

function pairsUpTo4(x: Float64Array, values: Float64Array, centre: number, s: SymmetricScratch, withGradient: boolean, reach: number): void {
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
      if (u0 * u0 > reach) break
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

function pairs(scaled: Float64Array, d: number, values: Float64Array, centre: number, s: SymmetricScratch, withGradient: boolean, reach: number): void {
  const n = values.length
  const { den, num, sq, sqValue, u2 } = s
  for (let i = 0; i < n; i++) {
    const yi = values[i]! - centre
    const qi = i * d
    let di = 0
    let ni = 0
    for (let j = i + 1; j < n; j++) {
      const qj = j * d
      const along = scaled[qi]! - scaled[qj]!
      if (along * along > reach) break
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
