import { classify, parzenJointDensity } from '../../engine/classify'
import type { KernelId } from '../../engine/kernels'
import { createRng } from '../../engine/rng'
import { vectorWeights } from '../../engine/vector'
import type { VectorViewReply } from '../../experiment/vectorView'
import type { ParzenKernelRow, ParzenResult, UnitSphereResult } from './types'

/**
 * Exercises 1 and 3 (they need vector inputs, issue 13).
 *
 * 1. Parzen windows give NW classification: on two-class data in the plane,
 *    the sign of p̂(x, y=1) − p̂(x, y=0) (class-conditional kernel density
 *    estimates times the class shares, i.e. the joint densities) is NW's
 *    binary decision at every point where either is defined. Counted over a
 *    grid and the queries, per kernel.
 * 2. On the unit sphere ‖q − k‖² = 2 − 2 q·k, so the Gaussian's weights
 *    exp(−‖q − k‖²/(2σ²)) are proportional to exp(q·k/σ²): after softmax the
 *    distance and dot-product weights are identical; off the sphere they are not.
 */

/**
 * Two Gaussian blobs in the plane, labelled "-1" and "1" as in the exercise, and queries in the
 * same square. Class labels sort as text, so "-1" is class 0 and "1" class 1.
 */
export function twoClassData(seed: number, n = 160, m = 60): { xTrain: number[]; labelsTrain: string[]; xQuery: number[]; labelsQuery: string[] } {
  const rng = createRng(seed, 0)
  const centre = [
    [-1, -0.5],
    [1, 0.5],
  ] as const
  const draw = (count: number) => {
    const x: number[] = []
    const labels: string[] = []
    for (let i = 0; i < count; i++) {
      const k = i % 2
      x.push(centre[k]![0] + rng.normal(), centre[k]![1] + rng.normal())
      labels.push(k === 0 ? '-1' : '1')
    }
    return { x, labels }
  }
  const train = draw(n)
  const query = draw(m)
  return { xTrain: train.x, labelsTrain: train.labels, xQuery: query.x, labelsQuery: query.labels }
}

/** Inputs on the unit circle, values 2 sin(3θ) + noise; queries on the circle too. */
export function unitCircleData(seed: number, n = 120, m = 90): { xTrain: number[]; yTrain: number[]; xQuery: number[]; yTruth: number[] } {
  const rng = createRng(seed, 0)
  const xTrain: number[] = []
  const yTrain: number[] = []
  for (let i = 0; i < n; i++) {
    const t = 2 * Math.PI * rng.uniform()
    xTrain.push(Math.cos(t), Math.sin(t))
    yTrain.push(2 * Math.sin(3 * t) + 0.3 * rng.normal())
  }
  const xQuery: number[] = []
  const yTruth: number[] = []
  for (let i = 0; i < m; i++) {
    const t = (2 * Math.PI * i) / m
    xQuery.push(Math.cos(t), Math.sin(t))
    yTruth.push(2 * Math.sin(3 * t))
  }
  return { xTrain, yTrain, xQuery, yTruth }
}

export interface ParzenRun {
  kernel: KernelId
  sigma: number[]
  xTrain: Float64Array
  yTrain: Float64Array
  xQuery: Float64Array
}

const GRID = 60

/** Grid over the training points' square (5% margins), row-major by y then x. */
function gridOver(x: Float64Array): Float64Array {
  let lo0 = Infinity
  let hi0 = -Infinity
  let lo1 = Infinity
  let hi1 = -Infinity
  for (let i = 0; i < x.length; i += 2) {
    lo0 = Math.min(lo0, x[i]!)
    hi0 = Math.max(hi0, x[i]!)
    lo1 = Math.min(lo1, x[i + 1]!)
    hi1 = Math.max(hi1, x[i + 1]!)
  }
  const p0 = (hi0 - lo0) * 0.05
  const p1 = (hi1 - lo1) * 0.05
  const out = new Float64Array(GRID * GRID * 2)
  for (let j = 0; j < GRID; j++) {
    for (let i = 0; i < GRID; i++) {
      out[(j * GRID + i) * 2] = lo0 - p0 + ((hi0 - lo0 + 2 * p0) * i) / (GRID - 1)
      out[(j * GRID + i) * 2 + 1] = lo1 - p1 + ((hi1 - lo1 + 2 * p1) * j) / (GRID - 1)
    }
  }
  return out
}

/** Agreement of the Parzen sign with NW's decision at every grid cell and query of one run. */
export function parzenAgreement(run: ParzenRun): ParzenKernelRow {
  const queries = new Float64Array(gridOver(run.xTrain).length + run.xQuery.length)
  queries.set(gridOver(run.xTrain))
  queries.set(run.xQuery, GRID * GRID * 2)
  const problem = { keys: run.xTrain, d: 2, queries, kernel: run.kernel, sigma: Float64Array.from(run.sigma), labels: Uint32Array.from(run.yTrain), classCount: 2 }
  const nw = classify(problem)
  const parzen = parzenJointDensity(problem)
  const m = queries.length / 2
  let agree = 0
  let compared = 0
  let ties = 0
  let worst = 0
  for (let i = 0; i < m; i++) {
    const diff = parzen[i * 2 + 1]! - parzen[i * 2]!
    const p = nw.predicted[i]!
    // No key in reach (compact kernels): both are undefined there; an exact tie has no sign.
    if (p < 0 || diff === 0) {
      ties++
      continue
    }
    compared++
    if ((diff > 0 ? 1 : 0) === p) agree++
    else worst = Math.max(worst, Math.abs(diff))
  }
  return { kernel: run.kernel, sigma: run.sigma, points: m, compared, agree, undefinedOrTied: ties, largestDisagreeingDifference: worst }
}

