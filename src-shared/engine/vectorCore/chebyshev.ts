/**
 * Chebyshev interpolation on [-1, 1] for the Gaussian grid transform
 * (gaussGrid.ts): nodes, the barycentric Lagrange basis, and the error
 * bound of interpolating one Gaussian factor exp(-(x - y)^2 / 2) in y over
 * a box of half-width r.
 *
 * With p first-kind nodes the interpolation error of f on [c - r, c + r] is
 * at most |omega| / p! max|f^(p)|, |omega| <= r^p / 2^(p-1). The p-th
 * derivative of exp(-t^2 / 2) is (-1)^p He_p(t) exp(-t^2 / 2), and Cramer's
 * inequality |He_p(t)| exp(-t^2 / 4) <= K sqrt(p!) (K < 1.086435,
 * Abramowitz-Stegun 22.14.17 written for He_p) gives max|f^(p)| <= K sqrt(p!):
 *
 *   |f - I f| <= K r^p / (2^(p-1) sqrt(p!)).
 */

/** Cramer's constant, rounded up. */
const CRAMER = 1.086436

export function chebyshevNodes(p: number): Float64Array {
  return Float64Array.from({ length: p }, (_, a) => Math.cos(((2 * a + 1) * Math.PI) / (2 * p)))
}

/** Barycentric weights of the first-kind nodes (any common factor cancels). */
export function barycentricWeights(p: number): Float64Array {
  return Float64Array.from({ length: p }, (_, a) => (a % 2 ? -1 : 1) * Math.sin(((2 * a + 1) * Math.PI) / (2 * p)))
}

/**
 * The p Lagrange basis values at t in [-1, 1] into out[at .. at + p);
 * exactly the unit vector when t is a node.
 */
export function lagrangeBasis(t: number, nodes: Float64Array, weights: Float64Array, out: Float64Array, at: number): void {
  const p = nodes.length
  let sum = 0
  for (let a = 0; a < p; a++) {
    const diff = t - nodes[a]!
    if (diff === 0) {
      for (let b = 0; b < p; b++) out[at + b] = a === b ? 1 : 0
      return
    }
    const v = weights[a]! / diff
    out[at + a] = v
    sum += v
  }
  const inv = 1 / sum
  for (let a = 0; a < p; a++) out[at + a] = out[at + a]! * inv
}

/** Bound on |exp(-(x - y)^2/2) - its p-node interpolant in y| over a box of half-width r (scaled units). */
export function interpolationError(p: number, r: number): number {
  let logFactorial = 0
  for (let k = 2; k <= p; k++) logFactorial += Math.log(k)
  return CRAMER * Math.exp(p * Math.log(r) - (p - 1) * Math.LN2 - 0.5 * logFactorial)
}

/** Lebesgue constant of p first-kind Chebyshev nodes, bounded above (Rivlin: 1 + (2/pi) ln(p + 1)). */
export function lebesgueConstant(p: number): number {
  return 1 + (2 / Math.PI) * Math.log(p + 1)
}
