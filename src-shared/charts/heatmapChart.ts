import type { EChartsOption } from 'echarts'
import { screenDraw } from '../figures/draw'
import { figureOption } from '../figures/figureOption'
import type { Figure, HeatmapData, HeatPanel } from '../figures/model'
import { withFigure } from '../figures/registry'
import type { ChartTheme } from './theme'

export type { HeatmapData } from '../figures/model'

export interface HeatmapChartInput {
  heatmap: HeatmapData
  title?: string
  /** Top of the colour scale; give several heatmaps the same value to share one scale. */
  scaleMax?: number
  colorBar?: boolean
  animation?: boolean
  /** Training points and queries behind the blocks (for rank labels); the block counts when not given. */
  keys?: number
  queries?: number
  /** Axis names, when the order is not the inputs' own (vector inputs: a coordinate, or the distance to a query). */
  xLabel?: string
  yLabel?: string
}

/**
 * The chapter's heatmap as a panel: attention weights with sorted queries
 * down and sorted keys across, so the mass sits on the diagonal where query
 * and key are close. Cells sit at ranks, not at the inputs' values, and the
 * axes say so: each labelled tick gives the rank and, below it, the input there.
 */
export function heatmapPanel(input: HeatmapChartInput, t: ChartTheme, id = 'weights'): HeatPanel {
  return {
    kind: 'heatmap',
    id,
    ...(input.title ? { title: input.title } : {}),
    heatmap: input.heatmap,
    keys: input.keys ?? input.heatmap.cols,
    queries: input.queries ?? input.heatmap.rows,
    xLabel: input.xLabel ?? 'Sorted training inputs: rank (x)',
    yLabel: input.yLabel ?? 'Sorted testing inputs: rank (x)',
    colors: t.heat,
    ...(input.scaleMax ? { scaleMax: input.scaleMax } : {}),
    ...(input.colorBar === false ? { colorBar: false } : {}),
  }
}

export function heatmapFigure(input: HeatmapChartInput, t: ChartTheme): Figure {
  return { name: 'weights', panels: [heatmapPanel(input, t)], columns: 1, colorScale: 'panel' }
}

export function heatmapChartOption(input: HeatmapChartInput, t: ChartTheme): EChartsOption {
  const option = figureOption(heatmapFigure(input, t), screenDraw(t))
  option.tooltip = {
    ...(option.tooltip as object),
    formatter: (p: unknown) => {
      const v = (p as { value: [number, number, number] }).value
      const h = input.heatmap
      return `query ≈ ${String(Number(h.rowEdges[v[1]]!.toPrecision(3)))}\nkey ≈ ${String(Number(h.colEdges[v[0]]!.toPrecision(3)))}\nweight ${v[2].toPrecision(3)}`
    },
  }
  return withFigure(option, (theme) => heatmapFigure({ ...input, scaleMax: input.scaleMax ?? 0, colorBar: true }, theme))
}
