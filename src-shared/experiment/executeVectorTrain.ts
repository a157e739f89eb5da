import type { RunVectorInfo } from '../api/vectorRuns'
import { CancelledError, InputError } from '../errors'
import { trainingRng } from '../engine/sgd'
import { standardization, standardize, vectorLooPredict } from '../engine/vector'
import { resolveWidthW0, widthLossAndGradient, widthPredict, widthSgdEpochs, type WidthEpochRecord } from '../engine/vectorTrain'
import { mseWithCoverage as mse } from './metrics'
import type { NormalizedSpec } from './normalize'
import type { ExperimentHooks, ExperimentOutcome, ExperimentStage, PartialOutcome } from './outcome'
import type { VectorRunData } from './vectorData'
import { vectorRegressionOutcome } from './vectorOutcome'

/**
 * A parametric vector run (exercise 2 in d dimensions): the width vector w
 * trained by SGD with leave-one-out keys, exactly as `nw-workbench train
 * --per-coordinate` trains it (the same generator stream for w0 and the
 * minibatch order, the same standardisation), so a spec and the command
 * line with the same choices learn the same bits. The run's widths are
 * what w amounts to on the raw inputs, sigma_l = scale_l / |w_l| (scale 1
 * without standardisation): the views, the heatmap and the probe draw the
 * trained model through them like any vector run's widths.
 */

export function runVectorTraining(
  spec: NormalizedSpec,
  data: VectorRunData,
  info: RunVectorInfo,
  stage: (s: ExperimentStage, done?: number, total?: number) => void,
  hooks: ExperimentHooks,
): ExperimentOutcome {
  const t = spec.training
  if (!t) throw new InputError('parametric mode needs training parameters')
  const stop = hooks.shouldStop ?? (() => false)
  const { d, xTrain, yTrain, xQuery } = data
  const n = yTrain.length
  if (t.loo && n < 2) throw new InputError('leave-one-out training needs at least 2 training points (or set training.loo to false)')
  const scale = t.standardize ? standardization(xTrain, d) : null
  const keys = scale ? standardize(xTrain, d, scale) : xTrain
  const queries = scale ? standardize(xQuery, d, scale) : xQuery

  const rng = trainingRng(t.seed)
  const w0 = resolveWidthW0(t.w0, d, rng)
  stage('train', 0, t.epochs)
  const epochs: WidthEpochRecord[] = []
  const it = widthSgdEpochs(keys, d, yTrain, { w0, lr: t.lr, epochs: t.epochs, loss: t.loss, leaveOneOut: t.loo, batchSize: t.batchSize }, rng)
  let w: Float64Array
  for (;;) {
    // A cancel keeps the curve so far and its last w, as a one-dimensional run's does.
    if (stop()) {
      const last = epochs[epochs.length - 1]
      const learned = last ? { w0: Array.from(w0), w: last.w, scale: scale ? Array.from(scale.scale) : null } : null
      throw new CancelledError<PartialOutcome>({ epochs, w0: null, learned })
    }
    const step = it.next()
    if (step.done) {
      w = step.value
      break
    }
    epochs.push(step.value)
    hooks.onEpoch?.(step.value, t.epochs)
  }

  const sigma = new Float64Array(d)
  for (let l = 0; l < d; l++) {
    sigma[l] = (scale ? scale.scale[l]! : 1) / Math.abs(w[l]!)
    if (!Number.isFinite(sigma[l]!)) {
      throw new InputError(`training ended with w[${l}] = ${w[l]}: coordinate ${data.features[l]} weighs every key alike (an infinite width); try another w0 or fewer epochs`)
    }
  }
  const learnedInfo: RunVectorInfo = {
    ...info,
    sigma: Array.from(sigma),
    learned: { w0: Array.from(w0), w: Array.from(w), scale: scale ? Array.from(scale.scale) : null },
  }

  stage('fit', 0, xQuery.length / d)
  // The model as trained (standardised inputs and w), as train --per-coordinate predicts.
  const fit = widthPredict(keys, d, yTrain, queries, w)
  stage('metrics')
  const all = Uint32Array.from({ length: n }, (_, i) => i)
  const trainLoss = widthLossAndGradient(keys, d, yTrain, all, w, t.loss, t.loo).loss
  const train = mse(widthPredict(keys, d, yTrain, keys, w).yHat, yTrain)
  // Leave-one-out of the trained model: the Gaussian at its widths on the raw inputs.
  const loo = n >= 2 ? mse(vectorLooPredict({ keys: xTrain, d, values: yTrain, kernel: 'gaussian', sigma }).yHat, yTrain) : null
  const test = data.yTruth ? mse(fit.yHat, data.yTruth) : null

  const curveW = new Float64Array(epochs.length * d)
  epochs.forEach((e, k) => curveW.set(e.w, k * d))
  const trainLossMeasured = { value: trainLoss, coverage: { covered: n, total: n } }
  return vectorRegressionOutcome(data, sigma, fit, { trainLoss: trainLossMeasured, train, test, loo }, {
    info: learnedInfo,
    classScores: null,
    bandLower: null,
    bandUpper: null,
    widthCurve: { loss: Float64Array.from(epochs, (e) => e.loss), w: curveW },
  })
}

