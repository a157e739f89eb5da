import { textWidth } from '../../src-shared/figures/measure'
import { svgToPdf } from '../../src-shared/figures/pdf'
import type { FigureStyle } from '../../src-shared/figures/style'
import { fontFile } from './renderChart'

/**
 * PDF in Node: svg2pdf.js reads the SVG through a DOM, here jsdom's. It
 * also measures every text for bounding boxes it keeps (unused for what it
 * draws, which the print-ready SVG has placed already): jsdom does no
 * layout, so measuring goes by the export fonts' metrics. Loaded on first
 * use: the command line pays for jsdom and jsPDF only when it writes a PDF.
 */
type Jsdom = typeof import('jsdom')

let loaded: Promise<{ jsdom: InstanceType<Jsdom['JSDOM']>; jsPDF: typeof import('jspdf').jsPDF; svg2pdf: typeof import('svg2pdf.js').svg2pdf }> | null = null

function load() {
  loaded ??= (async () => {
    const { JSDOM, VirtualConsole } = await import('jsdom')
    const jsdom = new JSDOM('<!doctype html><html><body></body></html>', { virtualConsole: new VirtualConsole() })
    const w = jsdom.window
    const measure = (text: string, font: string) => textWidth(text, 'DejaVu Sans', Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12))
    Object.defineProperty(w.SVGElement.prototype, 'getBBox', {
      value(this: Element) {
        return { x: 0, y: 0, width: measure(this.textContent ?? '', `${this.getAttribute('font-size') ?? 12}px`), height: 0 }
      },
    })
    Object.defineProperty(w.HTMLCanvasElement.prototype, 'getContext', {
      value() {
        return { font: '12px', measureText(this: { font: string }, t: string) { return { width: measure(t, this.font) } } }
      },
    })
    const { jsPDF } = await import('jspdf')
    const { svg2pdf } = (await import('svg2pdf.js/dist/svg2pdf.es.min.js')) as typeof import('svg2pdf.js')
    return { jsdom, jsPDF, svg2pdf }
  })()
  return loaded
}

export async function svgToPdfNode(svg: string, style: Pick<FigureStyle, 'width' | 'height' | 'unit' | 'fontFamily'>, o: { title?: string; date?: Date } = {}): Promise<Uint8Array> {
  const { jsdom, jsPDF, svg2pdf } = await load()
  const g = globalThis as { document?: unknown }
  const before = g.document
  // svg2pdf.js parses style sheets and measures text through the global document.
  g.document = jsdom.window.document
  try {
    return await svgToPdf(
      {
        newDoc: (opts) => new jsPDF(opts) as never,
        svg2pdf: (el, doc, opts) => svg2pdf(el as never, doc as never, opts),
        parse: (text) => new jsdom.window.DOMParser().parseFromString(text, 'image/svg+xml').documentElement,
        font: (family) => new Uint8Array(fontFile(family)),
      },
      svg,
      style,
      o,
    )
  } finally {
    g.document = before
  }
}
