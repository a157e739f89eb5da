import type { KernelId } from '../../src-shared/engine/kernels'
import { fillKernelRow } from '../../src-shared/engine/dense/nonparametric'
import { createRng } from '../../src-shared/engine/rng'

/**
 * An independent reference for the fast paths: the dense estimator's own
 * weights (fillKernelRow, log-space shifted for the Gaussian), summed with
 * Neumaier's compensated summation, so that what is left between it and a
 * fast path is the fast path's error, not the reference's rounding.
 */
export function exactEstimates(
  keys: Float64Array,
  values: Float64Array,
  queries: Float64Array,
  kernel: KernelId,
  sigma: number,
  leaveOneOut = false,
): Float64Array {
  const row = new Float64Array(keys.length)
  const out = new Float64Array(queries.length)
  for (let i = 0; i < queries.length; i++) {
    fillKernelRow(queries[i]!, keys, kernel, sigma, row, leaveOneOut ? i : -1)
    const den = compensatedSum(row.length, (j) => row[j]!)
    const num = compensatedSum(row.length, (j) => row[j]! * values[j]!)
    out[i] = den > 0 ? num / den : NaN
  }
  return out
}

export function compensatedSum(count: number, term: (j: number) => number): number {
  let sum = 0
  let comp = 0
  for (let j = 0; j < count; j++) {
    const x = term(j)
    const t = sum + x
    comp += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum
    sum = t
  }
  return sum + comp
}

/** Largest |a - b| over entries defined in both; throws if one is NaN where the other is not. */
export function maxDifference(a: Float64Array, b: Float64Array): number {
  let worst = 0
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]!) !== Number.isNaN(b[i]!)) throw new Error(`entry ${i}: ${a[i]} vs ${b[i]} (one undefined)`)
    if (!Number.isNaN(a[i]!)) worst = Math.max(worst, Math.abs(a[i]! - b[i]!))
  }
  return worst
}

export type Layout = 'uniform' | 'ties' | 'duplicates' | 'clustered' | 'sorted'

/**
 * Seeded test data on [0, 5]: plain uniform keys; keys rounded to a coarse
 * grid (many exact ties in distance); each key repeated; two tight clusters
 * far apart plus a few outliers; already sorted keys. Values are a smooth
 * function plus noise, offset by `offset` (a large offset checks that the
 * fast paths keep the values' digits). Queries spread beyond the keys' range.
 */
export function testData(seed: number, n: number, m: number, layout: Layout, offset = 0) {
  const rng = createRng(seed)
  const keys = new Float64Array(n)
  for (let j = 0; j < n; j++) {
    const u = rng.uniform()
    switch (layout) {
      case 'ties':
        keys[j] = Math.round(u * 50) / 10
        break
      case 'duplicates':
        keys[j] = j % 2 === 1 ? keys[j - 1]! : u * 5
        break
      case 'clustered':
        keys[j] = j % 50 === 0 ? u * 5 : (j % 2 === 0 ? 1 : 4) + 1e-3 * rng.normal()
        break
      default:
        keys[j] = u * 5
    }
  }
  if (layout === 'sorted') keys.sort()
  const values = Float64Array.from(keys, (x) => offset + Math.sin(2 * x) + 0.3 * rng.normal())
  const queries = Float64Array.from({ length: m }, () => rng.uniform() * 7 - 1)
  return { keys, values, queries }
}
