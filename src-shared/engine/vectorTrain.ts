import { InputError, requireFiniteArray } from '../errors'
import { permutation, type Rng } from './rng'
import { validateSgdOptions, TrainingDivergedError, type SgdOptions } from './sgd'
import type { LossKind, NwPrediction } from './types'
import { vectorPredict } from './vector'
import { averagePooling } from './estimate'
import { validateDimension } from './vectorCore/prepare'
import { widthSumHalfAndGradient } from './vectorCore/widthGradient'

/**
 * Training the width vector w of parametric attention pooling by SGD, as
 * sgd.ts trains the scalar w: full batch or shuffled minibatches from the
 * run's generator, sum-half or mean-half loss, leave-one-out keys by
 * default. Each w_l is an inverse width (sigma_l = 1/|w_l|): a coordinate
 * that does not help predict sees its w_l shrink towards 0, which weighs
 * every key alike along it.
 */

export interface WidthSgdOptions extends Omit<SgdOptions, 'w0'> {
  /** Starting w, one per coordinate. */
  w0: Float64Array
}

export interface WidthEpochRecord {
  epoch: number
  /** Loss of this epoch's forward passes, before their updates. */
  loss: number
  /** w after this epoch. */
  w: number[]
}

export interface WidthLossAndGradient {
  loss: number
  gradient: Float64Array
  sumHalfSquaredError: number
}

function validate(keys: Float64Array, d: number, values: Float64Array): number {
  validateDimension(d)
  if (keys.length !== values.length * d) throw new InputError(`there are ${keys.length / d} training inputs but ${values.length} values`)
  if (values.length === 0) throw new InputError('there are no training points')
  requireFiniteArray(values, 'training values')
  requireFiniteArray(keys, 'training inputs')
  return values.length
}

/** Loss and gradient in w of one batch (the training points `queryIndices` as queries). */
export function widthLossAndGradient(
  keys: Float64Array,
  d: number,
  values: Float64Array,
  queryIndices: Uint32Array,
  w: Float64Array,
  loss: LossKind,
  leaveOneOut: boolean,
): WidthLossAndGradient {
  const n = validate(keys, d, values)
  if (w.length !== d) throw new InputError(`w has ${w.length} entries but the inputs have ${d} coordinates`)
  requireFiniteArray(w, 'w')
  if (leaveOneOut && n < 2) throw new InputError('leave-one-out training needs at least 2 training points')
  const gradient = new Float64Array(d)
  const sumHalf = widthSumHalfAndGradient({ keys, d, values, queryIndices, leaveOneOut }, w, gradient, new Float64Array(n))
  if (loss === 'mean-half') {
    const m = queryIndices.length
    for (let l = 0; l < d; l++) gradient[l] = gradient[l]! / m
    return { loss: sumHalf / m, gradient, sumHalfSquaredError: sumHalf }
  }
  return { loss: sumHalf, gradient, sumHalfSquaredError: sumHalf }
}

export function* widthSgdEpochs(keys: Float64Array, d: number, values: Float64Array, options: WidthSgdOptions, rng: Rng): Generator<WidthEpochRecord, Float64Array, void> {
  const n = validate(keys, d, values)
  validateSgdOptions({ ...options, w0: 0 }, n)
  if (options.w0.length !== d) throw new InputError(`w0 has ${options.w0.length} entries but the inputs have ${d} coordinates`)
  requireFiniteArray(options.w0, 'w0')
  const fullBatch = options.batchSize === null || options.batchSize >= n
  const batchSize = fullBatch ? n : options.batchSize!
  const all = new Uint32Array(n).map((_, i) => i)
  const w = Float64Array.from(options.w0)
  const grad = new Float64Array(d)
  const scratch = new Float64Array(n)
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const order = fullBatch ? all : permutation(rng, n)
    let epochSumHalf = 0
    for (let start = 0; start < n; start += batchSize) {
      const queryIndices = order.subarray(start, Math.min(start + batchSize, n))
      const sumHalf = widthSumHalfAndGradient({ keys, d, values, queryIndices, leaveOneOut: options.leaveOneOut }, w, grad, scratch)
      epochSumHalf += sumHalf
      const scale = options.loss === 'mean-half' ? options.lr / queryIndices.length : options.lr
      for (let l = 0; l < d; l++) {
        w[l] = w[l]! - scale * grad[l]!
        if (!Number.isFinite(w[l]!)) {
          throw new TrainingDivergedError(`training diverged in epoch ${epoch}: w[${l}] became ${w[l]}; try a smaller learning rate`)
        }
      }
    }
    yield { epoch, loss: options.loss === 'mean-half' ? epochSumHalf / n : epochSumHalf, w: Array.from(w) }
  }
  return w
}

export function trainWidthVector(keys: Float64Array, d: number, values: Float64Array, options: WidthSgdOptions, rng: Rng): { epochs: WidthEpochRecord[]; w: Float64Array } {
  const epochs: WidthEpochRecord[] = []
  const it = widthSgdEpochs(keys, d, values, options, rng)
  for (;;) {
    const step = it.next()
    if (step.done) return { epochs, w: step.value }
    epochs.push(step.value)
  }
}

/** w0 per coordinate: the given numbers, or uniform in [0, 1) from the run's generator (as the scalar model's random w0). */
export function resolveWidthW0(w0: number | 'random' | Float64Array, d: number, rng: Rng): Float64Array {
  if (w0 instanceof Float64Array) return w0
  return Float64Array.from({ length: d }, () => (w0 === 'random' ? rng.uniform() : w0))
}

/**
 * The trained model at arbitrary queries, every training pair a key: the
 * Gaussian at sigma_l = 1/|w_l| on the coordinates whose width is finite;
 * a coordinate with w_l = 0 (or so small 1/|w_l| overflows) weighs every
 * key alike and is left out, and with none left every key weighs the same
 * (average pooling).
 */
export function widthPredict(keys: Float64Array, d: number, values: Float64Array, queries: Float64Array, w: Float64Array): NwPrediction {
  validate(keys, d, values)
  requireFiniteArray(w, 'w')
  const kept: number[] = []
  for (let l = 0; l < d; l++) if (Number.isFinite(1 / Math.abs(w[l]!))) kept.push(l)
  const m = queries.length / d
  if (kept.length === 0) return { yHat: averagePooling(values, m), undefinedQueries: [], algorithm: 'constant', errorBound: 0 }
  const k = kept.length
  const pick = (x: Float64Array, rows: number): Float64Array => {
    const out = new Float64Array(rows * k)
    for (let i = 0; i < rows; i++) for (let c = 0; c < k; c++) out[i * k + c] = x[i * d + kept[c]!]!
    return out
  }
  const sigma = Float64Array.from(kept, (l) => 1 / Math.abs(w[l]!))
  return vectorPredict({ keys: pick(keys, values.length), d: k, values, queries: pick(queries, m), kernel: 'gaussian', sigma })
}
