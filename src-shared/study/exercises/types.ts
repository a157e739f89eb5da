import type { LineFit } from '../regression'
import type { Aggregate } from '../stats'

/** A curve with its spread over replicates, point by point. */
export interface BandSeries {
  x: number[]
  stats: Aggregate[]
}

/** Exercise 2: learning the width with and without leave-one-out. */
export interface WidthsGroup {
  loo: boolean
  label: string
  replicates: number
  loss: BandSeries
  w: BandSeries
  testMse: BandSeries
  /** Each replicate's test MSE divided by its value after epoch 1: the trend, without the spread between data sets. */
  testMseRatio: BandSeries
  finalW: Aggregate
  /** Largest relative change of w per epoch over the last tenth of the epochs, over replicates. */
  lateChangePerEpoch: number
  /** Whether w rose over the last tenth of the epochs in every replicate. */
  risingAtEnd: boolean
  lossStart: Aggregate
  lossEnd: Aggregate
  testMseStart: Aggregate
  testMseEnd: Aggregate
  /** Leave-one-out only: 1/sigma* of leave-one-out cross-validation on each replicate's data, and the worst relative gap to the learned w. */
  reference: { wStar: Aggregate; worstRelativeGap: number } | null
}

export interface WidthsResult {
  exercise: 'learning-widths'
  complete: boolean
  answer: string
  epochs: number
  groups: WidthsGroup[]
}

/** Exercise 4: the leave-one-out bandwidth and the test error against n, per input dimension. */
export interface ConsistencyDimension {
  d: number
  /** Every done run: n, its leave-one-out sigma and its test MSE. */
  points: { n: number; sigma: number; testMse: number | null }[]
  /** Per n: the spread of sigma and of test MSE over replicates (on the log scale, as fitted). */
  byN: { n: number; logSigma: Aggregate; logTestMse: Aggregate }[]
  /** Least-squares fits of log sigma and log test MSE on log n over every run (the lines drawn). */
  sigmaFit: LineFit | null
  mseFit: LineFit | null
  /**
   * The slopes the answer states: each replicate's own log-log slope
   * (Theil-Sen; its runs share a seed, so they are fitted together), then
   * their mean and Student-t 95% interval over the replicates, which are
   * independent. With one replicate, the pooled fit's interval instead.
   */
  sigmaSlope: SlopeEstimate | null
  mseSlope: SlopeEstimate | null
  theorySigmaSlope: number
  theoryMseSlope: number
}

export interface SlopeEstimate {
  slope: number
  ci95: [number, number]
  /** Replicates whose slopes were averaged (0: the pooled least-squares interval). */
  replicates: number
}

export interface ConsistencyResult {
  exercise: 'consistency'
  complete: boolean
  answer: string
  dims: ConsistencyDimension[]
}

export type ExerciseResult = WidthsResult | ConsistencyResult
