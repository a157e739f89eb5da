import { InputError, requireFinite, requirePositive } from '../errors'
import { trainingContext } from './fast/gradient'
import { parametricLossAndGradient } from './parametric'
import { validateTrainingPairs } from './problem'
import { createRng, permutation, type Rng } from './rng'
import { takesDensePath } from './route'
import type { LossKind, ParametricBatch } from './types'

/**
 * Stochastic gradient descent on the parametric model's width w, as the
 * chapter trains it:
 * - full batch (batchSize null): one step per epoch over every training point
 *   (the oldest edition: sum-half loss, lr 0.5, leave-one-out keys);
 * - minibatches: each epoch shuffles the points with the seeded generator and
 *   steps once per batch (the middle edition: batch 10, mean-half, lr 1, no
 *   leave-one-out).
 * An epoch's loss is its forward passes before their updates, reduced over
 * all training points (summed for sum-half, averaged for mean-half), which
 * for full batch is exactly what the chapter prints.
 */

export interface SgdOptions {
  w0: number
  lr: number
  epochs: number
  loss: LossKind
  leaveOneOut: boolean
  /** Points per step; null means full batch. */
  batchSize: number | null
  /**
   * Called with each step's loss before its update (reduced over the batch as
   * the loss kind says): d2l's trainer board plots these per batch.
   */
  onBatch?: (loss: number) => void
}

export interface EpochRecord {
  epoch: number
  /** Loss of this epoch's forward pass(es), before the update. */
  loss: number
  /** w after this epoch's update(s). */
  w: number
}

export const MAX_EPOCHS = 1_000_000

export class TrainingDivergedError extends InputError {
  override name = 'TrainingDivergedError'
}

export function validateSgdOptions(o: SgdOptions, n: number): void {
  requireFinite(o.w0, 'w0')
  requirePositive(o.lr, 'learning rate')
  if (!Number.isInteger(o.epochs) || o.epochs < 0 || o.epochs > MAX_EPOCHS) {
    throw new InputError(`epochs must be an integer in [0, ${MAX_EPOCHS}] (got ${o.epochs})`)
  }
  if (o.loss !== 'sum-half' && o.loss !== 'mean-half') {
    throw new InputError(`loss must be "sum-half" or "mean-half" (got "${String(o.loss)}")`)
  }
  if (o.batchSize !== null && (!Number.isInteger(o.batchSize) || o.batchSize < 1)) {
    throw new InputError(`batch size must be a positive integer (got ${o.batchSize})`)
  }
  if (o.leaveOneOut && n < 2) {
    throw new InputError('leave-one-out training needs at least 2 training points')
  }
}

/** Largest |w| with ((q - k) w)^2 finite for keys spanning `spread` (Infinity when they are all equal). */
export function largestFiniteW(keys: Float64Array): number {
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < keys.length; i++) {
    if (keys[i]! < lo) lo = keys[i]!
    if (keys[i]! > hi) hi = keys[i]!
  }
  const spread = hi - lo
  return spread > 0 ? Math.sqrt(Number.MAX_VALUE) / spread : Infinity
}

/** Refuses a w whose logits -((q - k) w)^2 / 2 overflow: every weight would be 0/0, whatever the data. */
function requireFiniteLogits(w: number, limit: number, what: string): void {
  if (Math.abs(w) >= limit) {
    throw new InputError(
      `${what} = ${w} is too large for these inputs: ((q - k)·w)² overflows a double, so every attention weight is 0/0; keep |w| below ${Number(limit.toPrecision(3))}`,
    )
  }
}

/**
 * Runs the epochs one at a time: the caller sees each epoch as it ends (to
 * stream progress or stop early) and gets the final w as the return value.
 * `rng` is used only for minibatch shuffles.
 */
export function* sgdEpochs(
  keys: Float64Array,
  values: Float64Array,
  options: SgdOptions,
  rng: Rng,
): Generator<EpochRecord, number, void> {
  validateTrainingPairs(keys, values)
  validateSgdOptions(options, keys.length)
  const limit = largestFiniteW(keys)
  requireFiniteLogits(options.w0, limit, 'w0')
  const n = keys.length
  const scratch = new Float64Array(n)
  const fullBatch = options.batchSize === null || options.batchSize >= n
  const batchSize = fullBatch ? n : options.batchSize!
  const all = new Uint32Array(n).map((_, i) => i)
  const batch: ParametricBatch = { keys, values, queryIndices: all, leaveOneOut: options.leaveOneOut }
  // Batches too large for the dense reference share one sorted copy of the keys across every step.
  const context = takesDensePath(n * batchSize) ? undefined : trainingContext(keys, values)
  let w = options.w0
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const order = fullBatch ? all : permutation(rng, n)
    let epochSumHalf = 0
    for (let start = 0; start < n; start += batchSize) {
      batch.queryIndices = order.subarray(start, Math.min(start + batchSize, n))
      const r = parametricLossAndGradient(batch, w, options.loss, scratch, context)
      epochSumHalf += r.sumHalfSquaredError
      options.onBatch?.(r.loss)
      w -= options.lr * r.gradient
      if (!Number.isFinite(w) || Math.abs(w) >= limit) {
        throw new TrainingDivergedError(
          `training diverged in epoch ${epoch}: w became ${w}${Number.isFinite(w) ? ', where ((q - k)·w)² overflows' : ''}; try a smaller learning rate`,
        )
      }
    }
    const loss = options.loss === 'mean-half' ? epochSumHalf / n : epochSumHalf
    yield { epoch, loss, w }
  }
  return w
}

/** Runs every epoch and returns the records and the final w. */
export function sgdTrain(
  keys: Float64Array,
  values: Float64Array,
  options: SgdOptions,
  rng: Rng,
): { epochs: EpochRecord[]; w: number } {
  const epochs: EpochRecord[] = []
  const it = sgdEpochs(keys, values, options, rng)
  for (;;) {
    const step = it.next()
    if (step.done) return { epochs, w: step.value }
    epochs.push(step.value)
  }
}

/**
 * The generator a training run draws from: stream 1 of the run's seed, so
 * that a random w0 and the minibatch order never reuse the draws that made
 * the data (stream 0). A random w0 is its first draw, uniform in [0, 1) as
 * the oldest edition's torch.rand(1).
 */
export function trainingRng(seed: number): Rng {
  return createRng(seed, 1)
}

export function resolveW0(w0: number | 'random', rng: Rng): number {
  return w0 === 'random' ? rng.uniform() : w0
}
