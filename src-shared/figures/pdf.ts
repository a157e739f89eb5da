import { EXPORT_FONT_FAMILIES, type ExportFontFamily } from './measure'
import { pageSize } from './printSvg'
import type { FigureStyle } from './style'

/**
 * A print-ready SVG (printSvg.ts) as a vector PDF, by jsPDF and svg2pdf.js,
 * with the export fonts embedded (TrueType, subset by jsPDF, with a
 * ToUnicode map): text stays text that can be selected and extracted.
 * Node and the browser pass in their own jsPDF build and an SVG parser
 * (jsdom, the browser's DOMParser); what is drawn depends only on the SVG,
 * so both write the same bytes. The creation date is the caller's, so a
 * figure exported twice is the same file.
 */

export interface PdfDoc {
  addFileToVFS(name: string, data: string): unknown
  addFont(file: string, family: string, style: string): unknown
  setCreationDate(date: Date): unknown
  setFileId(id: string): unknown
  setDocumentProperties(p: { title?: string; creator?: string }): unknown
  output(type: 'arraybuffer'): ArrayBuffer
}

export interface PdfDeps<E> {
  newDoc(o: { unit: 'pt'; format: [number, number]; orientation: 'landscape' | 'portrait'; compress: true; putOnlyUsedFonts: true }): PdfDoc
  svg2pdf(element: E, doc: PdfDoc, o: { x: number; y: number; width: number; height: number }): Promise<unknown>
  parse(svg: string): E
  /** The TrueType file of an export font. */
  font(family: ExportFontFamily): Uint8Array
}

function binaryString(bytes: Uint8Array): string {
  let s = ''
  const chunk = 0x8000
  for (let i = 0; i < bytes.length; i += chunk) s += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + chunk)))
  return s
}

/** A stable file id from the SVG text (FNV-1a, 4 x 32 bits), so identical figures are identical files. */
function fileId(text: string): string {
  const out: string[] = []
  for (let seed = 0; seed < 4; seed++) {
    let h = (0x811c9dc5 ^ seed) >>> 0
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i)
      h = Math.imul(h, 0x01000193) >>> 0
    }
    out.push(h.toString(16).padStart(8, '0'))
  }
  return out.join('').toUpperCase()
}

export async function svgToPdf<E>(deps: PdfDeps<E>, svg: string, style: Pick<FigureStyle, 'width' | 'height' | 'unit' | 'fontFamily'>, o: { title?: string; date?: Date } = {}): Promise<Uint8Array> {
  const page = pageSize(style)
  const doc = deps.newDoc({ unit: 'pt', format: [page.width, page.height], orientation: page.width >= page.height ? 'landscape' : 'portrait', compress: true, putOnlyUsedFonts: true })
  for (const family of EXPORT_FONT_FAMILIES) {
    if (!svg.includes(`font-family="${family}"`)) continue
    const file = `${family.replace(/ /g, '')}.ttf`
    doc.addFileToVFS(file, binaryString(deps.font(family)))
    // One weight is embedded; bold text (if any) is drawn with it, as the PNG rasteriser draws it.
    doc.addFont(file, family, 'normal')
    doc.addFont(file, family, 'bold')
  }
  await deps.svg2pdf(deps.parse(svg), doc, { x: 0, y: 0, width: page.width, height: page.height })
  doc.setDocumentProperties({ ...(o.title ? { title: o.title } : {}), creator: 'nw-workbench' })
  doc.setCreationDate(o.date ?? new Date(0))
  doc.setFileId(fileId(svg))
  return new Uint8Array(doc.output('arraybuffer'))
}
