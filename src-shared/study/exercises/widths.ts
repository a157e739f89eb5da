import { looOptimalSigma } from '../../engine/bandwidth'
import { parametricPredict } from '../../engine/parametric'
import { aggregate, type Aggregate } from '../stats'
import type { BandSeries, WidthsGroup, WidthsResult } from './types'

/** One done run of the widths study, with what the analysis reads. */
export interface WidthsRun {
  loo: boolean
  epochLoss: Float64Array
  epochW: Float64Array
  xTrain: Float64Array
  yTrain: Float64Array
  xQuery: Float64Array
  yTruth: Float64Array
}

/** Relative change per epoch that still counts as settled (0.1%). */
export const SETTLED_CHANGE = 1e-3
/** How close the settled w must come to 1/sigma* of leave-one-out cross-validation (1%). */
export const REFERENCE_TOLERANCE = 0.01

const fmt = (v: number | null) => (v === null ? '—' : String(Number(v.toPrecision(3))))
/** A fraction as a percentage, 3 significant digits; tiny ones as "< 0.001%". */
const pct = (v: number) => (v * 100 < 0.001 ? '< 0.001%' : `${fmt(v * 100)}%`)
const pm = (a: Aggregate) => (a.sd === null ? fmt(a.mean) : `${fmt(a.mean)} ± ${fmt(a.sd)}`)

function testMse(run: WidthsRun, w: number): number {
  const { yHat } = parametricPredict(run.xTrain, run.yTrain, run.xQuery, w)
  let s = 0
  let n = 0
  for (let i = 0; i < yHat.length; i++) {
    const y = yHat[i]!
    if (Number.isNaN(y)) continue
    s += (y - run.yTruth[i]!) ** 2
    n++
  }
  return n ? s / n : NaN
}

function band(epochs: number, value: (epoch: number) => (number | null)[]): BandSeries {
  const x: number[] = []
  const stats: Aggregate[] = []
  for (let e = 0; e < epochs; e++) {
    x.push(e + 1)
    stats.push(aggregate(value(e)))
  }
  return { x, stats }
}

function group(loo: boolean, runs: WidthsRun[], epochs: number): WidthsGroup {
  const at = (a: Float64Array, e: number) => (e < a.length ? a[e]! : null)
  const mse = runs.map((r) => Array.from({ length: Math.min(epochs, r.epochW.length) }, (_, e) => testMse(r, r.epochW[e]!)))
  // The last tenth of the epochs: how w moves once the early transient is over.
  const tail = Math.max(1, Math.ceil(epochs / 10))
  let lateChange = 0
  let rising = runs.length > 0
  for (const r of runs) {
    const end = r.epochW.length - 1
    const start = Math.max(0, end - tail)
    const w0 = Math.abs(r.epochW[start]!)
    const w1 = Math.abs(r.epochW[end]!)
    lateChange = Math.max(lateChange, Math.abs(w1 - w0) / Math.max(w0, Number.MIN_VALUE) / Math.max(1, end - start))
    if (!(w1 > w0)) rising = false
  }
  let reference: WidthsGroup['reference'] = null
  if (loo && runs.length > 0) {
    const stars = runs.map((r) => 1 / looOptimalSigma(r.xTrain, r.yTrain, 'gaussian').sigma)
    let worst = 0
    runs.forEach((r, i) => {
      const learned = Math.abs(r.epochW[r.epochW.length - 1]!)
      worst = Math.max(worst, Math.abs(learned - stars[i]!) / stars[i]!)
    })
    reference = { wStar: aggregate(stars), worstRelativeGap: worst }
  }
  return {
    loo,
    label: loo ? 'with leave-one-out' : 'without leave-one-out',
    replicates: runs.length,
    loss: band(epochs, (e) => runs.map((r) => at(r.epochLoss, e))),
    w: band(epochs, (e) => runs.map((r) => at(r.epochW, e))),
    testMse: band(epochs, (e) => mse.map((m) => m[e] ?? null)),
    testMseRatio: band(epochs, (e) => mse.map((m) => (m[e] !== undefined && m[0]! > 0 ? m[e]! / m[0]! : null))),
    finalW: aggregate(runs.map((r) => Math.abs(r.epochW[r.epochW.length - 1]!))),
    lateChangePerEpoch: lateChange,
    risingAtEnd: rising,
    lossStart: aggregate(runs.map((r) => at(r.epochLoss, 0))),
    lossEnd: aggregate(runs.map((r) => at(r.epochLoss, r.epochLoss.length - 1))),
    testMseStart: aggregate(mse.map((m) => m[0] ?? null)),
    testMseEnd: aggregate(mse.map((m) => m[m.length - 1] ?? null)),
    reference,
  }
}

/**
 * Exercise 2's figure data and answer: per group (with and without
 * leave-one-out), the training loss, w and the test MSE at each epoch's w,
 * as mean and spread over replicates, and what the curves say in words.
 */
export function analyzeWidths(runs: WidthsRun[], epochs: number, planned: number): WidthsResult {
  const groups = [true, false].map((loo) => group(loo, runs.filter((r) => r.loo === loo), epochs)).filter((g) => g.replicates > 0)
  const withLoo = groups.find((g) => g.loo)
  const without = groups.find((g) => !g.loo)
  const parts: string[] = []
  if (without) {
    const rise = without.testMseStart.mean && without.testMseEnd.mean ? (without.testMseEnd.mean / without.testMseStart.mean - 1) * 100 : null
    parts.push(
      `Without leave-one-out, w ${without.risingAtEnd ? 'grows without bound' : 'grows'}: ${pm(without.w.stats[0]!)} after epoch 1, ${pm(without.finalW)} after ${epochs}` +
        `${without.risingAtEnd ? `, still rising in every replicate (up to ${pct(without.lateChangePerEpoch)} per epoch at the end)` : ''}; ` +
        `the training loss falls from ${fmt(without.lossStart.mean)} to ${fmt(without.lossEnd.mean)} while the test MSE ${rise !== null && rise > 0 ? 'rises' : 'changes'} from ${fmt(without.testMseStart.mean)} to ${fmt(without.testMseEnd.mean)}${rise !== null ? ` (${rise > 0 ? '+' : ''}${fmt(rise)}%)` : ''}.`,
    )
  }
  if (withLoo) {
    const settled = withLoo.lateChangePerEpoch < SETTLED_CHANGE
    const ref = withLoo.reference
    parts.push(
      `With leave-one-out, w ${settled ? 'settles' : 'has not settled yet'} at ${pm(withLoo.finalW)} (at most ${pct(withLoo.lateChangePerEpoch)} change per epoch over the last ${Math.max(1, Math.ceil(epochs / 10))} epochs)` +
        (ref ? `, ${ref.worstRelativeGap <= REFERENCE_TOLERANCE ? 'within' : 'not within'} ${fmt(REFERENCE_TOLERANCE * 100)}% of 1/σ* chosen by leave-one-out cross-validation on the same data (worst gap ${pct(ref.worstRelativeGap)})` : '') +
        `; its test MSE ends at ${fmt(withLoo.testMseEnd.mean)}.`,
    )
  }
  const done = runs.length
  if (done < planned) parts.push(`(${done} of ${planned} runs done.)`)
  return { exercise: 'learning-widths', complete: done >= planned, answer: parts.join(' ') || 'No run is done yet.', epochs, groups }
}