export function analyzeParzen(runs: ParzenRun[], view: VectorViewReply | null, planned: number): ParzenResult {
  const rows = runs.map(parzenAgreement)
  const compared = rows.reduce((s, r) => s + r.compared, 0)
  const agree = rows.reduce((s, r) => s + r.agree, 0)
  const answer =
    rows.length === 0
      ? 'No run has finished yet.'
      : `The sign of the Parzen-window difference p̂(x, y=1) − p̂(x, y=−1) equals the Nadaraya-Watson decision at ${agree.toLocaleString('en')} of ${compared.toLocaleString('en')} points (${rows.length} kernel${rows.length === 1 ? '' : 's'}, ${GRID}×${GRID} grid plus the queries each)${agree === compared ? ': always, as theory says — NW classification is the Bayes rule for the Parzen density estimates.' : '.'}`
  return { exercise: 'parzen', complete: runs.length >= planned, answer, rows, view }
}

export interface UnitSphereRun {
  scoring: 'distance' | 'dot'
  kernel: KernelId
  sigma: number[]
  xTrain: Float64Array
  yTrain: Float64Array
  xQuery: Float64Array
  yHat: Float64Array
}

/** Largest |a_i − b_i|. */
function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let worst = 0
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!))
  return worst
}

export function analyzeUnitSphere(runs: UnitSphereRun[], planned: number): UnitSphereResult {
  const distance = runs.find((r) => r.scoring === 'distance')
  const dot = runs.find((r) => r.scoring === 'dot')
  if (!distance || !dot) return { exercise: 'unit-sphere', complete: false, answer: 'Waiting for both runs (distance and dot-product scoring).', onSphere: null, offSphere: null, fitDifference: null, row: null }
  const sigma = Float64Array.from(distance.sigma)
  const base = { keys: distance.xTrain, d: 2, values: distance.yTrain, kernel: 'gaussian' as const, sigma }
  const onDistance = vectorWeights({ ...base, queries: distance.xQuery, scoring: 'distance' })
  const onDot = vectorWeights({ ...base, queries: distance.xQuery, scoring: 'dot' })
  // Off the sphere: the same keys and queries at radii from 0.5 to 1.5.
  const scale = (x: Float64Array, seed: number) => {
    const rng = createRng(seed, 5)
    const out = new Float64Array(x.length)
    for (let i = 0; i < x.length; i += 2) {
      const r = 0.5 + rng.uniform()
      out[i] = x[i]! * r
      out[i + 1] = x[i + 1]! * r
    }
    return out
  }
  const offKeys = scale(distance.xTrain, 1)
  const offQueries = scale(distance.xQuery, 2)
  const offDistance = vectorWeights({ ...base, keys: offKeys, queries: offQueries, scoring: 'distance' })
  const offDot = vectorWeights({ ...base, keys: offKeys, queries: offQueries, scoring: 'dot' })
  const on = maxAbsDiff(onDistance.weights, onDot.weights)
  const off = maxAbsDiff(offDistance.weights, offDot.weights)
  const fit = maxAbsDiff(distance.yHat, dot.yHat)
  // One query's weights over the keys, ordered by the keys' angle, on and off the sphere.
  const n = distance.yTrain.length
  const q = 0
  const angle = (x: Float64Array, j: number) => Math.atan2(x[j * 2 + 1]!, x[j * 2]!)
  const order = Array.from({ length: n }, (_, j) => j).sort((a, b) => angle(distance.xTrain, a) - angle(distance.xTrain, b))
  const row = {
    angle: order.map((j) => angle(distance.xTrain, j)),
    onDistance: order.map((j) => onDistance.weights[q * n + j]!),
    onDot: order.map((j) => onDot.weights[q * n + j]!),
    offDistance: order.map((j) => offDistance.weights[q * n + j]!),
    offDot: order.map((j) => offDot.weights[q * n + j]!),
  }
  const e = (v: number) => v.toExponential(2)
  const answer = `On the unit circle the distance and dot-product weights agree to ${e(on)} (largest difference over ${onDistance.rows} × ${onDistance.cols} weights; rounding only), and the two runs' fits to ${e(fit)}. Off the circle (radii 0.5 to 1.5) they differ by up to ${e(off)}: exp(q·k/σ²) ∝ exp(−‖q − k‖²/(2σ²)) only where ‖k‖ is the same for every key.`
  return { exercise: 'unit-sphere', complete: runs.length >= planned, answer, onSphere: on, offSphere: off, fitDifference: fit, row }
}
