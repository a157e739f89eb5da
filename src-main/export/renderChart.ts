import { Resvg } from '@resvg/resvg-js'
import type { EChartsOption } from 'echarts'
import * as echarts from 'echarts'

/**
 * Text width as the PNG rasteriser will draw it. Without a canvas, ECharts
 * guesses widths from a fixed table tuned for narrower fonts, so legends
 * overlapped once DejaVu Sans drew them; this follows DejaVu's metrics
 * (about 0.61 em a character, 0.33 em a space or punctuation mark).
 */
echarts.setPlatformAPI({
  measureText(text: string, font?: string) {
    const size = Number(/(\d+(?:\.\d+)?)px/.exec(font ?? '')?.[1] ?? 12)
    let em = 0
    for (const ch of text) em += /[\s.,:;'|!il1()[\]]/.test(ch) ? 0.33 : /[A-Z]|[mwMW]/.test(ch) ? 0.72 : 0.61
    return { width: em * size }
  },
})

export interface RenderSize {
  width: number
  height: number
}

/**
 * An ECharts option as SVG text, rendered in Node by ECharts' own SVG
 * server-side renderer: the same drawing code as the app's charts, no browser.
 */
export function renderSvg(option: EChartsOption, size: RenderSize, background: string): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height })
  try {
    chart.setOption({ ...option, animation: false, backgroundColor: background })
    return chart.renderToSVGString()
  } finally {
    // Disposing stops ECharts' frame loop, which would otherwise keep the process alive.
    chart.dispose()
  }
}

/** SVG text rasterised to PNG at `scale` x its size (resvg, with the system's fonts). */
export function svgToPng(svg: string, scale: number): Buffer {
  const r = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  })
  return r.render().asPng()
}
