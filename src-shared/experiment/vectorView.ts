import type { RunVectorInfo } from '../api/vectorRuns'
import { InputError } from '../errors'
import { classify } from '../engine/classify'
import type { KernelId } from '../engine/kernels'
import { createRng } from '../engine/rng'
import { standardization, standardize, vectorPredict } from '../engine/vector'
import { vectorLooOptimalSigma, vectorRuleOfThumb } from '../engine/vectorBandwidth'
import { trainWidthVector } from '../engine/vectorTrain'

/**
 * What the saved-run view draws for a vector run, computed in a worker
 * from the stored run: for d = 2 the fit (or the predicted class and its
 * score) over a grid with the training points; for every d a slice per
 * coordinate (the others held at their training medians); and the widths
 * per coordinate the run used beside those the rules, leave-one-out CV and
 * SGD give on the same data.
 */

export interface VectorSurface {
  /** Grid coordinates along features[0] (xs) and features[1] (ys). */
  xs: number[]
  ys: number[]
  /** Row-major by y then x (value at (xs[i], ys[j]) is at j * xs.length + i); null where no key is in reach. */
  values: (number | null)[]
  /** Classification: predicted class per cell (values then hold its score). */
  classes: (number | null)[] | null
}

export interface VectorSlice {
  coordinate: number
  xs: number[]
  /** Regression: the fit along the slice. */
  fit: (number | null)[] | null
  /** Classification: each class's score along the slice (one array per class). */
  scores: (number | null)[][] | null
}

export interface WidthRow {
  label: string
  sigma: number[] | null
  /** Why a row has no widths (too many points, regression only, ...). */
  note: string | null
}

export interface VectorViewReply {
  info: RunVectorInfo
  kernel: KernelId
  /** Training points (thinned for display): row-major inputs and their values or class indices. */
  points: { x: number[]; y: number[]; every: number }
  /** The training medians the slices hold the other coordinates at. */
  medians: number[]
  surface: VectorSurface | null
  slices: VectorSlice[]
  widths: WidthRow[]
}

export interface VectorViewInput {
  info: RunVectorInfo
  kernel: KernelId
  xTrain: Float64Array
  yTrain: Float64Array
  /** Cells per side of the d = 2 grid, and points per slice. */
  grid: number
  sliceSteps: number
}

/** Most training points drawn; more are thinned evenly. */
const MAX_POINTS = 4000
/** Leave-one-out CV and SGD widths are computed for the view only up to this many points. */
const MAX_SEARCH_POINTS = 1500
const SGD_EPOCHS = 60

function nullable(a: Float64Array): (number | null)[] {
  return Array.from(a, (v) => (Number.isNaN(v) ? null : v))
}

function ranges(x: Float64Array, d: number): { lo: number[]; hi: number[]; median: number[] } {
  const n = x.length / d
  const lo: number[] = []
  const hi: number[] = []
  const median: number[] = []
  const column = new Float64Array(n)
  for (let l = 0; l < d; l++) {
    for (let i = 0; i < n; i++) column[i] = x[i * d + l]!
    column.sort()
    const pad = (column[n - 1]! - column[0]!) * 0.05 || 1
    lo.push(column[0]! - pad)
    hi.push(column[n - 1]! + pad)
    median.push(n % 2 ? column[(n - 1) / 2]! : (column[n / 2 - 1]! + column[n / 2]!) / 2)
  }
  return { lo, hi, median }
}

function linspace(lo: number, hi: number, k: number): number[] {
  return Array.from({ length: k }, (_, i) => (k === 1 ? lo : lo + ((hi - lo) * i) / (k - 1)))
}

/** Estimates at row-major queries: the fit, or the class scores and predicted classes. */
function evaluate(input: VectorViewInput, sigma: Float64Array, queries: Float64Array): { fit: Float64Array | null; scores: Float64Array | null; predicted: Int32Array | null } {
  const { info, kernel, xTrain, yTrain } = input
  const base = { keys: xTrain, d: info.d, queries, kernel, sigma, scoring: info.scoring }
  if (info.task === 'classification') {
    const r = classify({ ...base, labels: Uint32Array.from(yTrain), classCount: info.classCount! })
    return { fit: null, scores: r.scores, predicted: r.predicted }
  }
  return { fit: vectorPredict({ ...base, values: yTrain, estimator: info.estimator }).yHat, scores: null, predicted: null }
}

