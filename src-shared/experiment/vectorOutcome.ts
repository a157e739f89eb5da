import type { NwPrediction } from '../engine/types'
import type { Coverage } from './metrics'
import type { ExperimentOutcome, VectorOutcome } from './outcome'
import type { VectorRunData } from './vectorData'

type Measured = { value: number | null; coverage: Coverage } | null

/**
 * The outcome of a vector regression run, nonparametric or trained: both
 * store the same fields (no scalar w or epochs; the widths live in
 * `vector`), and differ only in their fit, their metrics and what `vector`
 * carries.
 */
export function vectorRegressionOutcome(
  data: Pick<VectorRunData, 'd' | 'xTrain' | 'yTrain' | 'xQuery' | 'yTruth'>,
  sigma: Float64Array,
  fit: NwPrediction,
  metrics: { trainLoss: Measured; train: Measured; test: Measured; loo: Measured },
  vector: VectorOutcome,
): ExperimentOutcome {
  const n = data.yTrain.length
  let mean = 0
  for (let j = 0; j < n; j++) mean += data.yTrain[j]!
  const { trainLoss, train, test, loo } = metrics
  return {
    dataset: { xTrain: data.xTrain, yTrain: data.yTrain, xQuery: data.xQuery, yTruth: data.yTruth },
    sigma: data.d === 1 ? sigma[0]! : null,
    w0: null,
    epochs: [],
    batchLoss: null,
    w: null,
    yHat: fit.yHat,
    yHatNonparametric: null,
    undefinedQueries: fit.undefinedQueries,
    baseline: n > 0 ? mean / n : null,
    metrics: {
      trainLoss: trainLoss?.value ?? null,
      trainMse: train?.value ?? null,
      testMse: test?.value ?? null,
      looScore: loo?.value ?? null,
      coverage: { trainLoss: trainLoss?.coverage ?? null, trainMse: train?.coverage ?? null, testMse: test?.coverage ?? null, looScore: loo?.coverage ?? null },
    },
    fit: { algorithm: fit.algorithm, errorBound: fit.errorBound },
    vector,
  }
}
