import { gather } from '../../src-shared/arrays'
import { meanSquaredError, squaredErrors } from '../../src-shared/engine/metrics'
import { predictionOf, prepareProblem, type FittedRows, type PreparedProblem } from '../../src-shared/engine/preparedProblem'
import type { Heatmap } from '../../src-shared/engine/types'
import { preparedProblem, shownTrainIndex, type PreparedData } from './datasets'
import { envelopePositions, evenPositions } from './decimate'
import type { FrameRequest, HeatmapView, LiveFrame } from './protocol'

/**
 * One frame of the live preview. An exact frame gives the experiment
 * runner's own numbers (nwPredict on the whole data set at the kernel and
 * sigma, through the engine's prepared problem, which returns the same bits
 * and sorts the data once per data set instead of once per frame), so "Save
 * as run" stores the numbers on screen; a coarse frame uses a subsample of
 * the keys and queries and says so.
 */

/** Keys a coarse frame uses at most. */
export const COARSE_KEYS = 20_000

export function computeFrame(p: PreparedData, req: FrameRequest): LiveFrame {
  return req.quality === 'coarse' ? coarseFrame(p, req) : exactFrame(p, req)
}

/**
 * The heatmap's part of a frame: the heatmap and the data's description,
 * nothing of the fit (the fit's part carries it; joinParts keeps the fit's
 * fields), so the heatmap's worker spends no time on a fit it did not make.
 */
function heatmapPart(p: PreparedData, req: FrameRequest, { value: h, ms }: TimedHeatmap, quality: LiveFrame['quality'], scale = 1): LiveFrame {
  // Each its own buffer: the reply transfers them, and a buffer may appear in a transfer list only once.
  const none = () => new Float64Array(0)
  return {
    quality,
    coarse: null,
    kernel: req.kernel,
    sigma: req.sigma,
    n: p.data.xTrain.length,
    m: p.data.xQuery.length,
    xs: none(),
    yHat: none(),
    yTruth: null,
    xTrain: none(),
    yTrain: none(),
    trainIndex: new Uint32Array(0),
    baseline: p.baseline,
    extent: p.extent,
    undefinedCount: 0,
    heatmap: scale === 1 ? heatmapView(h) : scaledHeatmap(h, scale),
    fitAlgorithm: 'dense',
    fitErrorBound: 0,
    heatmapAlgorithm: h.algorithm,
    testMse: null,
    workerMs: 0,
    fitMs: 0,
    heatMs: ms,
    reused: false,
  }
}
const skippedHeat = (): Heatmap => ({ rows: 0, cols: 0, values: new Float64Array(0), max: 0, rowEdges: new Float64Array(0), colEdges: new Float64Array(0), undefinedRows: [], algorithm: 'dense', errorBound: 0 })

/** What `compute` returned and how long it took (the page balances a frame's two parts by these times). */
function timed<T>(compute: () => T): { value: T; ms: number } {
  const start = performance.now()
  const value = compute()
  return { value, ms: performance.now() - start }
}

type TimedHeatmap = { value: Heatmap; ms: number }

/** The share of the heatmap's rows a request asks for (FrameRequest.split): the fit's part the first, the heatmap's the rest. */
function rowShare(req: FrameRequest): readonly [number, number] {
  const split = req.split ?? 0
  return req.part === 'fit' ? [0, split] : req.part === 'heatmap' ? [split, 1] : [0, 1]
}

/** The heatmap rows a request asks for, timed. A fit's part with no split has none. */
function heatmapRows(problem: PreparedProblem, req: FrameRequest): TimedHeatmap {
  const share = rowShare(req)
  if (share[1] === 0) return { value: skippedHeat(), ms: 0 }
  return timed(() => problem.heatmap(req.kernel, req.sigma, req.view.heatRows, req.view.heatCols, share))
}