function widthRows(input: VectorViewInput): WidthRow[] {
  const { info, kernel, xTrain, yTrain } = input
  const d = info.d
  const n = xTrain.length / d
  // A trained run's widths are the learned ones (sigma_l = scale_l / |w_l|): the view's own SGD row would repeat them.
  const trained = !!info.learned
  const rows: WidthRow[] = [{ label: trained ? 'learned by SGD (this run)' : 'this run', sigma: info.sigma, note: null }]
  for (const method of ['silverman', 'scott'] as const) {
    try {
      rows.push({ label: method === 'silverman' ? "Silverman's rule" : "Scott's rule", sigma: Array.from(vectorRuleOfThumb(xTrain, d, method, kernel)), note: null })
    } catch (e) {
      rows.push({ label: method, sigma: null, note: (e as Error).message })
    }
  }
  if (info.task === 'classification') {
    rows.push({ label: 'leave-one-out CV', sigma: null, note: 'regression only' }, { label: 'learned by SGD', sigma: null, note: 'regression only' })
    return rows
  }
  if (n > MAX_SEARCH_POINTS) {
    const note = `computed for the view up to ${MAX_SEARCH_POINTS} points (nw-workbench bandwidth / train --per-coordinate for more)`
    rows.push({ label: 'leave-one-out CV', sigma: null, note })
    if (!trained) rows.push({ label: 'learned by SGD', sigma: null, note })
    return rows
  }
  try {
    rows.push({ label: 'leave-one-out CV', sigma: Array.from(vectorLooOptimalSigma({ keys: xTrain, d, values: yTrain, kernel, estimator: info.estimator }).sigma), note: null })
  } catch (e) {
    rows.push({ label: 'leave-one-out CV', sigma: null, note: (e as Error).message })
  }
  if (trained) return rows
  // SGD on standardised inputs (one learning rate fits every coordinate's scale), w_l mapped back to sigma_l = sd_l / |w_l|.
  try {
    const s = standardization(xTrain, d)
    const { w } = trainWidthVector(
      standardize(xTrain, d, s),
      d,
      yTrain,
      { w0: new Float64Array(d).fill(1), lr: 0.5, epochs: SGD_EPOCHS, loss: 'mean-half', leaveOneOut: true, batchSize: null },
      createRng(0, 1),
    )
    rows.push({ label: `learned by SGD (${SGD_EPOCHS} epochs)`, sigma: Array.from(w, (wl, l) => s.scale[l]! / Math.abs(wl)), note: null })
  } catch (e) {
    rows.push({ label: 'learned by SGD', sigma: null, note: (e as Error).message })
  }
  return rows
}

export function computeVectorView(input: VectorViewInput): VectorViewReply {
  const { info, xTrain, yTrain } = input
  const d = info.d
  if (!info.sigma || info.sigma.length !== d) throw new InputError('the run has no width vector yet')
  const sigma = Float64Array.from(info.sigma)
  const n = xTrain.length / d
  const { lo, hi, median } = ranges(xTrain, d)

  const every = Math.max(1, Math.ceil(n / MAX_POINTS))
  const px: number[] = []
  const py: number[] = []
  for (let i = 0; i < n; i += every) {
    for (let l = 0; l < d; l++) px.push(xTrain[i * d + l]!)
    py.push(yTrain[i]!)
  }

  let surface: VectorSurface | null = null
  if (d === 2) {
    const g = input.grid
    const xs = linspace(lo[0]!, hi[0]!, g)
    const ys = linspace(lo[1]!, hi[1]!, g)
    const queries = new Float64Array(g * g * 2)
    for (let j = 0; j < g; j++) {
      for (let i = 0; i < g; i++) {
        queries[(j * g + i) * 2] = xs[i]!
        queries[(j * g + i) * 2 + 1] = ys[j]!
      }
    }
    const r = evaluate(input, sigma, queries)
    if (r.fit) {
      surface = { xs, ys, values: nullable(r.fit), classes: null }
    } else {
      const c = info.classCount!
      const values: (number | null)[] = []
      const classes: (number | null)[] = []
      for (let k = 0; k < g * g; k++) {
        const p = r.predicted![k]!
        classes.push(p < 0 ? null : p)
        values.push(p < 0 ? null : r.scores![k * c + p]!)
      }
      surface = { xs, ys, values, classes }
    }
  }

  const slices: VectorSlice[] = []
  const k = input.sliceSteps
  for (let l = 0; l < d; l++) {
    const xs = linspace(lo[l]!, hi[l]!, k)
    const queries = new Float64Array(k * d)
    for (let i = 0; i < k; i++) for (let m = 0; m < d; m++) queries[i * d + m] = m === l ? xs[i]! : median[m]!
    const r = evaluate(input, sigma, queries)
    if (r.fit) {
      slices.push({ coordinate: l, xs, fit: nullable(r.fit), scores: null })
    } else {
      const c = info.classCount!
      slices.push({ coordinate: l, xs, fit: null, scores: Array.from({ length: c }, (_, cls) => Array.from({ length: k }, (_, i) => (r.predicted![i]! < 0 ? null : r.scores![i * c + cls]!))) })
    }
  }

  return { info, kernel: input.kernel, points: { x: px, y: py, every }, medians: median, surface, slices, widths: widthRows(input) }
}
