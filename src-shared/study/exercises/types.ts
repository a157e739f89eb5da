import type { VectorViewReply } from '../../experiment/vectorView'
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

/** Exercise 1: one kernel's count of points where the Parzen sign and NW's decision agree. */
export interface ParzenKernelRow {
  kernel: string
  sigma: number[]
  /** Grid cells and queries looked at. */
  points: number
  /** Those with a decision from both (not undefined, not an exact tie). */
  compared: number
  agree: number
  undefinedOrTied: number
  /** The largest |p̂(x, b) − p̂(x, a)| where the two disagree (0 when they never do). */
  largestDisagreeingDifference: number
}

export interface ParzenResult {
  exercise: 'parzen'
  complete: boolean
  answer: string
  rows: ParzenKernelRow[]
  /** The first kernel's run as a saved-run view: its decision regions are the figure. */
  view: VectorViewReply | null
}

/** Exercise 3: distance against dot-product weights, on the unit circle and off it. */
export interface UnitSphereResult {
  exercise: 'unit-sphere'
  complete: boolean
  answer: string
  /** Largest |weight difference| on the circle, off it, and between the two runs' fits. */
  onSphere: number | null
  offSphere: number | null
  fitDifference: number | null
  /** One query's weights over the keys (ordered by angle), both scorings, on and off the circle. */
  row: { angle: number[]; onDistance: number[]; onDot: number[]; offDistance: number[]; offDot: number[] } | null
}

export type ExerciseResult = WidthsResult | ConsistencyResult | ParzenResult | UnitSphereResult