function exactFrame(p: PreparedData, req: FrameRequest): LiveFrame {
  const { xTrain: keys, yTrain: values, xQuery: queries, yTruth } = p.data
  const { kernel, sigma, view } = req
  const problem = preparedProblem(p)
  const fused = fusedRows(problem, req)
  if (fused && req.part !== undefined) return fusedPart(p, req, fused, { queries, order: p.queryOrder, truth: yTruth, coarse: null, scale: 1 })
  if (!fused && req.part === 'heatmap') return heatmapPart(p, req, heatmapRows(problem, req), 'exact')
  const { value: fit, ms: fitMs } = fused ? { value: predictionOf(fused.value), ms: 0 } : timed(() => problem.predict(kernel, sigma))
  const { value: heatmap, ms: heatMs } = fused ? { value: fused.value.heatmap, ms: fused.ms } : heatmapRows(problem, req)
  const order = p.queryOrder
  const yHat = fit.yHat
  const positions = envelopePositions(order ? (pos) => yHat[order[pos]!]! : (pos) => yHat[pos]!, queries.length, displayBuckets(view, queries.length))
  const pick = (a: Float64Array) => gather(a, positions, order)
  const shown = shownTrainIndex(p, view.trainPoints)
  return {
    quality: 'exact',
    coarse: null,
    kernel,
    sigma,
    n: keys.length,
    m: queries.length,
    xs: pick(queries),
    yHat: pick(fit.yHat),
    yTruth: yTruth ? pick(yTruth) : null,
    xTrain: gather(keys, shown),
    yTrain: gather(values, shown),
    trainIndex: shown,
    baseline: p.baseline,
    extent: p.extent,
    undefinedCount: fit.undefinedQueries.length,
    heatmap: heatmapView(heatmap),
    fitAlgorithm: fit.algorithm,
    fitErrorBound: fit.errorBound,
    heatmapAlgorithm: heatmap.algorithm,
    // As runExperiment reports it: null when there is no truth or no defined estimate.
    testMse: yTruth ? finiteOrNull(meanSquaredError(fit.yHat, yTruth).mse) : null,
    workerMs: 0,
    fitMs,
    heatMs,
    reused: false,
  }
}

function coarseFrame(p: PreparedData, req: FrameRequest): LiveFrame {
  const { kernel, sigma, view } = req
  const sample = coarseSample(p, view.fitPoints)
  const { keys, values, queries } = sample
  sample.problem ??= prepareProblem(keys, values, queries)
  const problem = sample.problem
  const scale = keys.length / p.data.xTrain.length
  const truth = p.data.yTruth
  const order = p.queryOrder
  const positions = evenPositions(p.data.xQuery.length, view.fitPoints)
  const sampleTruth = () => (truth ? gather(truth, positions, order) : null)
  const fused = fusedRows(problem, req)
  // The sample's queries are ascending already.
  if (fused && req.part !== undefined) return fusedPart(p, req, fused, { queries, order: null, truth: sampleTruth(), coarse: { keys: keys.length, queries: queries.length }, scale })
  if (!fused && req.part === 'heatmap') return heatmapPart(p, req, heatmapRows(problem, req), 'coarse', scale)
  const { value: fit, ms: fitMs } = fused ? { value: predictionOf(fused.value), ms: 0 } : timed(() => problem.predict(kernel, sigma))
  const { value: heatmap, ms: heatMs } = fused ? { value: fused.value.heatmap, ms: fused.ms } : heatmapRows(problem, req)
  const shown = shownTrainIndex(p, view.trainPoints)
  return {
    quality: 'coarse',
    coarse: { keys: keys.length, queries: queries.length },
    kernel,
    sigma,
    n: p.data.xTrain.length,
    m: p.data.xQuery.length,
    // A copy: the sample is kept for the next coarse frame, and frames are transferred.
    xs: queries.slice(),
    yHat: fit.yHat,
    yTruth: sampleTruth(),
    xTrain: gather(p.data.xTrain, shown),
    yTrain: gather(p.data.yTrain, shown),
    trainIndex: shown,
    baseline: p.baseline,
    extent: p.extent,
    undefinedCount: fit.undefinedQueries.length,
    heatmap: scaledHeatmap(heatmap, scale),
    fitAlgorithm: fit.algorithm,
    fitErrorBound: fit.errorBound,
    heatmapAlgorithm: heatmap.algorithm,
    testMse: null,
    workerMs: 0,
    fitMs,
    heatMs,
    reused: false,
  }
}

/**
 * A compact kernel's estimates and heatmap rows from one pass (the engine's
 * fitAndHeatmap), for the rows of this request's part, timed; null when
 * the problem takes the two apart (other kernels, the dense path). Each
 * part of a frame then computes the estimates at its own rows' queries, so
 * the two workers share the fit as they share the heatmap.
 */
function fusedRows(problem: PreparedProblem, req: FrameRequest): { value: FittedRows; ms: number } | null {
  const { value, ms } = timed(() => problem.fitAndHeatmap(req.kernel, req.sigma, req.view.heatRows, req.view.heatCols, rowShare(req)))
  return value ? { value, ms } : null
}

