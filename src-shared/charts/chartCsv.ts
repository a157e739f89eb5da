import type { RunDetail } from '../api/runs'
import { formatCsv } from '../csv'
import { sampleKernel } from '../engine/kernels'
import { trainedKernel } from '../engine/parametric'
import type { EpochRecord } from '../engine/sgd'
import type { HeatmapData } from './heatmapChart'
import { kernelGrid } from './kernelChart'

/** The data behind each chart, as CSV: what a researcher re-plots elsewhere. */

const nan = (v: number | null | undefined) => (v === null || v === undefined ? NaN : v)

/** Queries with truth and predictions; then the training points (a second block, same file). */
export function fitCsv(run: RunDetail): string {
  const a = run.arrays
  if (!a) throw new Error(`run ${run.id} has no arrays`)
  const queries: Record<string, ArrayLike<number>> = { x: a.xQuery }
  if (a.yTruth) queries.truth = a.yTruth
  if (run.mode === 'parametric') {
    queries.y_hat_trained = (a.yHat ?? []).map(nan)
    queries.y_hat_nonparametric = (a.yHatNonparametric ?? []).map(nan)
  } else {
    queries.y_hat = (a.yHat ?? []).map(nan)
  }
  if (a.baseline !== null) queries.average_pooling = new Array(a.xQuery.length).fill(a.baseline)
  return formatCsv(queries) + '\n' + formatCsv({ x_train: a.xTrain, y_train: a.yTrain })
}

/** One row per cell: the query and key block it covers and the mean weight. */
export function heatmapCsv(h: HeatmapData): string {
  const rows: Record<string, number[]> = { row: [], col: [], query_from: [], query_to: [], key_from: [], key_to: [], weight: [] }
  for (let r = 0; r < h.rows; r++) {
    for (let c = 0; c < h.cols; c++) {
      rows.row!.push(r)
      rows.col!.push(c)
      rows.query_from!.push(h.rowEdges[r]!)
      rows.query_to!.push(h.rowEdges[r + 1]!)
      rows.key_from!.push(h.colEdges[c]!)
      rows.key_to!.push(h.colEdges[c + 1]!)
      rows.weight!.push(h.values[r * h.cols + c]!)
    }
  }
  return formatCsv(rows)
}

export function epochsCsv(epochs: EpochRecord[]): string {
  return formatCsv({ epoch: epochs.map((e) => e.epoch), loss: epochs.map((e) => e.loss), w: epochs.map((e) => e.w) })
}

export function lossCsv(run: RunDetail): string {
  return epochsCsv(run.epochs)
}

export function kernelCsv(run: RunDetail): string {
  const sigma = run.sigma ?? 1
  const xs = kernelGrid([-2.5 * Math.max(1, sigma), 2.5 * Math.max(1, sigma)], 201)
  const cols: Record<string, ArrayLike<number>> = { distance: xs, [run.kernel]: sampleKernel(run.kernel, xs, sigma) }
  if (run.w !== null) {
    const trained = trainedKernel(run.w)
    cols[`trained_${trained.kernel}`] = sampleKernel(trained.kernel, xs, trained.sigma)
  }
  return formatCsv(cols)
}
