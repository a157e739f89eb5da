import { nwLooPredict, nwPredict } from '../engine/estimate'
import type { KernelId } from '../engine/kernels'
import { meanSquaredError } from '../engine/metrics'
import { parametricPredict, trainedKernel } from '../engine/parametric'

/**
 * A run's metrics, each with its coverage: how many points or queries it
 * was computed over. A compact kernel at a small bandwidth leaves queries
 * without an estimate; a mean over the few that have one is not comparable
 * with a mean over all of them, so the count always travels with the value.
 */
export const METRIC_NAMES = ['trainLoss', 'trainMse', 'testMse', 'looScore'] as const
export type MetricName = (typeof METRIC_NAMES)[number]

export interface Coverage {
  /** Points or queries the metric was computed over. */
  covered: number
  /** Points or queries it is about. */
  total: number
}

export type ExperimentMetrics = Record<MetricName, number | null> & {
  /** Per metric, null when the metric was not computed (no truth, no training, fewer than 2 points). */
  coverage: Record<MetricName, Coverage | null>
}

/** Whether every computed metric covers all its points. */
export function isComplete(coverage: ExperimentMetrics['coverage']): boolean {
  return METRIC_NAMES.every((k) => coverage[k] === null || coverage[k]!.covered === coverage[k]!.total)
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null
}

/** Mean squared error over the defined entries, with how many those were. */
export function mseWithCoverage(estimates: Float64Array, targets: Float64Array): { value: number | null; coverage: Coverage } {
  const { mse, skipped } = meanSquaredError(estimates, targets)
  return { value: finiteOrNull(mse), coverage: { covered: estimates.length - skipped, total: estimates.length } }
}

export interface MetricInputs {
  keys: Float64Array
  values: Float64Array
  /** The run's predictions at the queries, and the truth there if known. */
  yHat: Float64Array
  yTruth: Float64Array | null
  /** The model the run produced: the kernel at sigma, or the trained w. */
  model: { kernel: KernelId; sigma: number } | { w: number }
  /** Parametric runs: the training objective at the learned w (over every training point). */
  trainLoss: number | null
}

/** Metrics of the model the run produced, each with its coverage. */
export function computeMetrics(m: MetricInputs): ExperimentMetrics {
  const { keys, values } = m
  const n = keys.length
  const estimator = 'w' in m.model ? trainedKernel(m.model.w) : m.model
  const atTraining = 'w' in m.model ? parametricPredict(keys, values, keys, m.model.w).yHat : nwPredict({ keys, values, queries: keys, ...estimator }).yHat
  const train = mseWithCoverage(atTraining, values)
  const loo = n >= 2 ? mseWithCoverage(nwLooPredict(keys, values, estimator.kernel, estimator.sigma).yHat, values) : null
  const test = m.yTruth ? mseWithCoverage(m.yHat, m.yTruth) : null
  return {
    trainLoss: m.trainLoss,
    trainMse: train.value,
    testMse: test?.value ?? null,
    looScore: loo?.value ?? null,
    coverage: {
      trainLoss: m.trainLoss === null ? null : { covered: n, total: n },
      trainMse: train.coverage,
      testMse: test?.coverage ?? null,
      looScore: loo?.coverage ?? null,
    },
  }
}
