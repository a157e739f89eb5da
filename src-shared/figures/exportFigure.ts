import type { Figure } from './model'
import { figureSvg, type SsrInit } from './printSvg'
import { figurePython } from './python'
import type { FigureStyle } from './style'
import { figureCsv, zipFiles, type ExportFile } from './tidyCsv'

/**
 * One figure as files, the same way in the app, the command line and browser
 * mode: each platform brings ECharts' SVG renderer, a rasteriser and a PDF
 * writer (resvg-js and jsdom in Node, resvg-wasm and the DOM in a browser);
 * everything else, from layout to the SVG text, is this shared code.
 */
export type FigureFormat = 'svg' | 'png' | 'pdf' | 'csv' | 'py'
export const FIGURE_FORMATS = ['svg', 'png', 'pdf', 'csv', 'py'] as const satisfies readonly FigureFormat[]

export interface FigurePlatform {
  init: SsrInit
  png(svg: string, style: FigureStyle): Uint8Array | Promise<Uint8Array>
  pdf(svg: string, style: FigureStyle, o: { title?: string; date?: Date }): Promise<Uint8Array>
}

/**
 * The files of a figure in a format: one SVG, PNG or PDF; the CSV (or a zip
 * of one CSV per panel); or the Python script with its data folder (as
 * separate files: the command line writes them, the app zips them).
 */
export async function exportFigure(platform: FigurePlatform, fig: Figure, style: FigureStyle, format: FigureFormat, o: { date?: Date } = {}): Promise<ExportFile[]> {
  if (format === 'csv') return [figureCsv(fig)]
  if (format === 'py') return figurePython(fig, style)
  const { svg } = figureSvg(platform.init, fig, style)
  if (format === 'svg') return [{ name: `${fig.name}.svg`, data: svg }]
  if (format === 'png') return [{ name: `${fig.name}.png`, data: await platform.png(svg, style) }]
  return [{ name: `${fig.name}.pdf`, data: await platform.pdf(svg, style, { ...(fig.title ? { title: fig.title } : {}), ...(o.date ? { date: o.date } : {}) }) }]
}

/** Several files as one download: the file itself, or a zip of them. */
export function oneFile(files: ExportFile[], zipName: string): ExportFile {
  return files.length === 1 ? files[0]! : { name: zipName, data: zipFiles(files) }
}
