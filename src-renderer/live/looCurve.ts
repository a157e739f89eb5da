import { gather } from '../../src-shared/arrays'
import { REFINE_TOLERANCE, ruleOfThumb, valueSpread } from '../../src-shared/engine/bandwidth'
import { nwLooPredictorSteps } from '../../src-shared/engine/estimate'
import { kernelInfo, type KernelId } from '../../src-shared/engine/kernels'
import { brentSteps } from '../../src-shared/engine/minimize'
import type { NwPrediction } from '../../src-shared/engine/types'
import type { PreparedData } from './datasets'
import type { LooCurvePoint, LooCurveUpdate } from './protocol'
import { runSteps } from './runSteps'

/**
 * The leave-one-out score against sigma, for the chart beside the slider.
 * It evaluates the bandwidth search's own machinery (nwLooPredictor: keys
 * sorted once, each sigma a fast leave-one-out pass, scanned at the search's
 * grid tolerance) on a log grid, coarse to fine, so the curve's shape shows
 * early on large data. The work can stop between any two points, and pause
 * within one: a sigma at 10^5 points may take 0.2 s, and the curve's worker
 * shares the machine's cores with the frame a new input asks for.
 */

/** Least time between two reports of a curve filling in (the last comes when it is whole). */
const REPORT_EVERY_MS = 300

/** Keys per step of one sigma's leave-one-out pass (a few milliseconds of work). */
const STEP_KEYS = 4096

/**
 * Most keys for which the curve's best point is refined once the grid is drawn: the refinement is a
 * dozen to thirty more passes (a few seconds of a core at 10^5 keys, nearly a minute at 10^6, where
 * the editor's "LOO optimum" comes from the search in the app's job pool anyway).
 */
const REFINE_MAX_KEYS = 100_000

/** Tolerance of the scan relative to the values' spread: the search's own for its grid. */
const GRID_RELATIVE_TOLERANCE = 1e-8

/**
 * Sigmas worth drawing. Below about half the typical distance between
 * neighbouring keys a Gaussian's leave-one-out estimate is the nearest
 * neighbour's value and the curve is flat; a compact kernel leaves some point
 * without a neighbour (score undefined) below the largest such distance.
 * Above a few times the data's range every key weighs alike.
 */
export function looCurveSigmas(sortedKeys: ArrayLike<number>, kernel: KernelId, points: number, ruleOfThumbSigma: number | null = null): Float64Array {
  const n = sortedKeys.length
  const range = sortedKeys[n - 1]! - sortedKeys[0]!
  if (!(range > 0) || n < 2) return Float64Array.of(1)
  const gaps = new Float64Array(n)
  let maxNn = 0
  for (let i = 0; i < n; i++) {
    const left = i > 0 ? sortedKeys[i]! - sortedKeys[i - 1]! : Infinity
    const right = i < n - 1 ? sortedKeys[i + 1]! - sortedKeys[i]! : Infinity
    gaps[i] = Math.min(left, right)
    if (gaps[i]! > maxNn) maxNn = gaps[i]!
  }
  gaps.sort()
  const medianNn = gaps[n >> 1]!
  const upper = 3 * range
  // With many points the neighbours are close and the flat part long: the chart starts two decades below Silverman's value.
  const floor = Math.max(range * 1e-9, ruleOfThumbSigma !== null ? ruleOfThumbSigma / 100 : 0)
  const lower = kernelInfo(kernel).support === Infinity ? Math.max(medianNn / 2, floor) : Math.max(maxNn * (1 + 1e-9), floor)
  if (!(upper > lower)) return Float64Array.of(upper)
  const a = Math.log(lower)
  const b = Math.log(upper)
  return Float64Array.from({ length: points }, (_, k) => Math.exp(a + ((b - a) * k) / (points - 1)))
}

/** Grid indices, coarse to fine: both ends, then every 2^k-th point for falling k. */
export function coarseToFine(count: number): Uint32Array {
  const out: number[] = []
  const seen = new Uint8Array(count)
  const add = (k: number) => {
    if (k < count && !seen[k]) {
      seen[k] = 1
      out.push(k)
    }
  }
  add(0)
  add(count - 1)
  let step = 1
  while (step * 2 < count) step *= 2
  for (; step >= 1; step /= 2) for (let k = 0; k < count; k += step) add(k)
  return Uint32Array.from(out)
}

/** Mean squared leave-one-out residual, as the search scores a sigma; null where some point has no neighbour. */
export function looScoreOf(prediction: NwPrediction, values: Float64Array): number | null {
  if (prediction.undefinedQueries.length > 0) return null
  let acc = 0
  for (let i = 0; i < values.length; i++) {
    const r = values[i]! - prediction.yHat[i]!
    acc += r * r
  }
  return acc / values.length
}

