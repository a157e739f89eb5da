import type { CompactKernelId } from '../kernels'

/**
 * A compact kernel written so that window sums come from moments of the
 * keys. On its support every kernel but the cosine is a polynomial in |u|:
 *
 *   K(u) = sum_k a_k |u|^k,   |u| < 1   (|u| <= 1 for the boxcar)
 *
 * With u = (q - k) / sigma = Delta - d, where Delta = (q - c) / sigma and
 * d = (k - c) / sigma are measured from a centre c near both, a sum over keys
 * sum_j w_j K(u_j) is sum_r coef_r(Delta) * sum_j w_j d_j^r: moments of the
 * keys (prefix sums) times coefficients that depend on the query only.
 * Odd powers of |u| (triangular, tricube) are a different polynomial on each
 * side of the query, so those kernels sum the two sides separately.
 *
 * The cosine uses cos(a - b) = cos a cos b + sin a sin b instead: its
 * "moments" are sum w cos(pi d / 2) and sum w sin(pi d / 2).
 */
export interface CompactShape {
  kernel: CompactKernelId
  /** a_k of K on u >= 0; empty for the cosine. */
  coefficients: Float64Array
  /** Moments per weight channel: degree + 1, or 2 for the cosine. */
  momentCount: number
  /** The kernel has odd powers of |u|: keys left and right of the query take different polynomials. */
  split: boolean
  /** The support includes |u| = 1 (only the boxcar has a nonzero weight there). */
  inclusive: boolean
  cosine: boolean
  /**
   * Width of the cells whose moments are summed, in bandwidths. A window of
   * 2 sigma meets fewer wide cells, but the expansion of (Delta - d)^degree
   * about a centre up to 1 + w/2 from the query and w/2 from its keys grows
   * like (1 + w)^degree: the width keeps that amplification of rounding
   * near 50, and at most 4 so that prefix sums stay local.
   */
  cellWidth: number
}

/** Largest amplification of the moments' rounding that a cell width may cause. */
const MAX_AMPLIFICATION = 50
const MAX_CELL_WIDTH = 4

const POLYNOMIALS: Record<Exclude<CompactKernelId, 'cosine'>, number[]> = {
  boxcar: [1],
  triangular: [1, -1],
  epanechnikov: [1, 0, -1],
  quartic: [1, 0, -2, 0, 1],
  triweight: [1, 0, -3, 0, 3, 0, -1],
  tricube: [1, 0, 0, -3, 0, 0, 3, 0, 0, -1],
}

export function compactShape(kernel: CompactKernelId): CompactShape {
  if (kernel === 'cosine') {
    return { kernel, coefficients: new Float64Array(0), momentCount: 2, split: false, inclusive: false, cosine: true, cellWidth: MAX_CELL_WIDTH }
  }
  const a = POLYNOMIALS[kernel]
  let odd = false
  for (let k = 1; k < a.length; k += 2) if (a[k] !== 0) odd = true
  const degree = a.length - 1
  return {
    kernel,
    coefficients: Float64Array.from(a),
    momentCount: a.length,
    split: odd,
    inclusive: kernel === 'boxcar',
    cosine: false,
    cellWidth: degree === 0 ? MAX_CELL_WIDTH : Math.min(MAX_CELL_WIDTH, MAX_AMPLIFICATION ** (1 / degree) - 1),
  }
}

const HALF_PI = Math.PI / 2

/** Moment functions of d = (key - centre) / sigma, written into out[0 .. momentCount). */
export function momentFunctions(shape: CompactShape, d: number, out: Float64Array): void {
  if (shape.cosine) {
    out[0] = Math.cos(HALF_PI * d)
    out[1] = Math.sin(HALF_PI * d)
    return
  }
  let p = 1
  for (let r = 0; r < shape.momentCount; r++) {
    out[r] = p
    p *= d
  }
}

/**
 * Coefficients that turn moments about a centre into the kernel sum, for
 * Delta = (q - centre) / sigma and keys on the given side of the query
 * (right: keys above q, where u < 0 and |u|^k = (-u)^k). Returns the error
 * amplification for keys within rho of the centre: sum_k |a_k| (|Delta| + rho)^k
 * bounds sum_r |coef_r| rho^r (how much the moments' rounding is magnified)
 * and the rounding of the coefficients themselves, which cancel badly where
 * the kernel is near 0 (P(Delta) = 1 - 3 Delta^2 + ... at Delta near 1).
 *
 * For a polynomial, sum_k e_k (Delta - d)^k = sum_r (-1)^r b_r d^r where b
 * are the coefficients of the Taylor shift P(Delta + x); Horner's scheme
 * repeated (synthetic division) computes them in degree^2 / 2 steps.
 */
export function shapeCoefficients(shape: CompactShape, delta: number, right: boolean, rho: number, out: Float64Array): number {
  if (shape.cosine) {
    const c = Math.cos(HALF_PI * delta)
    const s = Math.sin(HALF_PI * delta)
    out[0] = c
    out[1] = s
    return Math.abs(c) + Math.abs(s)
  }
  const m = shape.momentCount
  const a = shape.coefficients
  for (let k = 0; k < m; k++) out[k] = right && k % 2 === 1 ? -a[k]! : a[k]!
  for (let i = 0; i < m - 1; i++) {
    for (let j = m - 2; j >= i; j--) out[j] = out[j]! + delta * out[j + 1]!
  }
  let amplification = 0
  let power = 1
  const reach = Math.abs(delta) + rho
  for (let r = 0; r < m; r++) {
    if (r % 2 === 1) out[r] = -out[r]!
    amplification += Math.abs(a[r]!) * power
    power *= reach
  }
  return amplification
}
