import { classificationMetrics, classify, encodeClasses, looClassify } from '../../../src-shared/engine/classify'
import type { KernelId } from '../../../src-shared/engine/kernels'
import { vectorRuleOfThumb } from '../../../src-shared/engine/vectorBandwidth'
import type { Estimator, KernelShape, Scoring } from '../../../src-shared/engine/vectorTypes'
import type { FlagValues } from '../flags'
import { stringFlag, UsageError } from '../flags'
import type { CliIo } from '../io'
import { printJson } from '../json'
import { formatTable } from '../table'
import { jsonLabel, maybeStandardize, readFeatures, readLabels, sigmaFlag } from '../vectorInputs'

/**
 * `fit --task classification`: Nadaraya-Watson with one-hot class values.
 * Prints the sorted class labels, each query's class scores and predicted
 * label, and, when the query file has the class column, accuracy, log loss
 * and the training set's leave-one-out accuracy.
 */
export interface ClassFitArgs {
  values: FlagValues
  io: CliIo
  trainPath: string
  queryPath: string
  features: string[]
  kernel: KernelId
  scoring: Scoring
  shape: KernelShape
  estimator: Estimator
  threads: number
}

export async function fitClasses(a: ClassFitArgs): Promise<void> {
  const { values, io, features } = a
  if (a.estimator !== 'nw') throw new UsageError('--task classification uses the nw estimator (a local-linear fit of class indicators is not a distribution)')
  if (values.bands !== undefined) throw new UsageError('--bands applies to regression')
  if (values.weights) throw new UsageError('--weights applies to regression')
  if (a.threads > 1) throw new UsageError('--threads applies to regression fits (class scores are computed on one thread)')
  const target = stringFlag(values, 'target')
  if (target === undefined) throw new UsageError('--task classification needs --target naming the class column')
  if (features.some((f) => f.toLowerCase() === target.toLowerCase())) throw new UsageError(`column "${target}" cannot be both a feature and the class`)
  const train = await readFeatures(io.cwd, a.trainPath, features)
  const trainLabels = readLabels(io.cwd, a.trainPath, target, true)!
  const query = await readFeatures(io.cwd, a.queryPath, features)
  const queryLabels = readLabels(io.cwd, a.queryPath, target, false)
  const d = features.length
  const encoded = encodeClasses(trainLabels)
  const numeric = encoded.classes.every((c) => Number.isFinite(Number(c)))
  const scale = maybeStandardize(values, train.x, d)
  const keys = scale.apply(train.x)
  const queries = scale.apply(query.x)
  let sigma = sigmaFlag(values, d)
  const chosen = sigma === null
  sigma ??= vectorRuleOfThumb(keys, d, 'scott', a.kernel)
  const problem = { keys, d, queries, kernel: a.kernel, sigma, scoring: a.scoring, shape: a.shape, labels: encoded.index, classCount: encoded.classes.length }
  const result = classify(problem)
  const c = encoded.classes.length
  const m = query.rows
  const predicted = Array.from(result.predicted, (k) => (k < 0 ? null : jsonLabel(encoded.classes[k]!, numeric)))
  if (result.undefinedQueries.length > 0) {
    io.stderr(`nw-workbench: ${result.undefinedQueries.length} of ${m} queries have no key within reach of the ${a.kernel} kernel; their scores are undefined (null)\n`)
  }
  let metrics: Record<string, number | null> | null = null
  if (queryLabels) {
    const position = new Map(encoded.classes.map((label, k) => [label, k]))
    // A query label the training set never saw can never be predicted: it counts as a miss (index beyond the classes).
    const truth = Uint32Array.from(queryLabels, (label) => position.get(label) ?? c)
    const scored = classificationMetrics(result, truth)
    const loo = looClassify(problem)
    let right = 0
    for (let j = 0; j < train.rows; j++) if (loo.predicted[j] === encoded.index[j]) right++
    metrics = { accuracy: scored.accuracy, logLoss: scored.logLoss, looAccuracy: right / train.rows }
  }
  if (values.json) {
    const scores: (number[] | null)[] = []
    for (let i = 0; i < m; i++) scores.push(result.predicted[i]! < 0 ? null : Array.from(result.scores.subarray(i * c, (i + 1) * c)))
    const out: Record<string, unknown> = {
      classes: encoded.classes.map((label) => jsonLabel(label, numeric)),
      scores,
      predicted,
      undefinedQueries: result.undefinedQueries,
      algorithm: result.algorithm,
      errorBound: result.errorBound,
    }
    if (chosen) out.sigma = d === 1 ? sigma[0]! : Array.from(sigma)
    if (metrics) out.metrics = metrics
    printJson(io.stdout, out)
    return
  }
  if (chosen) io.stdout(`sigma = ${Array.from(sigma).join(', ')} (Scott's rule per feature)\n`)
  const rows = Array.from({ length: m }, (_, i) => {
    const row: (number | string)[] = []
    for (let l = 0; l < d; l++) row.push(query.x[i * d + l]!)
    row.push(predicted[i] === null ? '' : String(predicted[i]))
    for (let k = 0; k < c; k++) row.push(result.scores[i * c + k]!)
    return row
  })
  io.stdout(formatTable([...features, 'predicted', ...encoded.classes.map((label) => `score ${label}`)], rows))
  if (metrics) io.stdout(`accuracy ${metrics.accuracy}, log loss ${metrics.logLoss}, leave-one-out accuracy ${metrics.looAccuracy}\n`)
}
