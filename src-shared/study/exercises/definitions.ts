import type { StudyInput } from '../studySpec'
import { twoClassData, unitCircleData } from './vectorExercises'

/**
 * The chapter's exercises that a study answers, one click each in the
 * gallery. Exercises 1 and 3 use vector inputs (issue 13): their data are
 * inline, made from the seed, so each is one run per cell.
 * Each study is an ordinary study file: `nw-workbench sweep --spec` runs the
 * same (see README, "Studies").
 */
export const EXERCISE_IDS = ['learning-widths', 'consistency', 'parzen', 'unit-sphere'] as const
export type ExerciseId = (typeof EXERCISE_IDS)[number]

export interface Exercise {
  id: ExerciseId
  /** Its number among the chapter's exercises. */
  number: number
  title: string
  question: string
  /** What counts as agreeing with theory, stated with the answer. */
  tolerance: string
  study(seed: number): StudyInput
}

/** Epochs the widths are trained for: enough for w to settle with leave-one-out, and to run away without. */
export const WIDTHS_EPOCHS = 500

/**
 * Input dimensions of the consistency study. d > 1 needs the vector-inputs
 * issue: its data spec field is expected at one of DIMENSION_PATHS, and an
 * axis on it (values 1..4) is all the study then needs.
 */
export const CONSISTENCY_DIMENSIONS = [1]
export const DIMENSION_PATHS = ['data.d', 'data.dim', 'data.dimension'] as const

export const EXERCISES: readonly Exercise[] = [
  {
    id: 'parzen',
    number: 1,
    title: 'Parzen windows give Nadaraya-Watson classification',
    question: 'Show that the sign of the Parzen-window difference p̂(x, y=1) − p̂(x, y=−1) is the Nadaraya-Watson binary decision.',
    tolerance: 'every grid cell and query where both are defined agrees (exact: both compare the same kernel sums)',
    study: (seed) => ({
      name: `Exercise 1 · Parzen windows and NW classification (seed ${seed})`,
      base: { data: { features: ['x1', 'x2'], target: 'class', ...twoClassData(seed) }, kernel: 'gaussian', sigma: [0.5, 0.5], task: 'classification' },
      axes: { kernel: ['gaussian', 'epanechnikov', 'quartic', 'triangular'] },
      replicates: 1,
    }),
  },
  {
    id: 'learning-widths',
    number: 2,
    title: 'Learning widths, with and without leave-one-out',
    question:
      'Train the width w by SGD with and without leaving each training point out of its own keys. What happens to w, the training loss and the test error?',
    tolerance: 'w has settled when it changes by less than 0.1% per epoch over the last tenth of the epochs; the settled w matches 1/σ* of leave-one-out cross-validation within 1%',
    study: (seed) => ({
      name: `Exercise 2 · learning widths with and without leave-one-out (seed ${seed})`,
      // The oldest edition's data and recipe (full-batch SGD on the summed loss, lr 0.5), trained long enough to settle.
      base: {
        data: { preset: 'd2l-oldest', seed },
        kernel: 'gaussian',
        mode: 'parametric',
        training: { w0: 1, lr: 0.5, epochs: WIDTHS_EPOCHS, loss: 'sum-half', batchSize: null },
      },
      axes: { 'training.loo': [true, false] },
      replicates: 8,
      replicateSeeds: 'data',
    }),
  },
  {
    id: 'unit-sphere',
    number: 3,
    title: 'On the unit sphere the Gaussian kernel is dot-product attention',
    question: 'Take inputs on the unit sphere: show that the Gaussian weights exp(−‖q − k‖²/(2σ²)) equal the softmax of q·k/σ², and that they differ off the sphere.',
    tolerance: 'the weights agree to rounding (about 1e-15) on the sphere and visibly differ off it',
    study: (seed) => ({
      name: `Exercise 3 · the unit sphere and dot-product attention (seed ${seed})`,
      base: { data: { features: ['x1', 'x2'], target: 'y', ...unitCircleData(seed) }, kernel: 'gaussian', sigma: [0.3, 0.3] },
      axes: { scoring: ['distance', 'dot'] },
      replicates: 1,
    }),
  },
  {
    id: 'consistency',
    number: 4,
    title: 'Consistency: how fast to shrink the bandwidth',
    question: 'How fast should σ shrink as n grows, and does it depend on the dimensionality?',
    tolerance: "the 95% confidence interval of the fitted log-log slope of σ* against n contains theory's −1/(4 + d)",
    study: (seed) => ({
      name: `Exercise 4 · consistency: the leave-one-out bandwidth against n (seed ${seed})`,
      // sin on [π/2, 5π/2] has f' = 0 at both ends, so the estimator's O(σ) bias at the boundary vanishes and the
      // interior theory (σ* ~ n^(-1/5)) holds over the whole range; on the chapter's 2 sin(x) + x^0.8 on [0, 5) the
      // boundary bias dominates and σ* shrinks like n^(-1/4) instead.
      base: {
        data: { fn: 'sin', n: 100, noiseSd: 0.5, xMin: Math.PI / 2, xMax: (5 * Math.PI) / 2, seed },
        kernel: 'gaussian',
        sigma: { rule: 'loo-cv' },
      },
      axes: { 'data.n': { log: [100, 100_000], count: 7 } },
      replicates: 6,
      replicateSeeds: 'data',
    }),
  },
]

export function exercise(id: ExerciseId): Exercise {
  return EXERCISES.find((e) => e.id === id)!
}
