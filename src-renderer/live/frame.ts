import { nwPredict } from '../../src-shared/engine/estimate'
import { nwHeatmap } from '../../src-shared/engine/heatmap'
import { meanSquaredError } from '../../src-shared/engine/metrics'
import type { Heatmap, NwPrediction } from '../../src-shared/engine/types'
import { shownTrainIndex, type PreparedData } from './datasets'
import { envelopePositions, evenPositions } from './decimate'
import type { FrameRequest, HeatmapView, LiveFrame } from './protocol'

/**
 * One frame of the live preview. An exact frame makes the experiment
 * runner's own engine call (nwPredict on the whole data set at the kernel and
 * sigma), so "Save as run" stores the numbers on screen; a coarse frame uses
 * a subsample of the keys and queries and says so.
 */

/** Keys a coarse frame uses at most. */
export const COARSE_KEYS = 20_000

export function computeFrame(p: PreparedData, req: FrameRequest): LiveFrame {
  return req.quality === 'coarse' ? coarseFrame(p, req) : exactFrame(p, req)
}

/** What a part leaves out: no estimates, an empty heatmap (never drawn: the other part's takes its place). */
function skippedFit(m: number): NwPrediction {
  return { yHat: new Float64Array(m).fill(NaN), undefinedQueries: [], algorithm: 'dense', errorBound: 0 }
}
const skippedHeat = (): Heatmap => ({ rows: 0, cols: 0, values: new Float64Array(0), max: 0, rowEdges: new Float64Array(0), colEdges: new Float64Array(0), undefinedRows: [], algorithm: 'dense', errorBound: 0 })

function exactFrame(p: PreparedData, req: FrameRequest): LiveFrame {
  const { xTrain: keys, yTrain: values, xQuery: queries, yTruth } = p.data
  const { kernel, sigma, view } = req
  const fit = req.part === 'heatmap' ? skippedFit(queries.length) : nwPredict({ keys, values, queries, kernel, sigma })
  const heatmap = req.part === 'fit' ? skippedHeat() : nwHeatmap({ keys, values, queries, kernel, sigma }, view.heatRows, view.heatCols)
  const order = p.queryOrder
  const at = (pos: number) => (order ? order[pos]! : pos)
  const positions = envelopePositions((pos) => fit.yHat[at(pos)]!, queries.length, Math.ceil(view.fitPoints / 2))
  const pick = (a: Float64Array) => Float64Array.from(positions, (pos) => a[at(pos)]!)
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
    xTrain: Float64Array.from(shown, (i) => keys[i]!),
    yTrain: Float64Array.from(shown, (i) => values[i]!),
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
  }
}

function coarseFrame(p: PreparedData, req: FrameRequest): LiveFrame {
  const { kernel, sigma, view } = req
  const sample = coarseSample(p, view.fitPoints)
  const { keys, values, queries } = sample
  const fit = req.part === 'heatmap' ? skippedFit(queries.length) : nwPredict({ keys, values, queries, kernel, sigma })
  const heatmap = req.part === 'fit' ? skippedHeat() : nwHeatmap({ keys, values, queries, kernel, sigma }, view.heatRows, view.heatCols)
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
    yTruth: truth ? Float64Array.from(positions, (pos) => truth[order ? order[pos]! : pos]!) : null,
    xTrain: Float64Array.from(shown, (i) => p.data.xTrain[i]!),
    yTrain: Float64Array.from(shown, (i) => p.data.yTrain[i]!),
    trainIndex: shown,
    baseline: p.baseline,
    extent: p.extent,
    undefinedCount,
    heatmap: scaledHeatmap(heatmap, keys.length / p.data.xTrain.length),
    fitAlgorithm: fit.algorithm,
    fitErrorBound: fit.errorBound,
    heatmapAlgorithm: heatmap.algorithm,
    testMse: null,
    workerMs: 0,
  }
}

/** Every k-th key (in the data's own order) and evenly spaced queries in ascending x. */
function coarseSample(p: PreparedData, queryCount: number): NonNullable<PreparedData['coarse']> {
  if (p.coarse && p.coarse.queries.length === Math.min(queryCount, p.data.xQuery.length)) return p.coarse
  const { xTrain, yTrain, xQuery } = p.data
  const keyPositions = evenPositions(xTrain.length, COARSE_KEYS)
  const order = p.queryOrder
  p.coarse = {
    keys: Float64Array.from(keyPositions, (i) => xTrain[i]!),
    values: Float64Array.from(keyPositions, (i) => yTrain[i]!),
    queries: Float64Array.from(evenPositions(xQuery.length, queryCount), (pos) => xQuery[order ? order[pos]! : pos]!),
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
