import type { SigmaSpec } from '../api/spec'
import type { RunVectorInfo } from '../api/vectorRuns'
import type { VectorDataSpec } from '../api/vectorSpec'
import { CancelledError, InputError } from '../errors'
import { asymptoticBand, bootstrapBand } from '../engine/bands'
import { classificationMetrics, classify, looClassify } from '../engine/classify'
import { nwLooPredict, nwPredict } from '../engine/estimate'
import type { KernelId } from '../engine/kernels'
import type { NwPrediction } from '../engine/types'
import { vectorLooPredict, vectorPredict } from '../engine/vector'
import { vectorLooOptimalSigma, vectorRuleOfThumb } from '../engine/vectorBandwidth'
import { vectorLooIsotropicSigma } from '../engine/vectorIsotropic'
import type { ClassPrediction, VectorOptions, VectorProblem } from '../engine/vectorTypes'
import type { ExperimentHooks, ExperimentOutcome, ExperimentStage, PartialOutcome } from './outcome'
import { mseWithCoverage as mse, type Coverage, type ExperimentMetrics } from './metrics'
import type { NormalizedSpec } from './normalize'
import { materializeVectorData, type VectorRunData } from './vectorData'
import { runVectorTraining } from './executeVectorTrain'
import { vectorRegressionOutcome } from './vectorOutcome'
import { vectorInfoOfSpec } from './vectorInfo'

/**
 * A vector run (issue 13) from its normalised spec: data with inputs in
 * R^d, the width vector (given, or a rule applied per coordinate), the fit
 * (regression, with an optional band) or the class scores
 * (classification), and metrics with their coverage. Pure engine code, run
 * in a worker like runExperiment.
 */

/** Whether the one-dimensional engine answers (d = 1, Nadaraya-Watson, distance), as bands.ts decides it, so a fit and its band agree. */
function isScalar(p: VectorProblem): boolean {
  return p.d === 1 && (p.estimator ?? 'nw') === 'nw' && (p.scoring ?? 'distance') === 'distance'
}

function fitRegression(p: VectorProblem, options: VectorOptions): NwPrediction {
  if (isScalar(p)) return nwPredict({ keys: p.keys, values: p.values, queries: p.queries, kernel: p.kernel, sigma: p.sigma[0]! }, { onProgress: options.onProgress })
  return vectorPredict(p, options)
}

function looRegression(p: VectorProblem): NwPrediction {
  if (isScalar(p)) return nwLooPredict(p.keys, p.values, p.kernel, p.sigma[0]!)
  return vectorLooPredict(p)
}

/** The width vector a spec asks for: given (one width for all, or one each), a rule applied per coordinate, or leave-one-out over one shared width. */
export function resolveSigmaVector(
  sigma: SigmaSpec,
  data: VectorRunData,
  spec: { kernel: KernelId; estimator: 'nw' | 'local-linear' },
  onProgress?: VectorOptions['onProgress'],
): Float64Array {
  const { d } = data
  if (typeof sigma === 'number') return new Float64Array(d).fill(sigma)
  if (Array.isArray(sigma)) {
    if (sigma.length === 1) return new Float64Array(d).fill(sigma[0]!)
    if (sigma.length !== d) throw new InputError(`sigma has ${sigma.length} widths but the data have ${d} features`)
    return Float64Array.from(sigma)
  }
  if (sigma.rule === 'loo-cv' && sigma.isotropic) {
    const options = sigma.heldOut === undefined ? {} : { heldOut: sigma.heldOut }
    return new Float64Array(d).fill(vectorLooIsotropicSigma({ keys: data.xTrain, d, values: data.yTrain, kernel: spec.kernel, estimator: spec.estimator }, options).sigma)
  }
  if (sigma.rule === 'loo-cv') {
    return vectorLooOptimalSigma({ keys: data.xTrain, d, values: data.yTrain, kernel: spec.kernel, estimator: spec.estimator }, { onProgress }).sigma
  }
  return vectorRuleOfThumb(data.xTrain, d, sigma.rule, spec.kernel)
}


const NO_METRICS: ExperimentMetrics = {
  trainLoss: null,
  trainMse: null,
  testMse: null,
  looScore: null,
  coverage: { trainLoss: null, trainMse: null, testMse: null, looScore: null },
}

