import type { RunDetail } from '../../src-shared/api/runs'
import { runFigure, type LossView, type RunChartKind, type RunModel } from '../../src-shared/charts/runCharts'
import { exportTheme } from '../../src-shared/figures/draw'
import { exportFigure, type FigureFormat } from '../../src-shared/figures/exportFigure'
import type { FigureStyle } from '../../src-shared/figures/style'
import type { ExportFile } from '../../src-shared/figures/tidyCsv'
import { nwHeatmap } from '../../src-shared/engine/heatmap'
import type { Heatmap } from '../../src-shared/engine/types'
import { trainedKernel } from '../../src-shared/engine/parametric'
import { InputError } from '../../src-shared/errors'
import type { RunStore } from '../store/runStore'
import { NODE_PLATFORM } from './nodePlatform'

export type ExportFormat = FigureFormat
export const EXPORT_FORMATS = ['svg', 'png', 'pdf', 'csv', 'py'] as const satisfies readonly ExportFormat[]

export interface ExportOptions {
  format: ExportFormat
  style: FigureStyle
  /** Which model of a parametric run (the trained one by default). */
  model?: RunModel
  /** Minibatch runs' loss: per batch (default) or per epoch. */
  view?: LossView
  heatmapRows?: number
  heatmapCols?: number
}

/** The attention heatmap of a stored run, at display resolution. */
export function runHeatmap(store: RunStore, run: RunDetail, model: RunModel, rows: number, cols: number): Heatmap {
  const a = store.arrays(run.id, ['xTrain', 'yTrain', 'xQuery'])
  if (!a.xTrain || !a.yTrain || !a.xQuery || run.sigma === null) throw new InputError(`run ${run.id} has no data to draw (it is ${run.status})`)
  const { kernel, sigma } = model === 'trained' && run.w !== null ? trainedKernel(run.w) : { kernel: run.kernel, sigma: run.sigma }
  return nwHeatmap({ keys: a.xTrain, values: a.yTrain, queries: a.xQuery, kernel, sigma }, rows, cols)
}

/**
 * One chart of one run as files, drawn headless with the app's own figure
 * code: SVG, PNG or PDF; its tidy CSV; or a Python script with its data.
 */
export async function exportRunChart(store: RunStore, run: RunDetail, chart: RunChartKind, o: ExportOptions): Promise<ExportFile[]> {
  if (run.status !== 'done' || !run.arrays) throw new InputError(`run ${run.id} is ${run.status}: only finished runs can be exported`)
  if (run.vector && chart !== 'loss') throw new InputError(`run ${run.id} has vector inputs (d = ${run.vector.d}): its ${chart} chart has no print export yet (the app draws its surface, slices and widths)`)
  if (chart === 'loss' && run.epochs.length === 0) throw new InputError(`run ${run.id} has no loss curve (it is not a parametric run)`)
  const model: RunModel = o.model ?? (run.mode === 'parametric' ? 'trained' : 'nonparametric')
  const heatmap = chart === 'heatmap' ? runHeatmap(store, run, model, o.heatmapRows ?? 100, o.heatmapCols ?? 100) : null
  const fig = runFigure(run, chart, exportTheme(o.style), { model, heatmap, ...(o.view ? { view: o.view } : {}) })
  fig.name = `${run.id}-${chart}${chart === 'fit' || chart === 'heatmap' ? (run.mode === 'parametric' ? `-${model}` : '') : ''}`
  return exportFigure(NODE_PLATFORM, fig, o.style, o.format, { date: new Date(run.finishedAt ?? run.createdAt) })
}
