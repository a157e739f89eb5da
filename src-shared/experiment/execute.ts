import type { DataSpec, OneDimensionalData, SigmaSpec } from '../api/spec'
import { isVectorData } from '../api/vectorSpec'
import { CancelledError, InputError } from '../errors'
import { looOptimalSigma, ruleOfThumb } from '../engine/bandwidth'
import { generateDataset, type Dataset } from '../engine/data'
import { averagePooling, nwPredict } from '../engine/estimate'
import type { KernelId } from '../engine/kernels'
import { parametricLossAndGradient, parametricPredict } from '../engine/parametric'
import { presetGeneratorParams } from '../engine/presets'
import { resolveW0, sgdEpochs, trainingRng, type EpochRecord } from '../engine/sgd'
import { computeMetrics } from './metrics'
import type { NormalizedSpec } from './normalize'
import { runVectorExperiment } from './executeVector'
import type { ExperimentHooks, ExperimentOutcome, ExperimentStage, PartialOutcome } from './outcome'

/**
 * Runs one experiment from its normalised spec: data, bandwidth, the
 * nonparametric fit, training (parametric mode), metrics. Pure engine code,
 * so it runs the same in a worker thread, in the CLI and in tests; the
 * caller supplies progress reporting and cancellation through `hooks`.
 */

// The outcome's types live in outcome.ts, so the vector path can name them without importing this file.
export type { ExperimentHooks, ExperimentOutcome, ExperimentStage, PartialOutcome, VectorOutcome } from './outcome'

/** One-dimensional data, or a clear refusal naming `what` (previews and bandwidth suggestions read x and y). */
export function requireOneDimensional(data: DataSpec, what: string): OneDimensionalData {
  if (isVectorData(data)) throw new InputError(`${what} reads one-dimensional data (x, y); this data set is a vector data set`)
  return data
}

export function materializeData(data: OneDimensionalData): Dataset {
  if ('preset' in data) return generateDataset(presetGeneratorParams(data.preset, data.seed, data.n))
  if ('fn' in data) {
    return generateDataset({ ...data, queryStep: data.queryStep ?? (data.xMax - data.xMin) / 50 })
  }
  return {
    xTrain: Float64Array.from(data.xTrain),
    yTrain: Float64Array.from(data.yTrain),
    xQuery: Float64Array.from(data.xQuery),
    yTruth: data.yTruth ? Float64Array.from(data.yTruth) : null,
  }
}

/** The bandwidth a spec asks for, applying a rule to the training data where it names one. */
export function resolveSigma(sigma: SigmaSpec, kernel: KernelId, data: Dataset): number {
  if (typeof sigma === 'number') return sigma
  if (Array.isArray(sigma)) throw new InputError('a width per feature needs vector data')
  if (sigma.rule === 'loo-cv') return looOptimalSigma(data.xTrain, data.yTrain, kernel).sigma
  return ruleOfThumb(data.xTrain, sigma.rule, kernel)
}

export function runExperiment(spec: NormalizedSpec, hooks: ExperimentHooks = {}): ExperimentOutcome {
  if (isVectorData(spec.data)) return runVectorExperiment(spec, hooks)
  const data = spec.data
  const stop = hooks.shouldStop ?? (() => false)
  const stage = (s: ExperimentStage, done = 0, total = 1) => {
    if (stop()) throw new CancelledError<PartialOutcome>({ epochs: [], w0: null })
    hooks.onStage?.(s, done, total)
  }

  stage('data')
  const dataset = materializeData(data)
  stage('bandwidth')
  const sigma = resolveSigma(spec.sigma, spec.kernel, dataset)
  stage('fit', 0, dataset.xQuery.length)
  const keys = dataset.xTrain
  const values = dataset.yTrain
  // A long fit reports each chunk of queries, and a cancel takes effect between chunks.
  const fit = nwPredict({ keys, values, queries: dataset.xQuery, kernel: spec.kernel, sigma }, { onProgress: (done, total) => stage('fit', done, total) })

  let yHat = fit.yHat
  let undefinedQueries = fit.undefinedQueries
  let fitInfo = { algorithm: fit.algorithm, errorBound: fit.errorBound }
  let yHatNonparametric: Float64Array | null = null
  let w: number | null = null
  let w0: number | null = null
  const epochs: EpochRecord[] = []
  let batchLoss: Float64Array | null = null
  let trainLoss: number | null = null

  if (spec.mode === 'parametric') {
    const t = spec.training
    if (!t) throw new InputError('parametric mode needs training parameters')
    const rng = trainingRng(t.seed)
    w0 = resolveW0(t.w0, rng)
    hooks.onW0?.(w0)
    stage('train', 0, t.epochs)
    const minibatch = t.batchSize !== null && t.batchSize < keys.length
    const batches: number[] = []
    const it = sgdEpochs(
      keys,
      values,
      { w0, lr: t.lr, epochs: t.epochs, loss: t.loss, leaveOneOut: t.loo, batchSize: t.batchSize, ...(minibatch ? { onBatch: (l: number) => batches.push(l) } : {}) },
      rng,
    )
    let final = w0
    for (;;) {
      if (stop()) throw new CancelledError<PartialOutcome>({ epochs, w0 })
      const step = it.next()
      if (step.done) {
        final = step.value
        break
      }
      epochs.push(step.value)
      hooks.onEpoch?.(step.value, t.epochs)
    }
    w = final
    if (minibatch) batchLoss = Float64Array.from(batches)
    yHatNonparametric = fit.yHat
    const trained = parametricPredict(keys, values, dataset.xQuery, w)
    yHat = trained.yHat
    undefinedQueries = trained.undefinedQueries
    fitInfo = { algorithm: trained.algorithm, errorBound: trained.errorBound }
    stage('metrics')
    // sgdEpochs has already refused leave-one-out with fewer than 2 points.
    const all = new Uint32Array(keys.length).map((_, i) => i)
    trainLoss = parametricLossAndGradient(
      { keys, values, queryIndices: all, leaveOneOut: t.loo },
      w,
      t.loss,
      new Float64Array(keys.length),
    ).loss
  } else {
    stage('metrics')
  }

  const metrics = computeMetrics({
    keys,
    values,
    yHat,
    yTruth: dataset.yTruth,
    model: spec.mode === 'parametric' && w !== null ? { w } : { kernel: spec.kernel, sigma },
    trainLoss,
  })

  return {
    dataset,
    sigma,
    w0,
    epochs,
    batchLoss,
    w,
    yHat,
    yHatNonparametric,
    undefinedQueries,
    baseline: averagePooling(values, 1)[0]!,
    metrics,
    fit: fitInfo,
  }
}
