import { attentionRow } from '../../src-shared/engine/estimate'
import type { KernelId } from '../../src-shared/engine/kernels'
import type { ProbeResult } from './protocol'
import { concentration } from '../../src-shared/experiment/concentration'

/**
 * The query probe: one query's attention weights over every key, how
 * concentrated they are, and bars to draw them. The chapter's claim made
 * visible: a small sigma puts the weight on few keys (few effective keys, low
 * entropy), a large one spreads it over many.
 */

/**
 * Attention weights alpha_j of `query` over every key (the engine's kernel
 * row divided by its sum: non-negative, summing to 1), or null when no key is
 * in reach of a compact kernel.
 */
export function attentionWeights(query: number, keys: Float64Array, kernel: KernelId, sigma: number, out = new Float64Array(keys.length)): Float64Array | null {
  const sum = attentionRow(query, keys, kernel, sigma, out)
  if (!(sum > 0)) return null
  for (let j = 0; j < out.length; j++) out[j] = out[j]! / sum
  return out
}

export { concentration }

/** Weight outside the bars' window, on each side. */
const TAIL = 5e-4

/**
 * Bars of the weights over the keys, in ascending x: the keys holding all
 * but a sliver of the weight, one bar each when there are at most `maxBars`
 * of them, else `maxBars` bins of equal width (weight: the bin's total; value:
 * its weighted mean).
 */
export function weightBars(alpha: Float64Array, keys: Float64Array, values: Float64Array, keyOrder: Uint32Array | null, maxBars: number): ProbeResult['bars'] {
  const n = keys.length
  const at = (pos: number) => (keyOrder ? keyOrder[pos]! : pos)
  let cumulative = 0
  let lo = 0
  while (lo < n - 1 && cumulative + alpha[at(lo)]! < TAIL) cumulative += alpha[at(lo++)]!
  cumulative = 0
  let hi = n - 1
  while (hi > lo && cumulative + alpha[at(hi)]! < TAIL) cumulative += alpha[at(hi--)]!
  const count = hi - lo + 1
  let mass = 0
  for (let pos = lo; pos <= hi; pos++) mass += alpha[at(pos)]!
  if (count <= maxBars) {
    // Keys at the same x share a bar (their weights summed, their values averaged by weight): drawn one by
    // one they stacked into a single line of a pixel, hiding how much weight sat there.
    const x = new Float64Array(count)
    const weight = new Float64Array(count)
    const value = new Float64Array(count)
    const weighted = new Float64Array(count)
    const shared = new Uint32Array(count)
    let bars = 0
    for (let k = 0; k < count; k++) {
      const j = at(lo + k)
      if (bars === 0 || keys[j]! !== x[bars - 1]!) {
        x[bars] = keys[j]!
        value[bars++] = values[j]!
      }
      weight[bars - 1] = weight[bars - 1]! + alpha[j]!
      weighted[bars - 1] = weighted[bars - 1]! + alpha[j]! * values[j]!
      shared[bars - 1] = shared[bars - 1]! + 1
    }
    let gap = Infinity
    for (let b = 0; b < bars; b++) {
      // A key alone at its x keeps its own value.
      if (shared[b]! > 1) value[b] = weight[b]! > 0 ? weighted[b]! / weight[b]! : NaN
      if (b > 0) gap = Math.min(gap, x[b]! - x[b - 1]!)
    }
    return { x: x.slice(0, bars), weight: weight.slice(0, bars), value: value.slice(0, bars), width: Number.isFinite(gap) ? gap : 0, binned: false, keys: count, mass }
  }
  const x0 = keys[at(lo)]!
  const span = keys[at(hi)]! - x0
  const width = span / maxBars
  const weight = new Float64Array(maxBars)
  const weighted = new Float64Array(maxBars)
  for (let pos = lo; pos <= hi; pos++) {
    const j = at(pos)
    const b = Math.min(maxBars - 1, Math.floor((keys[j]! - x0) / width))
    weight[b] = weight[b]! + alpha[j]!
    weighted[b] = weighted[b]! + alpha[j]! * values[j]!
  }
  const x = new Float64Array(maxBars)
  const value = new Float64Array(maxBars)
  for (let b = 0; b < maxBars; b++) {
    x[b] = x0 + (b + 0.5) * width
    value[b] = weight[b]! > 0 ? weighted[b]! / weight[b]! : NaN
  }
  return { x, weight, value, width, binned: true, keys: count, mass }
}

export function probeAt(
  query: number,
  keys: Float64Array,
  values: Float64Array,
  keyOrder: Uint32Array | null,
  kernel: KernelId,
  sigma: number,
  shadeIndex: Uint32Array,
  maxBars: number,
): ProbeResult {
  const alpha = attentionWeights(query, keys, kernel, sigma)
  const shading = new Float64Array(shadeIndex.length)
  if (!alpha) {
    const none = new Float64Array(0)
    return {
      query,
      kernel,
      sigma,
      estimate: null,
      keysInReach: 0,
      effectiveKeys: null,
      entropy: null,
      bars: { x: none, weight: none, value: none, width: 0, binned: false, keys: 0, mass: 0 },
      shading,
    }
  }
  let estimate = 0
  for (let j = 0; j < alpha.length; j++) estimate += alpha[j]! * values[j]!
  for (let k = 0; k < shadeIndex.length; k++) shading[k] = alpha[shadeIndex[k]!]!
  const c = concentration(alpha)
  return { query, kernel, sigma, estimate, keysInReach: c.keysInReach, effectiveKeys: c.effectiveKeys, entropy: c.entropy, bars: weightBars(alpha, keys, values, keyOrder, maxBars), shading }
}
