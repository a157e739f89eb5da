import { DenseEvaluator } from './dense'
import { instantiateGaussSimd, WASM_PAGE, type GaussSimdExports } from './gaussSimd'
import type { Prepared } from './prepare'

/**
 * Dense Gaussian Nadaraya-Watson estimates (every query against every key)
 * through the WebAssembly SIMD kernel (gaussSimd.wat): two keys per lane
 * pair, two queries per pass, a polynomial exp. Not bit-identical to the
 * JavaScript reference, so it reports a bound, per query:
 *
 *  - each weight is a product of at most R + 2 exps (its own, the R
 *    rescales of its lane when a nearer key came, the join of the two
 *    lanes), each within EXP_RELATIVE_ERROR of exp at its computed argument,
 *    and each argument x (a difference of two distances, halved) rounded once,
 *    which moves exp(x) by at most |x| u <= cut u relative. So every weight
 *    is within eta = (R + 2) (EXP_RELATIVE_ERROR + cut u) of its exact
 *    value, relative, and a weighted mean with such weights is within
 *    eta / (1 - eta) (max v - min v) of the exact one (the errors in the
 *    numerator and denominator are the same weights');
 *  - weights below exp(-cut) relative to the nearest key (which weighs 1)
 *    are dropped, as the truncated window drops them (window.ts): at most
 *    n exp(-cut) / den (max v - min v).
 *
 * The squared distances are summed in the reference's order, so they are
 * the same doubles (rounding of ordinary sums is not counted, as elsewhere).
 * A query whose bound exceeds the tolerance is computed by the dense
 * reference instead (bound 0).
 */

/** Largest relative error of the kernel's exp at its argument (tested against Math.exp with margin). */
export const EXP_RELATIVE_ERROR = 1e-15
/** Unit roundoff of doubles. */
const UNIT_ROUNDOFF = 2 ** -53
/** Queries per call into the kernel (its query and output buffers hold this many). */
const QUERY_BLOCK = 256

/**
 * The exp part of the bound for a typical query: a lane of n / 2 keys in
 * random order meets a nearer key about ln(n / 2) + 1 times; twice that
 * plus 4 leaves room. For planning only: each query reports its own.
 */
export function simdExpectedBound(n: number, cut: number, range: number): number {
  const eta = (2 * Math.log(Math.max(2, n)) + 6) * (EXP_RELATIVE_ERROR + cut * UNIT_ROUNDOFF)
  return (eta / (1 - eta)) * range
}

export class SimdEvaluator {
  private readonly wasm: GaussSimdExports
  /** Below this the kernel keeps its constants (gaussSimd.wat). */
  private readonly keysAt = 512
  private readonly valuesAt: number
  private readonly queriesAt: number
  private readonly outAt: number
  private readonly blocks: number
  private readonly range: number
  /** Exp arguments below -cut give 0. */
  readonly cut: number
  private dense: DenseEvaluator | null = null
  /** Queries computed by the dense reference because their bound exceeded the tolerance. */
  denseFallbacks = 0

  /** `cut`: the truncation margin (<= 708); `tolerance`: the largest bound a query may keep. */
  constructor(
    private readonly p: Prepared,
    cut: number,
    private readonly tolerance: number,
  ) {
    const wasm = instantiateGaussSimd()
    if (!wasm) throw new Error('WebAssembly SIMD is not available here')
    this.wasm = wasm
    const { n, d } = p
    this.cut = Math.min(708, cut)
    this.blocks = (n + 1) >> 1
    this.valuesAt = this.keysAt + 16 * d * this.blocks
    this.queriesAt = this.valuesAt + 16 * this.blocks
    this.outAt = this.queriesAt + 16 * d * QUERY_BLOCK
    const bytes = this.outAt + 64 * QUERY_BLOCK
    const have = wasm.memory.buffer.byteLength
    if (bytes > have) wasm.memory.grow(Math.ceil((bytes - have) / WASM_PAGE))
    const heap = new Float64Array(wasm.memory.buffer)
    const keys = p.keys
    const k0 = this.keysAt / 8
    for (let j = 0; j < 2 * this.blocks; j++) {
      const at = k0 + (j >> 1) * 2 * d + (j & 1)
      for (let l = 0; l < d; l++) heap[at + 2 * l] = j < n ? keys[j * d + l]! : Infinity
      heap[this.valuesAt / 8 + j] = j < n ? p.values[j]! : 0
    }
    let lo = Infinity
    let hi = -Infinity
    for (let j = 0; j < n; j++) {
      lo = Math.min(lo, p.values[j]!)
      hi = Math.max(hi, p.values[j]!)
    }
    this.range = hi - lo
  }

  /** As DenseEvaluator.run, without leave-one-out rows (the planner never picks this path for them); returns the largest error bound among these queries. */
  run(qs: Float64Array, from: number, to: number, out: Float64Array, leaveOneOut = false): number {
    // A row that must leave its key out would silently count it: refuse rather than be wrong.
    if (leaveOneOut) throw new Error('the SIMD kernel has no leave-one-out rows: plan them with leavesOut')
    let worst = 0
    for (let start = from; start < to; start += QUERY_BLOCK) {
      const bound = this.runBlock(qs, start, Math.min(to, start + QUERY_BLOCK), out)
      if (bound > worst) worst = bound
    }
    return worst
  }

  private runBlock(qs: Float64Array, from: number, to: number, out: Float64Array): number {
    const { p, wasm, cut } = this
    const { d, n } = p
    const count = to - from
    const even = count + (count & 1)
    const heap = new Float64Array(wasm.memory.buffer)
    const q0 = this.queriesAt / 8
    for (let t = 0; t < even; t++) {
      const i = from + Math.min(t, count - 1)
      for (let l = 0; l < d; l++) {
        const v = qs[i * d + l]!
        heap[q0 + t * 2 * d + 2 * l] = v
        heap[q0 + t * 2 * d + 2 * l + 1] = v
      }
    }
    wasm.sums(this.queriesAt, even, this.keysAt, this.blocks, d, this.valuesAt, this.outAt, cut)
    const o0 = this.outAt / 8
    const perWeight = EXP_RELATIVE_ERROR + cut * UNIT_ROUNDOFF
    const truncated = n * Math.exp(-cut) * this.range
    let worst = 0
    for (let t = 0; t < count; t++) {
      const o = o0 + 8 * t
      const b0 = heap[o]!
      const b1 = heap[o + 1]!
      const best = Math.min(b0, b1)
      const f0 = joinFactor(b0, best, cut)
      const f1 = joinFactor(b1, best, cut)
      const den = heap[o + 2]! * f0 + heap[o + 3]! * f1
      const num = heap[o + 4]! * f0 + heap[o + 5]! * f1
      const rescales = Math.max(heap[o + 6]!, heap[o + 7]!)
      const i = from + t
      if (!(den > 0)) {
        out[i] = NaN
        continue
      }
      const eta = (rescales + 2) * perWeight
      const bound = (eta / (1 - eta)) * this.range + truncated / den
      if (!(bound <= this.tolerance)) {
        this.dense ??= new DenseEvaluator(p)
        this.dense.run(qs, i, i + 1, out, false)
        this.denseFallbacks++
        continue
      }
      out[i] = num / den
      if (bound > worst) worst = bound
    }
    return worst
  }
}

/** The factor that brings a lane's sums to the joint nearest key; 0 past the cut (truncated). */
function joinFactor(laneBest: number, best: number, cut: number): number {
  if (laneBest === best) return 1
  const x = -0.5 * (laneBest - best)
  return x >= -cut ? Math.exp(x) : 0
}
