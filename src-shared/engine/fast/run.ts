import type { CompactKernelId } from '../kernels'
import { CompactEvaluator } from './compactEvaluator'
import * as fgt from './fgt'
import type { FgtSources } from './fgt'
import * as fgtLocal from './fgtLocal'
import { GaussWindow } from './gaussWindow'
import type { NwPlan } from './plan'
import type { PreparedKeys, PreparedQueries } from './prepared'

// Bound once: under tsx (esbuild's CommonJS output, which the tests and the benchmark run) every use of an
// imported name goes through a getter, about 25 ns a call inside a hot loop.
const { buildFgtSources } = fgt
const { FgtLocal, SERIES_ROUNDING } = fgtLocal

export interface RunOutput {
  /** Estimates by original query index; NaN where no key is in reach. */
  yHat: Float64Array
  /** If given, the error bound of each estimate (0 where exact up to rounding). */
  bound?: Float64Array
}

/** Work that ranges of queries can share, built once per plan (the transform's boxes and their moments; a compact kernel's cells are kept by compactCellsFor). */
export interface SharedWork {
  fgtSources: FgtSources | null
}

export function prepareSharedWork(plan: NwPlan, prepared: PreparedKeys): SharedWork {
  return { fgtSources: plan.algorithm === 'fgt' && plan.fgt ? buildFgtSources(prepared, plan.fgt) : null }
}

/**
 * Runs a plan over a range of the sorted queries, writing each estimate (and,
 * if asked, its error bound) at the query's original index. Ranges may be run
 * in any order or in parallel: a query's result depends only on the plan,
 * the keys and the query itself.
 *
 * For leave-one-out the queries are the sorted keys and sorted query i
 * leaves out sorted key i. Returns the largest error bound in the range.
 */
export function runRange(
  plan: NwPlan,
  prepared: PreparedKeys,
  queries: PreparedQueries,
  leaveOneOut: boolean,
  from: number,
  to: number,
  out: RunOutput,
  shared: SharedWork = prepareSharedWork(plan, prepared),
): number {
  switch (plan.algorithm) {
    case 'constant':
      return runConstant(prepared, queries, leaveOneOut, from, to, out)
    case 'compact':
      return runCompact(plan, prepared, queries, leaveOneOut, from, to, out)
    case 'window':
      return runWindow(plan, prepared, queries, leaveOneOut, from, to, out)
    case 'fgt':
      if (plan.fgt) return runFgt(plan, prepared, queries, leaveOneOut, from, to, out, shared)
      return runWindow(plan, prepared, queries, leaveOneOut, from, to, out)
    case 'dense':
      throw new Error('the dense plan runs in nonparametric.ts, not per query range')
    case 'simd':
      throw new Error('the SIMD kernel is for vector inputs (vectorCore); makePlan never plans it')
  }
}

function runConstant(prepared: PreparedKeys, queries: PreparedQueries, loo: boolean, from: number, to: number, out: RunOutput): number {
  const { values, shift } = prepared
  const n = values.length
  let total = 0
  for (let j = 0; j < n; j++) total += values[j]!
  for (let i = from; i < to; i++) {
    const index = queries.order[i]!
    out.yHat[index] = loo ? (n > 1 ? shift + (total - values[i]!) / (n - 1) : NaN) : shift + total / n
    if (out.bound) out.bound[index] = 0
  }
  return 0
}

function runCompact(plan: NwPlan, prepared: PreparedKeys, queries: PreparedQueries, loo: boolean, from: number, to: number, out: RunOutput): number {
  const evaluator = new CompactEvaluator(prepared, plan.kernel as CompactKernelId, plan.sigma, plan.tolerance)
  const estimates = new Float64Array(to - from)
  // Bounds are kept only when the caller asks for them (10^6 queries: 8 MB for nothing otherwise).
  const bounds = out.bound ? new Float64Array(to - from) : null
  let worst = 0
  for (let i = from; i < to; i++) {
    evaluator.evaluate(queries.queries[i]!, loo ? i : -1)
    estimates[i - from] = evaluator.estimate
    if (bounds) bounds[i - from] = evaluator.bound
    if (evaluator.bound > worst) worst = evaluator.bound
  }
  scatter(estimates, bounds, queries.order, from, out)
  return worst
}

/**
 * Writes results kept in sorted order to their original positions, in one
 * pass: scattered stores interleaved with the evaluation stall it, in a
 * tight loop of their own they overlap.
 */
function scatter(estimates: Float64Array, bounds: Float64Array | null, order: Uint32Array, from: number, out: RunOutput): void {
  const { yHat, bound } = out
  for (let k = 0; k < estimates.length; k++) yHat[order[from + k]!] = estimates[k]!
  if (bound && bounds) for (let k = 0; k < bounds.length; k++) bound[order[from + k]!] = bounds[k]!
}

