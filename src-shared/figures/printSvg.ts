import type { EChartsOption } from 'echarts'
import type { Figure } from './model'
import { exportDraw } from './draw'
import { figureOption } from './figureOption'
import { centralToAlphabetic, exportFontOf, fontAscent, fontDescent, textWidth } from './measure'
import { layoutSize, physicalSize, pixelSize, type FigureStyle } from './style'

/**
 * From an ECharts option to the SVG of a printed figure, the same in Node
 * and in the browser: ECharts' own server-side SVG renderer draws it (the
 * caller hands in `init`, so this file stays free of a runtime), and the
 * result is made print-ready:
 * - nothing of the app: no hover styles or classes, no zoom slider, toolbox or tooltip;
 * - text placed by the export font's own metrics (start-anchored, on the
 *   alphabetic baseline, font as attributes), so SVG viewers, the PNG
 *   rasteriser and the PDF converter all put every label in the same spot;
 * - a physical size (cm or in) with the layout in the viewBox.
 */

export interface SsrChart {
  setOption(option: EChartsOption): void
  renderToSVGString(): string
  dispose(): void
}
export type SsrInit = (dom: null, theme: null, opts: { renderer: 'svg'; ssr: true; width: number; height: number }) => SsrChart

/** The option without anything interactive: what a file of the chart may contain. */
export function staticOption(option: EChartsOption): EChartsOption {
  const { dataZoom: _z, toolbox: _t, tooltip: _tt, brush: _b, axisPointer: _p, ...rest } = option as EChartsOption & Record<string, unknown>
  return { ...rest, animation: false }
}

/** ECharts' SVG of an option at a size in px. */
export function renderSsr(init: SsrInit, option: EChartsOption, size: { width: number; height: number }): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height })
  try {
    chart.setOption(staticOption(option))
    return chart.renderToSVGString()
  } finally {
    // Disposing stops ECharts' frame loop, which would otherwise keep a Node process alive.
    chart.dispose()
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
    return ENTITIES[e] ?? m
  })
}

function attrs(s: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const m of s.matchAll(/([\w:-]+)="([^"]*)"/g)) out.set(m[1]!, m[2]!)
  return out
}

function styleMap(s: string | undefined): Map<string, string> {
  const out = new Map<string, string>()
  for (const part of (s ?? '').split(';')) {
    const i = part.indexOf(':')
    if (i > 0) out.set(part.slice(0, i).trim(), part.slice(i + 1).trim())
  }
  return out
}

const num = (v: number) => String(Number(v.toFixed(3)))

/** One <text> with its anchor and baseline resolved by the font's metrics (see the file comment). */
function placeText(attributes: string, content: string): string | null {
  const a = attrs(attributes)
  const style = styleMap(a.get('style'))
  const family = style.get('font-family')?.replace(/['"]/g, '').split(',')[0]?.trim() ?? ''
  const size = Number((style.get('font-size') ?? '12').replace('px', ''))
  const font = exportFontOf(`${size}px ${family}`)
  if (!font) return null
  const text = decode(content)
  const anchor = a.get('text-anchor') ?? 'start'
  const baseline = a.get('dominant-baseline') ?? 'auto'
  const w = textWidth(text, font, size)
  const dx = anchor === 'middle' ? -w / 2 : anchor === 'end' ? -w : 0
  const dy =
    baseline === 'central' || baseline === 'middle'
      ? centralToAlphabetic(font, size)
      : baseline === 'hanging' || baseline === 'text-before-edge'
        ? fontAscent(font, size)
        : baseline === 'ideographic' || baseline === 'text-after-edge'
          ? -fontDescent(font, size)
          : 0
  const x = Number(a.get('x') ?? 0) + dx
  const y = Number(a.get('y') ?? 0) + dy
  const keep: string[] = []
  for (const [k, v] of a) {
    if (['x', 'y', 'style', 'text-anchor', 'dominant-baseline', 'class', 'pointer-events', 'cursor'].includes(k)) continue
    keep.push(`${k}="${v}"`)
  }
  const weight = style.get('font-weight')
  const fontAttrs = [`font-family="${font}"`, `font-size="${num(size)}"`, ...(weight && weight !== 'normal' && weight !== '400' ? [`font-weight="${weight}"`] : [])]
  for (const k of ['fill-opacity', 'opacity']) if (style.has(k)) fontAttrs.push(`${k}="${style.get(k)}"`)
  return `<text x="${num(x)}" y="${num(y)}" ${fontAttrs.join(' ')}${keep.length ? ' ' + keep.join(' ') : ''}>${content}</text>`
}

/** The print-ready SVG (see the file comment). */
export function printSvg(svg: string, style: Pick<FigureStyle, 'width' | 'height' | 'unit'>): string {
  const size = physicalSize(style)
  return svg
    .replace(/<style[\s\S]*?<\/style>/g, '')
    // Ids of clip paths and gradients count ECharts instances ("zr7-c0"): the same figure gets the same ids.
    .replace(/\bzr\d+-/g, 'zr0-')
    .replace(/ (class|pointer-events|cursor)="[^"]*"/g, '')
    .replace(/<text([^>]*)>([^<]*)<\/text>/g, (m, a: string, content: string) => placeText(a, content) ?? m)
    .replace(/^<svg width="[^"]*" height="[^"]*"/, `<svg width="${size.width}" height="${size.height}"`)
}

/** The same SVG sized in whole pixels, for the rasteriser: the PNG comes out at exactly the style's pixel size. */
export function pixelSvg(svg: string, style: Pick<FigureStyle, 'width' | 'height' | 'unit' | 'dpi'>): string {
  const px = pixelSize(style)
  return svg.replace(/^<svg width="[^"]*" height="[^"]*"/, `<svg width="${px.width}" height="${px.height}"`)
}

/** A figure drawn for print in a style: the option, and its print-ready SVG. */
export function figureSvg(init: SsrInit, fig: Figure, style: FigureStyle): { option: EChartsOption; svg: string } {
  const size = layoutSize(style)
  const option = figureOption(fig, exportDraw(style, size))
  return { option, svg: printSvg(renderSsr(init, option, size), style) }
}

/** PDF page size in pt of a style (1 pt = 1/72 in). */
export function pageSize(style: Pick<FigureStyle, 'width' | 'height' | 'unit'>): { width: number; height: number } {
  const l = layoutSize(style)
  return { width: (l.width * 72) / 96, height: (l.height * 72) / 96 }
}
