import { gather } from '../../src-shared/arrays'
import { meanSquaredError } from '../../src-shared/engine/metrics'
import { prepareProblem, type PreparedProblem } from '../../src-shared/engine/preparedProblem'
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

/** The heatmap rows a request asks for (FrameRequest.split), timed. A fit's part with no split has none. */
function heatmapRows(problem: PreparedProblem, req: FrameRequest): TimedHeatmap {
  const split = req.split ?? 0
  const share: readonly [number, number] | null = req.part === 'fit' ? (split > 0 ? [0, split] : null) : req.part === 'heatmap' ? [split, 1] : [0, 1]
  if (!share) return { value: skippedHeat(), ms: 0 }
  return timed(() => problem.heatmap(req.kernel, req.sigma, req.view.heatRows, req.view.heatCols, share))
}

function exactFrame(p: PreparedData, req: FrameRequest): LiveFrame {
  const { xTrain: keys, yTrain: values, xQuery: queries, yTruth } = p.data
  const { kernel, sigma, view } = req
  const problem = preparedProblem(p)
  if (req.part === 'heatmap') return heatmapPart(p, req, heatmapRows(problem, req), 'exact')
  const { value: fit, ms: fitMs } = timed(() => problem.predict(kernel, sigma))
  const { value: heatmap, ms: heatMs } = heatmapRows(problem, req)
  const order = p.queryOrder
  const yHat = fit.yHat
  const positions = envelopePositions(order ? (pos) => yHat[order[pos]!]! : (pos) => yHat[pos]!, queries.length, Math.ceil(view.fitPoints / 2))
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
  if (req.part === 'heatmap') return heatmapPart(p, req, heatmapRows(problem, req), 'coarse', scale)
  const { value: fit, ms: fitMs } = timed(() => problem.predict(kernel, sigma))
  const { value: heatmap, ms: heatMs } = heatmapRows(problem, req)
  const truth = p.data.yTruth
  const order = p.queryOrder
  const positions = evenPositions(p.data.xQuery.length, view.fitPoints)
  const shown = shownTrainIndex(p, view.trainPoints)
  let undefinedCount = 0
  for (let i = 0; i < fit.yHat.length; i++) if (Number.isNaN(fit.yHat[i]!)) undefinedCount++
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
    yTruth: truth ? gather(truth, positions, order) : null,
    xTrain: gather(p.data.xTrain, shown),
    yTrain: gather(p.data.yTrain, shown),
    trainIndex: shown,
    baseline: p.baseline,
    extent: p.extent,
    undefinedCount,
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
