import { InputError } from '../errors'
import type { LooScore } from './bandwidth'
import { createRng, permutation } from './rng'
import type { VectorBandwidthSpec } from './vectorBandwidth'
import type { VectorOptions } from './vectorTypes'
import { prepare } from './vectorCore/prepare'
import { evaluatorFor, planVector } from './vectorCore/run'

/**
 * The leave-one-out score estimated on a subset of held-out points: the
 * mean of (y_i - f_{-i}(x_i))^2 over the points i of a fixed subset H, each
 * estimate f_{-i} from all n keys but i itself (not from the subset only).
 * With H drawn uniformly without replacement, its expectation over H is the
 * full leave-one-out score exactly; it costs |H| / n of a full score. Every
 * width is scored on the same H, so the estimate is a smooth function of the
 * width and its minimum moves far less than the score itself varies with H.
 *
 * The estimates come from the vector engine's own paths (dense, truncated
 * window, or the grid transform at d <= 3), planned for |H| queries, each
 * within `tolerance`.
 */

/** Seed of the held-out subset: fixed, so the same data always give the same subset. */
export const HELD_OUT_SEED = 20_261_129

/** `count` distinct indices in [0, n), drawn uniformly from the seed, in increasing order (keys are then read in memory order). */
export function heldOutSubset(n: number, count: number, seed = HELD_OUT_SEED): Uint32Array {
  if (!Number.isInteger(count) || count < 1) throw new InputError(`the held-out subset needs a positive whole number of points (got ${count})`)
  if (count >= n) return Uint32Array.from({ length: n }, (_, i) => i)
  return permutation(createRng(seed), n).slice(0, count).sort()
}

/** Mean squared leave-one-out error over the held-out points `heldOut` (indices into the training points) at the width vector `sigma`. */
export function vectorLooSubsetScore(spec: VectorBandwidthSpec, sigma: Float64Array, heldOut: Uint32Array, options: Pick<VectorOptions, 'tolerance'> = {}): LooScore {
  const { keys, d, values } = spec
  const n = values.length
  if (heldOut.length === 0) throw new InputError('the held-out subset is empty')
  const queries = new Float64Array(heldOut.length * d)
  for (let k = 0; k < heldOut.length; k++) {
    const i = heldOut[k]!
    if (!(i < n)) throw new InputError(`held-out point ${i} is not among the ${n} training points`)
    for (let l = 0; l < d; l++) queries[k * d + l] = keys[i * d + l]!
  }
  // Planned for the held-out queries; each then runs as a leave-one-out row of the keys (query index = key index, so it leaves itself out).
  const prepared = prepare({ keys, d, queries, kernel: spec.kernel, sigma, estimator: spec.estimator, shape: spec.shape }, values, 1)
  const plan = planVector(prepared, options, false, true)
  const evaluator = evaluatorFor(prepared, plan)
  const out = new Float64Array(n)
  let worst = 0
  let acc = 0
  let residual = 0
  let undefinedPoints = 0
  for (let k = 0; k < heldOut.length; k++) {
    const i = heldOut[k]!
    const bound = evaluator.run(prepared.keys, i, i + 1, out, true) ?? 0
    if (bound > worst) worst = bound
    const r = values[i]! - out[i]!
    if (Number.isNaN(r)) undefinedPoints++
    acc += r * r
    residual = Math.max(residual, Math.abs(r))
  }
  if (undefinedPoints > 0) return { score: Infinity, undefinedPoints, errorBound: 0 }
  return { score: acc / heldOut.length, undefinedPoints: 0, errorBound: worst > 0 ? 2 * residual * worst + worst * worst : 0 }
}
