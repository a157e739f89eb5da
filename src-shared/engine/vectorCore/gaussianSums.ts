import * as fastExp from './fastExp'

// Bound once: under tsx (esbuild's CommonJS output) each use of an imported name is a getter call in the hot loop.
const { expNeg } = fastExp

/**
 * The dense Gaussian Nadaraya-Watson sums of two queries in one pass over
 * the keys: out = [den_a, num_a, den_b, num_b], the sums of
 * w_j = exp(-(s_j - s_min) / 2) and w_j v_j, s_j = |q - k_j|^2 scaled, each
 * relative to its query's nearest key as the row-by-row reference (row.ts)
 * is, so the nearest weighs 1 however narrow the widths.
 *
 * Why one pass and two queries: the reference writes n distances, then n
 * weights, then reads them back; here each key is loaded once for both
 * queries and its weight added at once. The nearest key is not known ahead,
 * so the sums are kept relative to the nearest key so far and rescaled when
 * a nearer one comes (the streaming softmax of attention kernels): about
 * ln n rescales per query, each exact to rounding. The estimates agree with
 * the reference to rounding (a few ulp of the sums), so the dense path's
 * error bound stays 0. Pass qb = qa for a single query.
 */
export function gaussianPairSums(qs: Float64Array, qa: number, qb: number, keys: Float64Array, n: number, d: number, values: Float64Array, out: Float64Array): void {
  const whole = d - (d % 4)
  let bestA = Infinity
  let denA = 0
  let numA = 0
  let bestB = Infinity
  let denB = 0
  let numB = 0
  for (let j = 0, k = 0; j < n; j++, k += d) {
    let a0 = 0
    let a1 = 0
    let b0 = 0
    let b1 = 0
    let l = 0
    for (; l < whole; l += 4) {
      const k0 = keys[k + l]!
      const k1 = keys[k + l + 1]!
      const k2 = keys[k + l + 2]!
      const k3 = keys[k + l + 3]!
      const u0 = qs[qa + l]! - k0
      const u1 = qs[qa + l + 1]! - k1
      const u2 = qs[qa + l + 2]! - k2
      const u3 = qs[qa + l + 3]! - k3
      const v0 = qs[qb + l]! - k0
      const v1 = qs[qb + l + 1]! - k1
      const v2 = qs[qb + l + 2]! - k2
      const v3 = qs[qb + l + 3]! - k3
      a0 += u0 * u0 + u1 * u1
      a1 += u2 * u2 + u3 * u3
      b0 += v0 * v0 + v1 * v1
      b1 += v2 * v2 + v3 * v3
    }
    for (; l < d; l++) {
      const kl = keys[k + l]!
      const u = qs[qa + l]! - kl
      const v = qs[qb + l]! - kl
      a0 += u * u
      b0 += v * v
    }
    const sa = a0 + a1
    const sb = b0 + b1
    const y = values[j]!
    if (sa < bestA) {
      const r = expNeg(-0.5 * (bestA - sa))
      denA *= r
      numA *= r
      bestA = sa
    }
    const wa = expNeg(-0.5 * (sa - bestA))
    denA += wa
    numA += wa * y
    if (sb < bestB) {
      const r = expNeg(-0.5 * (bestB - sb))
      denB *= r
      numB *= r
      bestB = sb
    }
    const wb = expNeg(-0.5 * (sb - bestB))
    denB += wb
    numB += wb * y
  }
  out[0] = denA
  out[1] = numA
  out[2] = denB
  out[3] = numB
}
