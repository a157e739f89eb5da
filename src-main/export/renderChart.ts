import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { Resvg } from '@resvg/resvg-js'
import type { EChartsOption } from 'echarts'
import * as echarts from 'echarts'
import { exportMeasureText, type ExportFontFamily } from '../../src-shared/figures/measure'
import { pixelSvg, renderSsr, type SsrInit } from '../../src-shared/figures/printSvg'
import type { FigureStyle } from '../../src-shared/figures/style'
import { APP_ROOT } from '../runtime'

/**
 * Text widths as the exports draw them: the export fonts by their own
 * metrics (the browser does the same, so both lay out the same SVG); any
 * other font, which only the app's screen charts use, by an estimate.
 */
echarts.setPlatformAPI({
  measureText: exportMeasureText((text, font) => {
    const size = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12)
    let em = 0
    for (const ch of text) em += /[\s.,:;'|!il1()[\]]/.test(ch) ? 0.33 : /[A-Z]|[mwMW]/.test(ch) ? 0.72 : 0.61
    return em * size
  }),
})

/** ECharts' server-side SVG renderer: the same drawing code as the app's charts, no browser. */
export const ssrInit: SsrInit = (dom, theme, opts) => echarts.init(dom, theme, opts)

export interface RenderSize {
  width: number
  height: number
}

/** An ECharts option as SVG text (see printSvg.ts for the print-ready form). */
export function renderSvg(option: EChartsOption, size: RenderSize, background: string): string {
  return renderSsr(ssrInit, { ...option, backgroundColor: background }, size)
}

const FONT_FILES: Record<ExportFontFamily, string> = { 'DejaVu Sans': 'DejaVuSans.ttf', 'DejaVu Serif': 'DejaVuSerif.ttf' }
const fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json', { paths: [APP_ROOT] })), 'ttf')
const fontCache = new Map<ExportFontFamily, Buffer>()

/** The TrueType file of an export font, from the dejavu-fonts-ttf package (the app bundles the same files). */
export function fontFile(family: ExportFontFamily): Buffer {
  let f = fontCache.get(family)
  if (!f) {
    f = readFileSync(join(fontDir, FONT_FILES[family]))
    fontCache.set(family, f)
  }
  return f
}

/**
 * Options of resvg for exports: the export fonts only, never the system's,
 * so the pixels do not depend on the machine (the app's resvg-wasm gets the same).
 */
export const RESVG_FONTS = { loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' } as const

/** A print-ready SVG rasterised at the style's exact pixel size. */
export function svgToPng(svg: string, style: Pick<FigureStyle, 'width' | 'height' | 'unit' | 'dpi'>): Buffer {
  const r = new Resvg(pixelSvg(svg, style), { font: { ...RESVG_FONTS, fontFiles: (Object.keys(FONT_FILES) as ExportFontFamily[]).map((f) => join(fontDir, FONT_FILES[f])) } })
  return r.render().asPng()
}
