import type { RunDetail } from '../../src-shared/api/runs'
import { fitCsv, heatmapCsv, kernelCsv, lossCsv } from '../../src-shared/charts/chartCsv'
import { runFitOption, runHeatmapOption, runKernelOption, runLossOption, type RunChartKind, type RunModel } from '../../src-shared/charts/runCharts'
import { DARK_THEME, LIGHT_THEME } from '../../src-shared/charts/theme'
import { nwHeatmap } from '../../src-shared/engine/heatmap'
import type { Heatmap } from '../../src-shared/engine/types'
import { trainedKernel } from '../../src-shared/engine/parametric'
import { InputError } from '../../src-shared/errors'
import type { RunStore } from '../store/runStore'
import { renderSvg, svgToPng, type RenderSize } from './renderChart'

export type ExportFormat = 'svg' | 'png' | 'csv'
export const EXPORT_FORMATS = ['svg', 'png', 'csv'] as const satisfies readonly ExportFormat[]

export interface ExportOptions {
  format: ExportFormat
  size: RenderSize
  /** PNG pixels per SVG unit. */
  scale: number
  theme: 'light' | 'dark'
  /** Which model of a parametric run (the trained one by default). */
  model?: RunModel
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
 * One chart of one run as a file: SVG and PNG drawn headless with the app's
 * own chart options, or the CSV of the data behind the chart.
 */
export function exportRunChart(store: RunStore, run: RunDetail, chart: RunChartKind, o: ExportOptions): { fileName: string; data: string | Buffer } {
  if (run.status !== 'done' || !run.arrays) throw new InputError(`run ${run.id} is ${run.status}: only finished runs can be exported`)
  if (chart === 'loss' && run.epochs.length === 0) throw new InputError(`run ${run.id} has no loss curve (it is not a parametric run)`)
  const model: RunModel = o.model ?? (run.mode === 'parametric' ? 'trained' : 'nonparametric')
  const heatmap = chart === 'heatmap' ? runHeatmap(store, run, model, o.heatmapRows ?? 100, o.heatmapCols ?? 100) : null
  const fileName = `${run.id}-${chart}${chart === 'fit' || chart === 'heatmap' ? (run.mode === 'parametric' ? `-${model}` : '') : ''}.${o.format}`
  if (o.format === 'csv') {
    const csv = chart === 'fit' ? fitCsv(run) : chart === 'heatmap' ? heatmapCsv(heatmap!) : chart === 'loss' ? lossCsv(run) : kernelCsv(run)
    return { fileName, data: csv }
  }
  const theme = o.theme === 'dark' ? DARK_THEME : LIGHT_THEME
  const extras = { static: true as const }
  const option =
    chart === 'fit'
      ? runFitOption(run, model, theme, extras)
      : chart === 'heatmap'
        ? runHeatmapOption(heatmap!, theme, extras)
        : chart === 'loss'
          ? runLossOption(run, theme, extras)
          : runKernelOption(run, theme, extras)
  const svg = renderSvg(option, o.size, theme.background)
  return { fileName, data: o.format === 'svg' ? svg : svgToPng(svg, o.scale) }
}
