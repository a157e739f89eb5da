import { LocalLinearSums } from './localLinear'
import type { Prepared } from './prepare'
import { fillRow } from './row'

/**
 * Both estimators are linear smoothers, f(q) = sum_j l_j(q) y_j: for
 * Nadaraya-Watson l_j = alpha_j, for the local-linear fit
 * l_j = w_j e1^T M^-1 [1; u_j]. With independent errors of variance s^2,
 * Var f(q) = s^2 sum_j l_j(q)^2; this computes sum_j l_j^2 per query
 * (dense, O(n d^2) per query), NaN where the estimate is undefined.
 */
export function smootherSquaredNorms(p: Prepared, from: number, to: number, out: Float64Array): void {
  const { n, d, keys, queries } = p
  const row = new Float64Array(n)
  const ll = p.estimator === 'local-linear' ? new LocalLinearSums(d) : null
  const a = new Float64Array(d + 1)
  for (let i = from; i < to; i++) {
    const sum = fillRow(p, queries, i, row)
    if (!(sum > 0)) {
      out[i] = NaN
      continue
    }
    if (!ll) {
      let acc = 0
      for (let j = 0; j < n; j++) acc += row[j]! * row[j]!
      out[i] = acc / (sum * sum)
      continue
    }
    ll.reset()
    for (let j = 0; j < n; j++) if (row[j] !== 0) ll.add(row[j]!, 0, keys, j, queries, i)
    ll.firstRowOfInverse(a)
    let acc = 0
    for (let j = 0; j < n; j++) {
      const w = row[j]!
      if (w === 0) continue
      let c = a[0]!
      for (let l = 0; l < d; l++) c += a[l + 1]! * (keys[j * d + l]! - queries[i * d + l]!)
      const weight = w * c
      acc += weight * weight
    }
    out[i] = acc
  }
}