function rule(keys: Float64Array, method: 'silverman' | 'scott', kernel: KernelId): number | null {
  try {
    return ruleOfThumb(keys, method, kernel)
  } catch {
    return null
  }
}

export interface LooCurveHooks {
  /** Awaited between points: resolves false to stop (a cancel), after any pause. */
  between(): Promise<boolean>
  update(u: LooCurveUpdate, final: boolean): void
}

/** Evaluates the curve point by point, reporting as it goes; resolves false when stopped. */
export async function evaluateLooCurve(p: PreparedData, kernel: KernelId, points: number, hooks: LooCurveHooks): Promise<boolean> {
  const keys = p.data.xTrain
  const values = p.data.yTrain
  const order = p.keyOrder
  const sorted = order ? gather(keys, order) : keys
  const rules = { silverman: rule(keys, 'silverman', kernel), scott: rule(keys, 'scott', kernel) }
  const sigmas = looCurveSigmas(sorted, kernel, points, rules.silverman)
  const total = sigmas.length
  const scores: (number | null | undefined)[] = new Array(total).fill(undefined)
  const snapshot = (done: number): LooCurveUpdate => {
    const list: LooCurvePoint[] = []
    for (let k = 0; k < total; k++) if (scores[k] !== undefined) list.push({ sigma: sigmas[k]!, score: scores[k]! })
    const b = bestIndex(scores)
    return { points: list, done, total, rules, best: b < 0 ? null : { sigma: sigmas[b]!, score: scores[b]! } }
  }
  if (keys.length < 2) {
    hooks.update(snapshot(0), true)
    return true
  }
  const predict = nwLooPredictorSteps(keys, values, kernel, {}, STEP_KEYS)
  const tolerance = GRID_RELATIVE_TOLERANCE * valueSpread(values)
  /** One sigma's score (null: undefined somewhere), its pass run in steps that can pause or stop. */
  const scoreAt = async (sigma: number, tol: number | undefined): Promise<number | null | 'stopped'> => {
    const prediction = await runSteps(predict(sigma, tol), () => hooks.between())
    return prediction ? looScoreOf(prediction, values) : 'stopped'
  }
  const sequence = coarseToFine(total)
  let lastReport = performance.now()
  for (let k = 0; k < sequence.length; k++) {
    if (!(await hooks.between())) return false
    const at = sequence[k]!
    const s = await scoreAt(sigmas[at]!, tolerance > 0 ? tolerance : undefined)
    if (s === 'stopped') return false
    scores[at] = s
    const now = performance.now()
    // The first report once both ends and the middle are in, then about three a second. The chart redraws
    // each on the page's thread (10-45 ms at 10^4 with its rules and log axis): reporting the first three
    // points one by one and then every 120 ms cost a kernel switch at 10^4 about 47 ms of redraws, which
    // met the frames of the sigmas typed next.
    if (k < sequence.length - 1 && (k === 2 || (k > 2 && now - lastReport > REPORT_EVERY_MS))) {
      hooks.update(snapshot(k + 1), false)
      lastReport = now
    }
  }
  hooks.update(snapshot(total), false)
  // The best grid point refined as the search refines its own: Brent in log sigma between its neighbours,
  // each score at the estimator's default tolerance. At an end of the grid the minimum may lie beyond it.
  let optimum: LooCurveUpdate['optimum'] = null
  const best = bestIndex(scores)
  if (best > 0 && best < total - 1 && keys.length <= REFINE_MAX_KEYS) {
    const search = brentSteps(Math.log(sigmas[best - 1]!), Math.log(sigmas[best + 1]!), REFINE_TOLERANCE)
    let step = search.next()
    while (!step.done) {
      if (!(await hooks.between())) return false
      const s = await scoreAt(Math.exp(step.value), undefined)
      if (s === 'stopped') return false
      step = search.next(s ?? Infinity)
    }
    if (Number.isFinite(step.value.s)) optimum = { sigma: Math.exp(step.value.t), score: step.value.s }
  }
  hooks.update({ ...snapshot(total), optimum }, true)
  return true
}

/** Index of the lowest defined score (-1 when none is). */
function bestIndex(scores: (number | null | undefined)[]): number {
  let best = -1
  for (let k = 0; k < scores.length; k++) {
    const s = scores[k]
    if (s !== null && s !== undefined && (best < 0 || s < scores[best]!)) best = k
  }
  return best
}
