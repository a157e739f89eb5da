import { InputError } from '../errors'
import type { KernelId } from './kernels'
import type { ClassPrediction, ClassProblem, VectorOptions } from './vectorTypes'
import { prepare, profileOf, validateInputs } from './vectorCore/prepare'
import { planVector, runChunked, undefinedRows } from './vectorCore/run'

/**
 * Nadaraya-Watson classification: the values are one-hot class vectors, so
 * each query's estimate is a vector of class scores, the attention-weighted
 * share of each class among the keys, which sums to 1. The predicted class
 * is the highest score. Same kernels, widths, scoring and paths as
 * vector.ts (local-constant only: a local-linear fit of one-hot vectors is
 * not a distribution).
 */

/** Most classes a problem may have (one score column each). */
export const MAX_CLASSES = 1000

export interface EncodedClasses {
  /** The distinct labels, sorted (numerically when every label is a number, else by code unit). */
  classes: string[]
  /** Class index of each input label. */
  index: Uint32Array
}

export function encodeClasses(labels: readonly string[]): EncodedClasses {
  const distinct = Array.from(new Set(labels))
  const numeric = distinct.every((s) => s.trim() !== '' && Number.isFinite(Number(s)))
  distinct.sort(numeric ? (a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0) : (a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const position = new Map(distinct.map((c, k) => [c, k]))
  return { classes: distinct, index: Uint32Array.from(labels, (s) => position.get(s)!) }
}

function oneHot(labels: Uint32Array, classCount: number): Float64Array {
  const out = new Float64Array(labels.length * classCount)
  for (let j = 0; j < labels.length; j++) out[j * classCount + labels[j]!] = 1
  return out
}

function validateLabels(labels: Uint32Array, classCount: number, n: number): void {
  if (!Number.isInteger(classCount) || classCount < 1 || classCount > MAX_CLASSES) {
    throw new InputError(`the number of classes must be an integer in [1, ${MAX_CLASSES}] (got ${classCount})`)
  }
  if (labels.length !== n) throw new InputError(`there are ${n} training inputs but ${labels.length} labels`)
  const seen = new Set<number>()
  for (let j = 0; j < n; j++) {
    const c = labels[j]!
    if (c >= classCount) throw new InputError(`label ${j} is class ${c}, beyond the ${classCount} classes`)
    seen.add(c)
  }
  if (seen.size < 2) throw new InputError('the training labels hold only one class: classification needs at least two')
}

function argmaxRows(scores: Float64Array, c: number, m: number): Int32Array {
  const predicted = new Int32Array(m)
  for (let i = 0; i < m; i++) {
    let best = -1
    let bestScore = -Infinity
    for (let k = 0; k < c; k++) {
      const s = scores[i * c + k]!
      if (s > bestScore) {
        bestScore = s
        best = k
      }
    }
    predicted[i] = best
  }
  return predicted
}

export function classify(p: ClassProblem, options: VectorOptions = {}): ClassPrediction {
  const { n, m } = validateInputs(p)
  validateLabels(p.labels, p.classCount, n)
  const prepared = prepare(p, oneHot(p.labels, p.classCount), p.classCount)
  const plan = planVector(prepared, options, false)
  const scores = new Float64Array(m * p.classCount)
  const errorBound = runChunked(prepared, plan, false, scores, 0, m, options.onProgress)
  return { scores, classCount: p.classCount, predicted: argmaxRows(scores, p.classCount, m), undefinedQueries: undefinedRows(scores, p.classCount), algorithm: plan.algorithm, errorBound }
}

/** Leave-one-out class scores at the training inputs. */
export function looClassify(p: Omit<ClassProblem, 'queries'>, options: VectorOptions = {}): ClassPrediction {
  const queries = new Float64Array(0)
  const { n } = validateInputs({ ...p, queries })
  if (n < 2) throw new InputError('leave-one-out needs at least 2 training points')
  validateLabels(p.labels, p.classCount, n)
  const prepared = prepare({ ...p, queries }, oneHot(p.labels, p.classCount), p.classCount)
  const plan = planVector(prepared, options, true)
  const scores = new Float64Array(n * p.classCount)
  const errorBound = runChunked(prepared, plan, true, scores, 0, n, options.onProgress)
  return { scores, classCount: p.classCount, predicted: argmaxRows(scores, p.classCount, n), undefinedQueries: undefinedRows(scores, p.classCount), algorithm: plan.algorithm, errorBound }
}

export interface ClassMetrics {
  /** Share of queries whose predicted class is the true one (an undefined prediction counts as wrong). */
  accuracy: number
  /** Mean of -ln(score of the true class) over defined queries, scores clipped to [1e-15, 1] (scikit-learn's convention). */
  logLoss: number | null
  /** Queries without an estimate. */
  undefinedQueries: number
}

const LOG_LOSS_FLOOR = 1e-15

export function classificationMetrics(prediction: ClassPrediction, truth: Uint32Array): ClassMetrics {
  const c = prediction.classCount
  const m = prediction.predicted.length
  if (truth.length !== m) throw new InputError(`there are ${m} predictions but ${truth.length} true labels`)
  if (m === 0) throw new InputError('there are no queries to score')
  let right = 0
  let loss = 0
  let defined = 0
  for (let i = 0; i < m; i++) {
    const predicted = prediction.predicted[i]!
    if (predicted < 0) continue
    if (predicted === truth[i]) right++
    const t = truth[i]!
    const score = t < c ? prediction.scores[i * c + t]! : 0
    loss -= Math.log(Math.min(1, Math.max(LOG_LOSS_FLOOR, score)))
    defined++
  }
  return { accuracy: right / m, logLoss: defined > 0 ? loss / defined : null, undefinedQueries: m - defined }
}

/** The 1-D kernels' normalising constants: profile(u) times this integrates to 1. */
const NORMALISER: Partial<Record<KernelId, number>> = {
  gaussian: 1 / Math.sqrt(2 * Math.PI),
  boxcar: 1 / 2,
  triangular: 1,
  epanechnikov: 3 / 4,
  quartic: 15 / 16,
  triweight: 35 / 32,
  tricube: 70 / 81,
  cosine: Math.PI / 4,
}

/**
 * Parzen-window estimates of the joint density p(x, y = k) at each query
 * (m x classCount): (1/n) sum over the keys of class k of the product kernel
 * density prod_l K(u_l) / sigma_l. Exercise 1 of the chapter: their
 * difference for two classes has the sign of the Nadaraya-Watson decision.
 */
export function parzenJointDensity(p: Omit<ClassProblem, 'scoring' | 'shape'>): Float64Array {
  const { n, m } = validateInputs(p)
  validateLabels(p.labels, p.classCount, n)
  const norm = NORMALISER[p.kernel]
  if (norm === undefined) throw new InputError(`the ${p.kernel} kernel is not a density, so it gives no Parzen window`)
  let scale = 1 / n
  for (let l = 0; l < p.d; l++) scale *= norm / p.sigma[l]!
  const prepared = prepare({ ...p, shape: 'product', scoring: 'distance' }, new Float64Array(n), 1)
  const out = new Float64Array(m * p.classCount)
  // The Gaussian as one exp of the squared distance; other kernels as the product of their profiles.
  const profile = p.kernel === 'gaussian' ? null : profileOf(p.kernel)
  const { d, keys, queries } = prepared
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let w: number
      if (profile === null) {
        let s = 0
        for (let l = 0; l < d; l++) {
          const u = queries[i * d + l]! - keys[j * d + l]!
          s += u * u
        }
        w = Math.exp(-0.5 * s)
      } else {
        w = 1
        for (let l = 0; l < d && w !== 0; l++) w *= profile(queries[i * d + l]! - keys[j * d + l]!)
      }
      const k = p.labels[j]!
      out[i * p.classCount + k] = out[i * p.classCount + k]! + w * scale
    }
  }
  return out
}
