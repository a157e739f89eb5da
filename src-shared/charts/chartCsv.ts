import type { RunDetail } from '../api/runs'
import type { EpochRecord } from '../engine/sgd'
import { panelCsv } from '../figures/tidyCsv'
import { heatmapPanel, type HeatmapData } from './heatmapChart'
import { lossPanel } from './lossChart'
import { runPanel } from './runCharts'
import { LIGHT_THEME } from './theme'

/**
 * The data behind each chart as one tidy CSV (series,x,y and the columns a
 * chart needs beside them): the rows the chart draws, so a researcher
 * re-plots exactly what is on screen with one pandas.read_csv.
 */

export function fitCsv(run: RunDetail): string {
  return panelCsv(runPanel(run, 'fit', LIGHT_THEME))
}

export function heatmapCsv(h: HeatmapData, counts: { keys?: number; queries?: number } = {}): string {
  return panelCsv(heatmapPanel({ heatmap: h, ...counts }, LIGHT_THEME))
}

export function epochsCsv(epochs: EpochRecord[]): string {
  return panelCsv(lossPanel({ curves: [{ name: 'run', epochs }], show: 'both' }, LIGHT_THEME))
}

export function lossCsv(run: RunDetail): string {
  return panelCsv(runPanel(run, 'loss', LIGHT_THEME))
}

export function kernelCsv(run: RunDetail): string {
  return panelCsv(runPanel(run, 'kernel', LIGHT_THEME))
}
