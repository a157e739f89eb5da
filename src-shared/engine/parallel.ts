import { nwPredictDense } from './dense/nonparametric'
import { makePlan, type NwPlan } from './fast/plan'
import { prepareKeys, prepareQueries, type PreparedKeys, type PreparedQueries } from './fast/prepared'
import { runRange } from './fast/run'
import { undefinedIndices } from './fast/runPlan'
import { validateProblem } from './problem'
import { takesDensePath } from './route'
import type { Algorithm, NwOptions, NwPrediction, NwProblem } from './types'

/**
 * The engine's face for splitting one prediction across threads. The caller
 * (src-main/parallel) owns the threads and the shared memory; the engine
 * owns every decision: `splitPrediction` validates, answers small problems
 * on the spot (the same dense rule as nwPredict), and otherwise sorts and
 * plans once. Each thread then runs `predictRange` on its slice of the
 * sorted queries with the same plan, so a query's estimate depends only on
 * the plan, the keys and the query: bit-identical to nwPredict on one
 * thread, however the queries are split.
 */

/** Plain data a thread needs; its arrays may sit in SharedArrayBuffers. */
export interface RangeWork {
  plan: ThreadPlan
  /** Keys ascending, values minus their mean (aligned with keys), and that mean. */
  keys: Float64Array
  values: Float64Array
  shift: number
  scale: number
  range: number
  /** Queries ascending and each one's original index. */
  queries: Float64Array
  queryOrder: Uint32Array
}

/** Opaque to callers: made by splitPrediction, read only by predictRange. */
export type ThreadPlan = NwPlan

export type PredictionSplit = { kind: 'answered'; prediction: NwPrediction } | { kind: 'split'; work: RangeWork; algorithm: Algorithm }

export function splitPrediction(p: NwProblem, options: Pick<NwOptions, 'tolerance' | 'algorithm'> = {}): PredictionSplit {
  validateProblem(p)
  if (takesDensePath(p.keys.length * p.queries.length, options.algorithm)) return { kind: 'answered', prediction: nwPredictDense(p) }
  const prepared = prepareKeys(p.keys, p.values)
  const sorted = prepareQueries(p.queries)
  const plan = makePlan(prepared, sorted.queries, p.kernel, p.sigma, options)
  const work: RangeWork = {
    plan,
    keys: prepared.keys,
    values: prepared.values,
    shift: prepared.shift,
    scale: prepared.scale,
    range: prepared.range,
    queries: sorted.queries,
    queryOrder: sorted.order,
  }
  return { kind: 'split', work, algorithm: plan.algorithm }
}

/** Estimates of sorted queries [from, to) written at their original indices in `yHat`; returns the range's largest error bound. */
export function predictRange(work: RangeWork, from: number, to: number, yHat: Float64Array): number {
  const prepared: PreparedKeys = {
    keys: work.keys,
    values: work.values,
    // Only leave-one-out maps sorted keys back to their original index; a prediction never does.
    order: new Uint32Array(0),
    shift: work.shift,
    scale: work.scale,
    range: work.range,
  }
  const queries: PreparedQueries = { queries: work.queries, order: work.queryOrder }
  return runRange(work.plan, prepared, queries, false, from, to, { yHat })
}

/** The whole prediction once every range has written its estimates. */
export function joinPrediction(yHat: Float64Array, algorithm: Algorithm, errorBound: number): NwPrediction {
  return { yHat, undefinedQueries: undefinedIndices(yHat), algorithm, errorBound }
}