export function runVectorExperiment(spec: NormalizedSpec, hooks: ExperimentHooks = {}): ExperimentOutcome {
  const stop = hooks.shouldStop ?? (() => false)
  const stage = (s: ExperimentStage, done = 0, total = 1) => {
    if (stop()) throw new CancelledError<PartialOutcome>({ epochs: [], w0: null })
    hooks.onStage?.(s, done, total)
  }
  const task = spec.task ?? 'regression'
  const estimator = spec.estimator ?? 'nw'
  const scoring = spec.scoring ?? 'distance'

  stage('data')
  const data = materializeVectorData(spec.data as VectorDataSpec)
  const { d } = data
  const n = data.xTrain.length / d
  const m = data.xQuery.length / d
  if (spec.mode === 'parametric') return runVectorTraining(spec, data, { ...vectorInfoOfSpec(spec)!, features: data.features, target: data.target }, stage, hooks)
  stage('bandwidth')
  const sigma = resolveSigmaVector(spec.sigma, data, { kernel: spec.kernel, estimator }, (done, total) => stage('bandwidth', done, total))
  const base = { keys: data.xTrain, d, queries: data.xQuery, kernel: spec.kernel, sigma, scoring }
  const onProgress = (done: number, total: number) => stage('fit', done, total)
  stage('fit', 0, m)

  const info: RunVectorInfo = {
    d,
    features: data.features,
    target: data.target,
    task,
    estimator,
    scoring,
    sigma: Array.from(sigma),
    labelNames: data.labelNames,
    classCount: data.classCount,
    classMetrics: null,
    classCoverage: null,
    bands: null,
  }

  if (task === 'classification') {
    if (data.classCount === null) throw new InputError('classification needs class labels')
    const problem = { ...base, labels: Uint32Array.from(data.yTrain), classCount: data.classCount }
    const result: ClassPrediction = classify(problem, { onProgress })
    stage('metrics')
    const scored = data.yTruth ? classificationMetrics(result, Uint32Array.from(data.yTruth)) : null
    let looAccuracy: number | null = null
    let looCoverage: Coverage | null = null
    if (n >= 2) {
      const loo = looClassify(problem)
      let right = 0
      for (let j = 0; j < n; j++) if (loo.predicted[j] === problem.labels[j]) right++
      looAccuracy = right / n
      looCoverage = { covered: n - loo.undefinedQueries.length, total: n }
    }
    const defined = { covered: m - result.undefinedQueries.length, total: m }
    info.classMetrics = { accuracy: scored?.accuracy ?? null, logLoss: scored?.logLoss ?? null, looAccuracy }
    info.classCoverage = { accuracy: scored ? defined : null, logLoss: scored ? defined : null, looAccuracy: looCoverage }
    // yHat of a classification run is the predicted class index (NaN where undefined), as the stored truth is the true one.
    const yHat = Float64Array.from(result.predicted, (k) => (k < 0 ? NaN : k))
    return {
      dataset: { xTrain: data.xTrain, yTrain: data.yTrain, xQuery: data.xQuery, yTruth: data.yTruth },
      sigma: d === 1 ? sigma[0]! : null,
      w0: null,
      epochs: [],
      batchLoss: null,
      w: null,
      yHat,
      yHatNonparametric: null,
      undefinedQueries: result.undefinedQueries,
      baseline: null,
      metrics: NO_METRICS,
      fit: { algorithm: result.algorithm, errorBound: result.errorBound },
      vector: { info, classScores: result.scores, bandLower: null, bandUpper: null },
    }
  }

  const problem: VectorProblem = { ...base, values: data.yTrain, estimator }
  let fit: NwPrediction
  let bandLower: Float64Array | null = null
  let bandUpper: Float64Array | null = null
  const b = spec.bands
  if (b) {
    const band =
      b.kind === 'bootstrap'
        ? bootstrapBand(problem, { replicates: b.replicates, level: b.level, seed: b.seed, resampling: b.resampling, onProgress: (done, total) => stage('fit', done, total) })
        : asymptoticBand(problem, b.level)
    fit = band.fit
    bandLower = band.lower
    bandUpper = band.upper
    info.bands = b.kind === 'bootstrap' ? { kind: b.kind, level: b.level, replicates: b.replicates, seed: b.seed, resampling: b.resampling } : { kind: b.kind, level: b.level, replicates: null, seed: null, resampling: null }
  } else {
    fit = fitRegression(problem, { onProgress })
  }
  stage('metrics')
  // A held-out subset chose sigma because n x n sums cost too much: the metrics over every training point would cost as much again.
  const heldOut = typeof spec.sigma === 'object' && !Array.isArray(spec.sigma) ? spec.sigma.heldOut : undefined
  const everyPoint = heldOut === undefined || n <= heldOut
  const train = everyPoint ? mse(fitRegression({ ...problem, queries: data.xTrain }, {}).yHat, data.yTrain) : null
  const loo = n >= 2 && everyPoint ? mse(looRegression(problem).yHat, data.yTrain) : null
  const test = data.yTruth ? mse(fit.yHat, data.yTruth) : null
  return vectorRegressionOutcome(data, sigma, fit, { trainLoss: null, train, test, loo }, { info, classScores: null, bandLower, bandUpper })
}
