import { COMPACT_KERNEL_IDS, type CompactKernelId } from '../kernels'

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
  /** Which of shapeCoefficients' expansions applies (an index: a switch on it is one jump). */
  form: number
}

/** Largest amplification of the moments' rounding that a cell width may cause. */
const MAX_AMPLIFICATION = 50
const MAX_CELL_WIDTH = 4

/** The polynomial kernels in the order of shapeCoefficients' cases. */
const FORMS: Exclude<CompactKernelId, 'cosine'>[] = ['boxcar', 'triangular', 'epanechnikov', 'quartic', 'triweight', 'tricube']
const COSINE_FORM = FORMS.length

export const POLYNOMIALS: Record<Exclude<CompactKernelId, 'cosine'>, number[]> = {
  boxcar: [1],
  triangular: [1, -1],
  epanechnikov: [1, 0, -1],
  quartic: [1, 0, -2, 0, 1],
  triweight: [1, 0, -3, 0, 3, 0, -1],
  tricube: [1, 0, 0, -3, 0, 0, 3, 0, 0, -1],
}

/**
 * The shape of a compact kernel: one object per kernel, made once. Made
 * afresh on every call, the shapes' cell widths (4, a small integer, for
 * some kernels; a fraction for others) made V8 change the objects' layout
 * at the first kernel of the other kind, which threw away the compiled
 * code of every function reading a shape: a worker's first frame of such a
 * kernel at n = 10^5 ran in slow code throughout (about 2x the time).
 */
export function compactShape(kernel: CompactKernelId): CompactShape {
  return SHAPES[kernel]
}

function makeShape(kernel: CompactKernelId): CompactShape {
  if (kernel === 'cosine') {
    return { kernel, coefficients: new Float64Array(0), momentCount: 2, split: false, inclusive: false, cosine: true, cellWidth: MAX_CELL_WIDTH, form: COSINE_FORM }
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
    form: FORMS.indexOf(kernel),
  }
}

// Tricube (a fractional width) made first, so that the field holds doubles from the start.
const SHAPES = Object.fromEntries(['tricube' as const, ...COMPACT_KERNEL_IDS.filter((k) => k !== 'tricube')].map((k) => [k, makeShape(k)])) as Record<CompactKernelId, CompactShape>

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
 * are the coefficients of the Taylor shift P(Delta + x), b_r = P^(r)(Delta) / r!
 * = sum_k e_k C(k, r) Delta^(k - r). Keys right of the query take e_k = (-1)^k a_k,
 * that is P(-x), whose b_r are (-1)^r times the left side's at -Delta: both
 * sides are c_r(x) = sum_k a_k C(k, r) x^(k - r) at x = +-Delta, with the odd
 * ones negated on the left.
 *
 * The c_r are written out per kernel: the polynomials are sparse (tricube
 * has 4 terms of 10), so that is about half the products of a synthetic
 * division, and independent ones where the division is one long chain of
 * dependent steps (which made it most of the compact paths' time). Each c_r
 * is a sum of at most four products of an exact integer and a power of x
 * (at most four roundings each), so its rounding is within 8 eps of
 * sum_k |a_k| C(k, r) |x|^(k - r): the amplification covers it.
 */
export function shapeCoefficients(shape: CompactShape, delta: number, right: boolean, rho: number, out: Float64Array): number {
  // A small dispatcher over one small function per kernel: V8 inlines both into the hot loops that call this
  // (written as one switch of all the expansions, it was too large to inline: a call per segment).
  const x = right ? -delta : delta
  // Odd coefficients carry this sign.
  const g = right ? 1 : -1
  const t = Math.abs(delta) + rho
  switch (shape.form) {
    case 0:
      return boxcarCoefficients(out)
    case 1:
      return triangularCoefficients(x, g, t, out)
    case 2:
      return epanechnikovCoefficients(x, g, t, out)
    case 3:
      return quarticCoefficients(x, g, t, out)
    case 4:
      return triweightCoefficients(x, g, t, out)
    case 5:
      return tricubeCoefficients(x, g, t, out)
    default:
      return cosineCoefficients(delta, out)
  }
}

// Each: the c_r at x (odd ones times g) into out, and the amplification at t = |Delta| + rho.

function boxcarCoefficients(out: Float64Array): number {
  // 1
  out[0] = 1
  return 1
}

function triangularCoefficients(x: number, g: number, t: number, out: Float64Array): number {
  // 1 - x
  out[0] = 1 - x
  out[1] = -g
  return 1 + t
}

function epanechnikovCoefficients(x: number, g: number, t: number, out: Float64Array): number {
  // 1 - x^2
  out[0] = 1 - x * x
  out[1] = g * (-2 * x)
  out[2] = -1
  return 1 + t * t
}

function quarticCoefficients(x: number, g: number, t: number, out: Float64Array): number {
  // 1 - 2x^2 + x^4
  const x2 = x * x
  out[0] = 1 - 2 * x2 + x2 * x2
  out[1] = g * (-4 * x + 4 * x2 * x)
  out[2] = -2 + 6 * x2
  out[3] = g * (4 * x)
  out[4] = 1
  const t2 = 1 + t * t
  return t2 * t2
}

function triweightCoefficients(x: number, g: number, t: number, out: Float64Array): number {
  // 1 - 3x^2 + 3x^4 - x^6
  const x2 = x * x
  const x3 = x2 * x
  const x4 = x2 * x2
  out[0] = 1 - 3 * x2 + 3 * x4 - x4 * x2
  out[1] = g * (-6 * x + 12 * x3 - 6 * x4 * x)
  out[2] = -3 + 18 * x2 - 15 * x4
  out[3] = g * (12 * x - 20 * x3)
  out[4] = 3 - 15 * x2
  out[5] = g * (-6 * x)
  out[6] = -1
  const t2 = 1 + t * t
  return t2 * t2 * t2
}

function tricubeCoefficients(x: number, g: number, t: number, out: Float64Array): number {
  // 1 - 3x^3 + 3x^6 - x^9
  const x2 = x * x
  const x3 = x2 * x
  const x4 = x2 * x2
  const x6 = x3 * x3
  out[0] = 1 - 3 * x3 + 3 * x6 - x6 * x3
  out[1] = g * (-9 * x2 + 18 * x4 * x - 9 * x4 * x4)
  out[2] = -9 * x + 45 * x4 - 36 * x6 * x
  out[3] = g * (-3 + 60 * x3 - 84 * x6)
  out[4] = 45 * x2 - 126 * x4 * x
  out[5] = g * (18 * x - 126 * x4)
  out[6] = 3 - 84 * x3
  out[7] = g * (-36 * x2)
  out[8] = -9 * x
  out[9] = g * -1
  const t3 = 1 + t * t * t
  return t3 * t3 * t3
}

function cosineCoefficients(delta: number, out: Float64Array): number {
  const c = Math.cos(HALF_PI * delta)
  const s = Math.sin(HALF_PI * delta)
  out[0] = c
  out[1] = s
  return Math.abs(c) + Math.abs(s)
}
