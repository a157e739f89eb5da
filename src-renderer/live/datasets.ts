import { averagePooling } from '../../src-shared/engine/estimate'
import { materializeData, requireOneDimensional } from '../../src-shared/experiment/execute'
import type { Dataset } from '../../src-shared/engine/data'
import { prepareProblem, type PreparedProblem } from '../../src-shared/engine/preparedProblem'
import type { DataExtent, DataRef } from './protocol'
import { ascendingOrder, displayTrainIndex } from './decimate'

/**
 * The preview worker's data sets, by key: made once (a generator run or the
 * arrays of an import) and reused while the user drags sigma or switches the
 * kernel. A few are kept (the editor's data, a pinned A, a run in replay).
 */

export interface PreparedData {
  key: string
  data: Dataset
  /** Query positions in ascending x (null when the queries already ascend, as generated grids do). */
  queryOrder: Uint32Array | null
  /** Key positions in ascending x (null when already ascending). */
  keyOrder: Uint32Array | null
  baseline: number
  extent: DataExtent
  /** Training points a frame draws, per display size. */
  shown: Map<number, Uint32Array>
  /** Subsamples for coarse frames, made on first use. */
  coarse: { keys: Float64Array; values: Float64Array; queries: Float64Array; problem: PreparedProblem | null } | null
  /** The keys and queries sorted for the engine, once per data set (every sigma and kernel reuses them); made on first use. */
  problem: PreparedProblem | null
}

/** The worker was asked about imported data it no longer holds. */
export class MissingDataError extends Error {
  override name = 'MissingDataError'
  constructor(readonly key: string) {
    super(`the preview worker does not hold data ${key}`)
  }
}

const KEEP = 3

export class DatasetCache {
  private readonly entries = new Map<string, PreparedData>()

  get(ref: DataRef): PreparedData {
    const hit = this.entries.get(ref.key)
    if (hit) {
      // Most recently used last, so eviction takes the oldest.
      this.entries.delete(ref.key)
      this.entries.set(ref.key, hit)
      return hit
    }
    let data: Dataset
    if (ref.kind === 'spec') data = materializeData(requireOneDimensional(ref.spec, 'the live preview'))
    else if (ref.arrays) data = { ...ref.arrays }
    else throw new MissingDataError(ref.key)
    const prepared = prepare(ref.key, data)
    this.entries.set(ref.key, prepared)
    while (this.entries.size > KEEP) this.entries.delete(this.entries.keys().next().value!)
    return prepared
  }
}

function prepare(key: string, data: Dataset): PreparedData {
  return {
    key,
    data,
    queryOrder: ascendingOrder(data.xQuery),
    keyOrder: ascendingOrder(data.xTrain),
    // As the experiment runner computes it.
    baseline: averagePooling(data.yTrain, 1)[0]!,
    extent: { xQuery: finiteRange(data.xQuery), yTruth: data.yTruth ? finiteRange(data.yTruth) : null },
    shown: new Map(),
    coarse: null,
    problem: null,
  }
}

/** The data set's keys and queries as the engine's prepared problem (made once, on first use). */
export function preparedProblem(p: PreparedData): PreparedProblem {
  p.problem ??= prepareProblem(p.data.xTrain, p.data.yTrain, p.data.xQuery)
  return p.problem
}

function finiteRange(a: Float64Array): [number, number] {
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  return lo <= hi ? [lo, hi] : [NaN, NaN]
}

/** The drawn training points for a display size (cached: they do not change with sigma). */
export function shownTrainIndex(p: PreparedData, max: number): Uint32Array {
  let idx = p.shown.get(max)
  if (!idx) {
    idx = displayTrainIndex(p.data.xTrain, p.data.yTrain, max)
    p.shown.set(max, idx)
  }
  return idx
}