/** The queries a fused frame's fit is drawn at: the data's (exact) or a coarse frame's sample, with their truth. */
interface FusedQueries {
  queries: Float64Array
  /** Sorted position to the queries' own index (null: ascending already). */
  order: Uint32Array | null
  truth: Float64Array | null
  coarse: LiveFrame['coarse']
  /** Of the heatmap's weights (a coarse frame's, scaled back: scaledHeatmap; 1 for an exact frame). */
  scale: number
}

/**
 * One part of a fused frame: its heatmap rows and the fit at their queries
 * (sorted positions from..to), drawn by the same display buckets as the
 * whole frame's (displayBuckets: none straddles two parts), so that the two
 * parts joined (previewClient.joinParts) are the whole frame. The fit's
 * part carries the training points as well. The test MSE of a part is its
 * sum of squared errors, added up at the join.
 */
function fusedPart(p: PreparedData, req: FrameRequest, { value: f, ms }: { value: FittedRows; ms: number }, on: FusedQueries): LiveFrame {
  const { queries, order, truth, coarse, scale } = on
  const quality = coarse ? 'coarse' : 'exact'
  const count = queries.length
  const at = (pos: number) => f.estimates[pos - f.from]!
  const positions = envelopePositions(at, count, displayBuckets(req.view, count), f.from, f.to)
  let undefinedCount = 0
  for (const y of f.estimates) if (y !== y) undefinedCount++
  // The truth at the same sorted positions, for the test MSE's share of this part.
  const truthHere = truth && !coarse ? (order ? gather(truth, order.subarray(f.from, f.to)) : truth.subarray(f.from, f.to)) : null
  const withTraining = req.part === 'fit'
  const shown = withTraining ? shownTrainIndex(p, req.view.trainPoints) : new Uint32Array(0)
  return {
    ...heatmapPart(p, req, { value: f.heatmap, ms }, quality, scale),
    coarse,
    xs: gather(queries, positions, order),
    yHat: Float64Array.from(positions, at),
    yTruth: truth ? gather(truth, positions, order) : null,
    xTrain: gather(p.data.xTrain, shown),
    yTrain: gather(p.data.yTrain, shown),
    trainIndex: shown,
    undefinedCount,
    fitAlgorithm: 'compact',
    fitErrorBound: f.errorBound,
    testErrors: truthHere ? squaredErrors(f.estimates, truthHere) : null,
  }
}

/**
 * Buckets of the fit's display envelope: half the points the page draws,
 * rounded up to a multiple of the heatmap's rows, so that no bucket
 * straddles two rows' queries and a frame made in parts split at a row
 * draws the points the whole frame does.
 */
function displayBuckets(view: FrameRequest['view'], queries: number): number {
  const rows = Math.max(1, Math.min(view.heatRows, queries))
  return Math.ceil(Math.ceil(view.fitPoints / 2) / rows) * rows
}

/** Every k-th key (in the data's own order) and evenly spaced queries in ascending x. */
function coarseSample(p: PreparedData, queryCount: number): NonNullable<PreparedData['coarse']> {
  if (p.coarse && p.coarse.queries.length === Math.min(queryCount, p.data.xQuery.length)) return p.coarse
  const { xTrain, yTrain, xQuery } = p.data
  const keyPositions = evenPositions(xTrain.length, COARSE_KEYS)
  const order = p.queryOrder
  p.coarse = {
    keys: gather(xTrain, keyPositions),
    values: gather(yTrain, keyPositions),
    queries: gather(xQuery, evenPositions(xQuery.length, queryCount), order),
    problem: null,
  }
  return p.coarse
}

/**
 * A subsample's weights are larger by n / (keys sampled), each key standing
 * for that many: scaled back, the coarse heatmap's colours mean what the
 * exact one's do.
 */
function scaledHeatmap(h: Heatmap, factor: number): HeatmapView {
  const values = h.values
  for (let k = 0; k < values.length; k++) values[k] = values[k]! * factor
  return { ...heatmapView(h), values, max: h.max * factor }
}

function heatmapView(h: Heatmap): HeatmapView {
  return { rows: h.rows, cols: h.cols, values: h.values, max: h.max, rowEdges: h.rowEdges, colEdges: h.colEdges, undefinedRows: h.undefinedRows }
}

export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null
}
