import { squaredDistances as squaredDistancesImport } from './distances'
import * as fastExp from './fastExp'
import { profileOf, type Prepared } from './prepare'

// Bound once: under tsx (esbuild's CommonJS output) each use of an imported name is a getter call in the hot loop.
const { expNeg } = fastExp
const squaredDistances = squaredDistancesImport

/**
 * One query's unnormalised weights over every key (the dense reference).
 * The Gaussian is computed relative to the nearest key, and dot-product
 * scores relative to the largest, as a softmax: a narrow width, where every
 * exp(-|u|^2 / 2) underflows, still gives the nearest key weight 1, not 0/0.
 * Key `exclude` (leave-one-out) weighs 0. Returns the sum of the weights
 * (0: no key in reach of a compact kernel).
 */
export function fillRow(p: Prepared, qs: Float64Array, i: number, row: Float64Array, exclude = -1): number {
  const { n, d, keys } = p
  const q = i * d
  let sum = 0
  if (p.scoring === 'dot') {
    let best = -Infinity
    for (let j = 0; j < n; j++) {
      if (j === exclude) continue
      let z = 0
      const k = j * d
      for (let l = 0; l < d; l++) z += qs[q + l]! * keys[k + l]!
      row[j] = z
      if (z > best) best = z
    }
    for (let j = 0; j < n; j++) {
      const w = j === exclude ? 0 : expNeg(row[j]! - best)
      row[j] = w
      sum += w
    }
    return sum
  }
  if (p.kernel === 'gaussian') {
    const nearest = squaredDistances(qs, q, keys, n, d, row, exclude)
    for (let j = 0; j < n; j++) {
      const w = expNeg(-0.5 * (row[j]! - nearest))
      row[j] = w
      sum += w
    }
    return sum
  }
  const profile = profileOf(p.kernel)
  for (let j = 0; j < n; j++) {
    const w = j === exclude ? 0 : compactWeight(p, profile, qs, q, keys, j * d)
    row[j] = w
    sum += w
  }
  return sum
}

/** Weight of one key for a non-Gaussian kernel: the product of K(u_l), or K(|u|). */
export function compactWeight(p: Pick<Prepared, 'd' | 'shape'>, profile: (u: number) => number, qs: Float64Array, q: number, keys: Float64Array, k: number): number {
  const d = p.d
  if (p.shape === 'radial') {
    let s = 0
    for (let l = 0; l < d; l++) {
      const u = qs[q + l]! - keys[k + l]!
      s += u * u
    }
    return profile(Math.sqrt(s))
  }
  let w = 1
  for (let l = 0; l < d && w !== 0; l++) w *= profile(qs[q + l]! - keys[k + l]!)
  return w
}
