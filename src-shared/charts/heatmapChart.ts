import type { EChartsOption } from 'echarts'
import { axisStyle, baseTextStyle, titleOption, formatShort, tooltipStyle, type ChartTheme } from './theme'

export interface HeatmapData {
  rows: number
  cols: number
  /** Row-major block means of the attention weights (rows: sorted queries, columns: sorted keys). */
  values: ArrayLike<number>
  max: number
  rowEdges: ArrayLike<number>
  colEdges: ArrayLike<number>
}

export interface HeatmapChartInput {
  heatmap: HeatmapData
  title?: string
  /** Top of the colour scale; give several heatmaps the same value to share one scale. */
  scaleMax?: number
  colorBar?: boolean
  animation?: boolean
}

/** Label of block k: the input value where the block starts. */
function labels(edges: ArrayLike<number>, count: number): string[] {
  return Array.from({ length: count }, (_, k) => formatShort(edges[k]!))
}

/**
 * The chapter's heatmap: attention weights with sorted queries down and
 * sorted keys across, so the mass sits on the diagonal where query and key are close.
 */
export function heatmapChartOption(input: HeatmapChartInput, t: ChartTheme): EChartsOption {
  const h = input.heatmap
  const data: [number, number, number][] = new Array(h.rows * h.cols)
  for (let r = 0; r < h.rows; r++) for (let c = 0; c < h.cols; c++) data[r * h.cols + c] = [c, r, h.values[r * h.cols + c]!]
  const max = input.scaleMax ?? (h.max > 0 ? h.max : 1)
  const colorBar = input.colorBar !== false
  const top = input.title ? 30 : 10
  return {
    animation: input.animation ?? false,
    backgroundColor: 'transparent',
    textStyle: baseTextStyle(t),
    ...titleOption(t, input.title),
    tooltip: {
      ...tooltipStyle(t),
      formatter: (p) => {
        const v = (p as unknown as { value: [number, number, number] }).value
        return `query ≈ ${formatShort(h.rowEdges[v[1]]!)}\nkey ≈ ${formatShort(h.colEdges[v[0]]!)}\nweight ${v[2].toPrecision(3)}`
      },
    },
    grid: { left: 56, right: colorBar ? 74 : 16, top, bottom: 44 },
    xAxis: {
      type: 'category',
      data: labels(h.colEdges, h.cols),
      name: 'Sorted training inputs',
      nameLocation: 'middle',
      nameGap: 28,
      ...axisStyle(t),
      splitLine: { show: false },
      axisLabel: { color: t.subtleText, interval: Math.max(0, Math.ceil(h.cols / 5) - 1), hideOverlap: true },
    },
    yAxis: {
      type: 'category',
      data: labels(h.rowEdges, h.rows),
      name: 'Sorted testing inputs',
      nameLocation: 'middle',
      nameGap: 40,
      inverse: true,
      ...axisStyle(t),
      splitLine: { show: false },
      axisLabel: { color: t.subtleText, interval: Math.max(0, Math.ceil(h.rows / 6) - 1), hideOverlap: true },
    },
    visualMap: {
      show: colorBar,
      min: 0,
      max,
      calculable: false,
      orient: 'vertical',
      right: 4,
      top: top + 4,
      bottom: 48,
      itemWidth: 12,
      itemHeight: 140,
      text: [formatShort(max), '0'],
      textStyle: { color: t.subtleText },
      inRange: { color: t.heat },
    },
    series: [
      {
        type: 'heatmap',
        data,
        progressive: 0,
        emphasis: { disabled: true },
      },
    ],
  }
}
