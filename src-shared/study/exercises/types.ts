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
  /** Fits of log sigma and log test MSE on log n. */
  sigmaFit: LineFit | null
  mseFit: LineFit | null
  theorySigmaSlope: number
  theoryMseSlope: number
}

export interface ConsistencyResult {
  exercise: 'consistency'
  complete: boolean
  answer: string
  dims: ConsistencyDimension[]
}

export type ExerciseResult = WidthsResult | ConsistencyResult
