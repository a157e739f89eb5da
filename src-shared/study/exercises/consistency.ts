import { fitLine, type LineFit } from '../regression'
import { aggregate } from '../stats'
import { DIMENSION_PATHS } from './definitions'
import type { ConsistencyDimension, ConsistencyResult } from './types'

/** One done run of the consistency study. */
export interface ConsistencyRun {
  params: Record<string, unknown>
  n: number
  sigma: number
  testMse: number | null
}

/** The input dimension a cell was run at: its dimension axis, or 1 (scalar inputs). */
export function dimensionOf(params: Record<string, unknown>): number {
  for (const p of DIMENSION_PATHS) {
    const v = params[p]
    if (typeof v === 'number') return v
  }
  return 1
}

const fmt = (v: number) => String(Number(v.toPrecision(2)))
const fraction = (num: number, den: number) => `−${num}/${den}`

function slopeWords(fit: LineFit | null, theory: number, theoryText: string): string {
  if (!fit) return 'too few points to fit'
  const [lo, hi] = fit.slopeCi
  const inside = lo <= theory && theory <= hi
  return `n^${fmt(fit.slope)} (95% CI ${fmt(lo)} to ${fmt(hi)}), beside theory's n^(${theoryText}) = n^${fmt(theory)}: ${inside ? 'consistent' : 'outside the interval'}`
}

/**
 * Exercise 4's figure data and answer: for each input dimension d, the
 * log-log slope of the leave-one-out sigma against n, with its confidence
 * interval, beside theory's -1/(4 + d), and the slope of the test MSE beside
 * -4/(4 + d). Fitted on every replicate (log sigma on log n, least squares).
 */
export function analyzeConsistency(runs: ConsistencyRun[], planned: number): ConsistencyResult {
  const byD = new Map<number, ConsistencyRun[]>()
  for (const r of runs) {
    const d = dimensionOf(r.params)
    const list = byD.get(d)
    if (list) list.push(r)
    else byD.set(d, [r])
  }
  const dims: ConsistencyDimension[] = [...byD.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([d, list]) => {
      const ns = [...new Set(list.map((r) => r.n))].sort((a, b) => a - b)
      const logN = list.map((r) => Math.log(r.n))
      const withMse = list.filter((r) => r.testMse !== null && r.testMse > 0)
      return {
        d,
        points: list.map((r) => ({ n: r.n, sigma: r.sigma, testMse: r.testMse })),
        byN: ns.map((n) => {
          const at = list.filter((r) => r.n === n)
          return {
            n,
            logSigma: aggregate(at.map((r) => Math.log(r.sigma))),
            logTestMse: aggregate(at.map((r) => (r.testMse !== null && r.testMse > 0 ? Math.log(r.testMse) : null))),
          }
        }),
        sigmaFit: fitLine(logN, list.map((r) => Math.log(r.sigma))),
        mseFit: fitLine(withMse.map((r) => Math.log(r.n)), withMse.map((r) => Math.log(r.testMse!))),
        theorySigmaSlope: -1 / (4 + d),
        theoryMseSlope: -4 / (4 + d),
      }
    })
  const parts = dims.map(
    (x) =>
      `d = ${x.d}: the leave-one-out σ* shrinks as ${slopeWords(x.sigmaFit, x.theorySigmaSlope, fraction(1, 4 + x.d))}; ` +
      `the test MSE falls as ${slopeWords(x.mseFit, x.theoryMseSlope, fraction(4, 4 + x.d))}.`,
  )
  if (dims.length === 1) {
    parts.push(
      `Theory says it depends on the dimension: σ* ∝ n^(−1/(4 + d)), so −1/6, −1/7 and −1/8 for d = 2, 3, 4 — the bandwidth shrinks more slowly, and the error falls more slowly (n^(−4/(4 + d))), as d grows. (d > 1 needs vector inputs.)`,
    )
  } else if (dims.length > 1) {
    parts.push(`The fitted exponents ${dims.map((x) => (x.sigmaFit ? fmt(x.sigmaFit.slope) : '—')).join(', ')} for d = ${dims.map((x) => x.d).join(', ')} answer whether it depends on the dimension.`)
  }
  if (runs.length < planned) parts.push(`(${runs.length} of ${planned} runs done.)`)
  return { exercise: 'consistency', complete: runs.length >= planned, answer: parts.join(' ') || 'No run is done yet.', dims }
}
