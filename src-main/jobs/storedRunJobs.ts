import type { HeatmapReply } from '../../src-shared/api/contract'
import type { RunDetail } from '../../src-shared/api/runs'
import { nwHeatmap } from '../../src-shared/engine/heatmap'
import { vectorPredict } from '../../src-shared/engine/vector'
import { trainedKernel } from '../../src-shared/engine/parametric'
import type { Heatmap } from '../../src-shared/engine/types'
import { InputError } from '../../src-shared/errors'
import { workerStore, type StoreLocation } from './workerStore'
import { computeVectorView, type VectorViewReply } from '../../src-shared/experiment/vectorView'
import { vectorAttentionHeatmap, vectorProbe, type AttentionOrder, type VectorAttentionInput, type VectorHeatmapReply, type VectorProbeReply } from '../../src-shared/experiment/vectorAttention'

/**
 * Work on a stored run that reads its arrays: done in a worker thread with
 * the worker's own connection, because a run's arrays can hold 10^7 points
 * (hundreds of megabytes) that must never stall the main thread.
 */

export interface StoredRunRequest {
  store: StoreLocation
  id: string
}

export function heatmapReply(h: Heatmap, kernel: string, sigma: number): HeatmapReply {
  return {
    rows: h.rows,
    cols: h.cols,
    values: Array.from(h.values),
    max: h.max,
    rowEdges: Array.from(h.rowEdges),
    colEdges: Array.from(h.colEdges),
    undefinedRows: h.undefinedRows,
    kernel,
    sigma,
    algorithm: h.algorithm,
    errorBound: h.errorBound,
  }
}

/** The attention heatmap of a stored run: its nonparametric weights, or its trained model's. */
export function storedHeatmap(req: StoredRunRequest & { model: 'nonparametric' | 'trained'; rows: number; cols: number }): HeatmapReply {
  const store = workerStore(req.store)
  const run = store.summary(req.id)
  if (run.vector) throw new InputError(`run ${req.id} has vector inputs (d = ${run.vector.d}): its attention heatmap is not drawn yet; see its surface, slices and widths`)
  let kernel = run.kernel
  let sigma = run.sigma
  if (req.model === 'trained') {
    if (run.mode !== 'parametric' || run.w === null) throw new InputError(`run ${req.id} has no trained model`)
    ;({ kernel, sigma } = trainedKernel(run.w))
  }
  if (sigma === null) throw new InputError(`run ${req.id} has no bandwidth yet (it is ${run.status})`)
  const a = store.arrays(req.id, ['xTrain', 'yTrain', 'xQuery'])
  if (!a.xTrain || !a.yTrain || !a.xQuery) throw new InputError(`run ${req.id} has no data yet (it is ${run.status})`)
  const h = nwHeatmap({ keys: a.xTrain, values: a.yTrain, queries: a.xQuery, kernel, sigma }, req.rows, req.cols)
  return heatmapReply(h, kernel, sigma)
}

export interface LocalLinearReply {
  /** The local-linear estimate at each given query (null where no key is in reach). */
  yHat: (number | null)[]
  sigma: number
  algorithm: string
  errorBound: number
}

/**
 * A one-dimensional run's local-linear fit (statsmodels' reg_type 'll') at
 * the run's kernel and sigma, at the queries its fit chart draws: the curve
 * drawn beside Nadaraya-Watson, from the engine's local-linear estimator.
 */
export function storedLocalLinear(req: StoredRunRequest & { xQuery: number[] }): LocalLinearReply {
  const store = workerStore(req.store)
  const run = store.summary(req.id)
  if (run.vector) throw new InputError(`run ${req.id} has vector inputs: its estimator is chosen in its spec`)
  if (run.sigma === null) throw new InputError(`run ${req.id} has no bandwidth yet (it is ${run.status})`)
  const a = store.arrays(req.id, ['xTrain', 'yTrain'])
  if (!a.xTrain || !a.yTrain) throw new InputError(`run ${req.id} has no data yet (it is ${run.status})`)
  const p = vectorPredict({ keys: a.xTrain, d: 1, values: a.yTrain, queries: Float64Array.from(req.xQuery), kernel: run.kernel, sigma: Float64Array.of(run.sigma), estimator: 'local-linear' })
  return { yHat: Array.from(p.yHat, (v) => (Number.isNaN(v) ? null : v)), sigma: run.sigma, algorithm: p.algorithm, errorBound: p.errorBound }
}

/** A vector run's view (surface, slices, widths) from its stored inputs and widths. */
export function storedVectorView(req: StoredRunRequest & { grid: number; sliceSteps: number }): VectorViewReply {
  const store = workerStore(req.store)
  const run = store.summary(req.id)
  if (!run.vector) throw new InputError(`run ${req.id} is one-dimensional: it has no vector view`)
  if (run.status !== 'done' || !run.vector.sigma) throw new InputError(`run ${req.id} has no fit to draw (it is ${run.status})`)
  const a = store.arrays(req.id, ['xTrain', 'yTrain'])
  if (!a.xTrain || !a.yTrain) throw new InputError(`run ${req.id} has no data`)
  return computeVectorView({ info: run.vector, kernel: run.kernel, xTrain: a.xTrain, yTrain: a.yTrain, grid: req.grid, sliceSteps: req.sliceSteps })
}

/** A vector run's inputs and widths for its attention heatmap and probe. */
function vectorAttentionInput(req: StoredRunRequest): VectorAttentionInput {
  const store = workerStore(req.store)
  const run = store.summary(req.id)
  if (!run.vector) throw new InputError(`run ${req.id} is one-dimensional: use its attention heatmap and probe on the fit`)
  if (run.status !== 'done' || !run.vector.sigma) throw new InputError(`run ${req.id} has no widths yet (it is ${run.status})`)
  const a = store.arrays(req.id, ['xTrain', 'yTrain', 'xQuery'])
  if (!a.xTrain || !a.yTrain || !a.xQuery) throw new InputError(`run ${req.id} has no data`)
  return { info: run.vector, kernel: run.kernel, xTrain: a.xTrain, yTrain: a.yTrain, xQuery: a.xQuery }
}

/** A vector run's attention heatmap: queries by keys, both ordered by a coordinate or by distance to one query. */
export function storedVectorHeatmap(req: StoredRunRequest & { order: AttentionOrder; rows: number; cols: number }): VectorHeatmapReply {
  return vectorAttentionHeatmap(vectorAttentionInput(req), req.order, req.rows, req.cols)
}

/** A vector run's query probe at a point or at one of its queries. */
export function storedVectorProbe(req: StoredRunRequest & { at: { point: number[] } | { query: number }; maxBars: number }): VectorProbeReply {
  return vectorProbe(vectorAttentionInput(req), req.at, req.maxBars)
}

export function storedDetail(req: StoredRunRequest & { arrays: boolean }): RunDetail {
  return workerStore(req.store).detail(req.id, req.arrays ? 'display' : false)
}

/** One page of one of a run's arrays. */
export function storedArrayPage(req: StoredRunRequest & { name: Parameters<ReturnType<typeof workerStore>['arrayPage']>[1]; offset: number; limit: number }) {
  return workerStore(req.store).arrayPage(req.id, req.name, req.offset, req.limit)
}
