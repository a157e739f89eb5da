import { init, setPlatformAPI } from 'echarts/core'
import '../charts/echarts'
import type { FigurePlatform } from '../../src-shared/figures/exportFigure'
import { exportMeasureText, type ExportFontFamily } from '../../src-shared/figures/measure'
import { svgToPdf } from '../../src-shared/figures/pdf'
import { pixelSvg, type SsrInit } from '../../src-shared/figures/printSvg'

/**
 * Figures in the browser (the desktop app and browser mode), drawing the
 * same bytes as the command line: ECharts' SSR with text measured by the
 * export fonts' metrics (see measure.ts), resvg compiled to WebAssembly
 * (the same resvg as the command line's native build) with the same font
 * files, and jsPDF + svg2pdf.js over the browser's own DOM. The rasteriser
 * and the fonts are inlined in chunks loaded on first export, so the page
 * itself stays small and nothing is fetched from a file:// URL.
 */

let canvas: CanvasRenderingContext2D | null | undefined
function canvasWidth(text: string, font: string): number {
  if (canvas === undefined) canvas = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d')
  if (!canvas) return text.length * 0.6 * Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12)
  canvas.font = font
  return canvas.measureText(text).width
}

// The screen's own fonts keep the canvas's measure; only the export fonts go by their tables.
setPlatformAPI({ measureText: exportMeasureText(canvasWidth) })

export const browserInit: SsrInit = (dom, theme, opts) => init(dom, theme, opts)

function base64Bytes(b64: string): Uint8Array {
  const bin = atob(b64)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

const fonts = new Map<ExportFontFamily, Promise<Uint8Array>>()
export function fontBytes(family: ExportFontFamily): Promise<Uint8Array> {
  let f = fonts.get(family)
  if (!f) {
    f = (family === 'DejaVu Serif' ? import('virtual:export-asset/dejavu-serif') : import('virtual:export-asset/dejavu-sans')).then((m) => base64Bytes(m.default))
    fonts.set(family, f)
  }
  return f
}

let resvg: Promise<typeof import('@resvg/resvg-wasm')> | null = null
function loadResvg() {
  resvg ??= (async () => {
    const [mod, wasm] = await Promise.all([import('@resvg/resvg-wasm'), import('virtual:export-asset/resvg-wasm')])
    await mod.initWasm(base64Bytes(wasm.default))
    return mod
  })()
  return resvg
}

let pdfLibs: Promise<{ jsPDF: typeof import('jspdf').jsPDF; svg2pdf: typeof import('svg2pdf.js').svg2pdf }> | null = null
function loadPdf() {
  pdfLibs ??= Promise.all([import('jspdf'), import('svg2pdf.js')]).then(([a, b]) => ({ jsPDF: a.jsPDF, svg2pdf: b.svg2pdf }))
  return pdfLibs
}

export const BROWSER_PLATFORM: FigurePlatform = {
  init: browserInit,
  async png(svg, style) {
    const [{ Resvg }, sans, serif] = await Promise.all([loadResvg(), fontBytes('DejaVu Sans'), fontBytes('DejaVu Serif')])
    const r = new Resvg(pixelSvg(svg, style), { font: { loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans', fontBuffers: [sans, serif] } })
    const img = r.render()
    const png = img.asPng()
    img.free()
    r.free()
    return png
  },
  async pdf(svg, style, o) {
    const [{ jsPDF, svg2pdf }, sans, serif] = await Promise.all([loadPdf(), fontBytes('DejaVu Sans'), fontBytes('DejaVu Serif')])
    return svgToPdf(
      {
        newDoc: (opts) => new jsPDF(opts) as never,
        svg2pdf: (el, doc, opts) => svg2pdf(el as Element, doc as never, opts),
        parse: (text) => new DOMParser().parseFromString(text, 'image/svg+xml').documentElement,
        font: (family) => (family === 'DejaVu Serif' ? serif : sans),
      },
      svg,
      style,
      o,
    )
  },
}
