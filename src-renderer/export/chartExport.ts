import type { EChartsOption } from 'echarts'
import { init, type ECharts } from 'echarts/core'
import { dataUrlBytes, saveFile } from './save'

export type ChartFileFormat = 'png' | 'svg' | 'csv'

/** Compact vector output: the same option drawn by ECharts' SVG renderer, without animation. */
export function chartSvg(option: EChartsOption, width: number, height: number, background: string): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    chart.setOption({ ...option, animation: false, backgroundColor: background })
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}

/** Saves a chart as PNG (at `scale` x its size on screen), SVG, or the CSV of its data. */
export async function exportChart(
  chart: ECharts,
  option: EChartsOption,
  format: ChartFileFormat,
  baseName: string,
  background: string,
  csv?: () => string,
  scale = 2,
): Promise<{ ok: boolean; message: string }> {
  if (format === 'png') {
    const url = chart.getDataURL({ type: 'png', pixelRatio: scale, backgroundColor: background })
    return saveFile({ defaultName: `${baseName}.png`, data: dataUrlBytes(url), mime: 'image/png', filters: [{ name: 'PNG image', extensions: ['png'] }] })
  }
  if (format === 'svg') {
    const svg = chartSvg(option, chart.getWidth(), chart.getHeight(), background)
    return saveFile({ defaultName: `${baseName}.svg`, data: svg, mime: 'image/svg+xml', filters: [{ name: 'SVG image', extensions: ['svg'] }] })
  }
  if (!csv) return { ok: false, message: 'This chart has no data to export' }
  return saveFile({ defaultName: `${baseName}.csv`, data: csv(), mime: 'text/csv', filters: [{ name: 'CSV', extensions: ['csv'] }] })
}
