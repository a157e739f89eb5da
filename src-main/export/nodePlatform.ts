import type { FigurePlatform } from '../../src-shared/figures/exportFigure'
import { svgToPdfNode } from './pdfNode'
import { ssrInit, svgToPng } from './renderChart'

/** Figures in Node: ECharts' SSR, resvg-js with the bundled fonts, jsPDF through jsdom. */
export const NODE_PLATFORM: FigurePlatform = {
  init: ssrInit,
  png: (svg, style) => svgToPng(svg, style),
  pdf: (svg, style, o) => svgToPdfNode(svg, style, o),
}