function runWindow(plan: NwPlan, prepared: PreparedKeys, queries: PreparedQueries, loo: boolean, from: number, to: number, out: RunOutput): number {
  const window = new GaussWindow(prepared, plan.sigma, plan.t2)
  const estimates = new Float64Array(to - from)
  // Bounds are kept only when the caller asks for them (10^6 queries: 8 MB for nothing otherwise).
  const bounds = out.bound ? new Float64Array(to - from) : null
  let worst = 0
  for (let i = from; i < to; i++) {
    const defined = window.evaluate(queries.queries[i]!, loo ? i : -1)
    const bound = defined ? window.bound : 0
    estimates[i - from] = defined ? prepared.shift + window.num / window.den : NaN
    if (bounds) bounds[i - from] = bound
    if (bound > worst) worst = bound
  }
  scatter(estimates, bounds, queries.order, from, out)
  return worst
}

function runFgt(
  plan: NwPlan,
  prepared: PreparedKeys,
  queries: PreparedQueries,
  loo: boolean,
  from: number,
  to: number,
  out: RunOutput,
  shared: SharedWork,
): number {
  const sources = shared.fgtSources ?? buildFgtSources(prepared, plan.fgt!)
  const local = new FgtLocal(plan.fgt!, sources, prepared)
  const radius = (plan.fgt!.width / (2 * plan.sigma * Math.SQRT2)) * (1 + 1e-6)
  const estimates = new Float64Array(to - from)
  // Bounds are kept only when the caller asks for them (10^6 queries: 8 MB for nothing otherwise).
  const bounds = out.bound ? new Float64Array(to - from) : null
  const finish = new FgtFinish(plan, prepared, local, loo, estimates, bounds, from)
  const sorted = queries.queries
  for (let i = from; i < to; i++) {
    const q = sorted[i]!
    const cell = local.cellOf(q)
    if (cell === cell) {
      local.expand(cell)
      const t = local.offset(q)
      if (Math.abs(t) <= radius) {
        // The next query in the same cell too: both series in one pass (evaluatePair), each as if alone.
        const t1 = i + 1 < to && local.cellOf(sorted[i + 1]!) === cell ? local.offset(sorted[i + 1]!) : Infinity
        if (Math.abs(t1) <= radius) {
          local.evaluatePair(t, t1)
          finish.fromSeries(i, q, local.denValue, local.numValue)
          i++
          finish.fromSeries(i, sorted[i]!, local.denValue1, local.numValue1)
          continue
        }
        local.evaluate(t)
        finish.fromSeries(i, q, local.denValue, local.numValue)
        continue
      }
    }
    finish.fromWindow(i, q)
  }
  scatter(estimates, bounds, queries.order, from, out)
  return finish.worst
}

/**
 * The last step of runFgt for each query, in sorted order: the estimate and
 * its bound from the series' sums, or from the window where the series
 * cannot meet the tolerance. Queries must come in ascending order (the
 * window's search resumes where the last one ended).
 */
class FgtFinish {
  /** Largest bound so far. */
  worst = 0
  private readonly window: GaussWindow

  constructor(
    private readonly plan: NwPlan,
    private readonly prepared: PreparedKeys,
    private readonly local: fgtLocal.FgtLocal,
    private readonly loo: boolean,
    private readonly estimates: Float64Array,
    private readonly bounds: Float64Array | null,
    private readonly from: number,
  ) {
    this.window = new GaussWindow(prepared, plan.sigma, plan.t2)
  }

  /** Sorted query i at q, whose series sums in its cell are den and num. */
  fromSeries(i: number, q: number, den: number, num: number): void {
    const { values, shift, scale } = this.prepared
    const local = this.local
    let denError = local.denError + SERIES_ROUNDING * Math.abs(den)
    const numError = local.numError + SERIES_ROUNDING * scale * Math.abs(den)
    if (this.loo) {
      // The query's own key is in the sums with weight exp(0) = 1.
      den -= 1
      num -= values[i]!
      denError += SERIES_ROUNDING
    }
    if (den > denError) {
      const bound = (numError + Math.abs(num / den) * denError) / (den - denError)
      if (bound <= this.plan.tolerance) {
        this.put(i, shift + num / den, bound)
        return
      }
    }
    this.fromWindow(i, q)
  }

  /** Too little weight near this query for the series' absolute error (far outside the data, or an isolated point), or outside the grid. */
  fromWindow(i: number, q: number): void {
    const window = this.window
    const defined = window.evaluate(q, this.loo ? i : -1)
    this.put(i, defined ? this.prepared.shift + window.num / window.den : NaN, defined ? window.bound : 0)
  }

  private put(i: number, estimate: number, bound: number): void {
    this.estimates[i - this.from] = estimate
    if (this.bounds) this.bounds[i - this.from] = bound
    if (bound > this.worst) this.worst = bound
  }
}
