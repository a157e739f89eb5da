import type { EChartsOption, SeriesOption } from 'echarts'
import { graphic } from 'echarts/core'
import { appendAll } from '../../src-shared/arrays'
import { isolatedEstimates } from '../../src-shared/charts/fitChart'
import { heatmapChartOption } from '../../src-shared/charts/heatmapChart'
import { formatShort, type ChartTheme } from '../../src-shared/charts/theme'
import { formatWeight } from '../../src-shared/figures/figureOption'
import { APP_FONT_FAMILY, screenDraw } from '../../src-shared/figures/draw'
import { kernelGrid } from '../../src-shared/charts/kernelChart'
import { kernelInfo, sampleKernel } from '../../src-shared/engine/kernels'
import { cellImage } from './heatmapImage'
import { lineElement, markerElements, OVER, toPixels, UNDER, type LayerElement, type LayerView, type LiveLayers } from './layers'
import { curveName, liveFitOption, liveKernelOption, PINNED_COLOR, probeKernelXs, SHADE_FLOOR, type LiveFitInput } from './liveCharts'
import type { HeatmapView, LiveFrame } from './protocol'

/**
 * The live fit and heatmap as a frame and its layers (see layers.ts): the
 * frame is the shared figure's option without what depends on sigma, built
 * from what does not (the data's extent, the drawn training points), so it
 * is the same option from one sigma to the next and ECharts is not asked to
 * redraw it; the layers draw the rest as the same option would have.
 */

const NONE = new Float64Array(0)
const draw = (t: ChartTheme) => screenDraw(t)

/** The fit's frame: axes from the data's extent, legend, baseline and training points; the curves' series left empty. */
export function fitFrameOption(input: LiveFitInput, t: ChartTheme, current: () => LiveFitInput | null = () => input): EChartsOption {
  const { frame, pinned } = input
  const ext = frame.extent
  const atExtent: LiveFrame = {
    ...frame,
    xs: Float64Array.from(ext.xQuery),
    yHat: Float64Array.of(NaN, NaN),
    yTruth: ext.yTruth ? Float64Array.from(ext.yTruth) : null,
  }
  const option = liveFitOption({ ...input, frame: atExtent, probe: null, pinned: pinned ? { ...pinned, frame: { ...pinned.frame, xs: NONE, yHat: NONE } } : null }, t)
  const curves = new Set(['Truth', curveName(input), ...(pinned ? [pinned.label] : [])])
  // Each curve's series keeps a point without a value at each drawn training point: nothing is drawn, but
  // ECharts's axis hover finds the curves where it finds the points, so the tooltip gets each curve's colour
  // marker (the page's style policy allows only rich-text tooltips, whose markers ECharts alone can make).
  const hoverPoints = Array.from(frame.xTrain, (x) => [x, null])
  for (const s of option.series as SeriesOption[]) if (s.type === 'line' && curves.has(String(s.name))) s.data = hoverPoints
  // The hover lists the curves too, read from the frame on screen when it shows (the frame's option outlives many frames).
  option.tooltip = { ...(option.tooltip as object), formatter: (params: unknown) => fitTooltip(params as TooltipParam[], current()) }
  return option
}

interface TooltipParam {
  axisValue?: number | string
  marker?: string
  seriesName?: string
  value?: unknown
}

/** The query nearest x on a curve drawn ascending in x (-1 for none). */
function nearestIndex(xs: Float64Array, x: number): number {
  if (xs.length === 0) return -1
  let lo = 0
  let hi = xs.length - 1
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (xs[mid]! < x) lo = mid
    else hi = mid
  }
  return Math.abs(xs[lo]! - x) <= Math.abs(xs[hi]! - x) ? lo : hi
}

/**
 * The axis tooltip: x, then each curve's value nearest x (the frame's
 * curves hold no values: they are read from the frame on screen) with the
 * marker ECharts made for its series, then what else ECharts found
 * (baseline, training points).
 */
export function fitTooltip(params: TooltipParam[], input: LiveFitInput | null): string {
  const x = Number(params[0]?.axisValue)
  const lines = [Number.isFinite(x) ? formatShort(x) : '']
  const value = (v: number | null) => (v === null ? '—' : formatShort(v))
  const curves = new Set<string>()
  if (input && Number.isFinite(x)) {
    const f = input.frame
    const marker = (name: string) => {
      curves.add(name)
      return params.find((p) => p.seriesName === name)?.marker ?? ''
    }
    // Each curve is read at its query nearest x; where that query is not x as shown (the axis snapped to a
    // training point between queries), the line says where it was read, so no value passes for another x's.
    const at = (xs: Float64Array, ys: Float64Array | null) => {
      const i = ys ? nearestIndex(xs, x) : -1
      if (i < 0) return '—'
      const v = value(Number.isFinite(ys![i]!) ? ys![i]! : null)
      return formatShort(xs[i]!) === lines[0] ? v : `${v} (at x = ${formatShort(xs[i]!)})`
    }
    if (f.yTruth) lines.push(`${marker('Truth')}Truth  ${at(f.xs, f.yTruth)}`)
    const name = curveName(input)
    lines.push(`${marker(name)}${name}  ${at(f.xs, f.yHat)}`)
    if (input.pinned) lines.push(`${marker(input.pinned.label)}${input.pinned.label}  ${at(input.pinned.frame.xs, input.pinned.frame.yHat)}`)
  }
  for (const p of params) {
    if (p.seriesName !== undefined && curves.has(p.seriesName)) continue
    const v = Array.isArray(p.value) ? (p.value as unknown[])[1] : p.value
    lines.push(`${p.marker ?? ''}${p.seriesName ?? ''}  ${typeof v === 'number' ? formatShort(v) : String(v)}`)
  }
  return lines.join('\n')
}

/** What the fit draws over its frame: the truth, the prediction (and its lone points), a pinned A, the probe. */
export function fitLayers(input: LiveFitInput, t: ChartTheme): LiveLayers {
  const { frame, pinned, probe } = input
  const d = draw(t)
  const name = curveName(input)
  return (view: LayerView) => {
    const out: LayerElement[] = []
    const shown = (s: string) => view.shown(s)
    if (probe) {
      // The kernel centred on the query, in the bottom third (an axis from 0 to 1 / 0.3 in the shared option).
      const bottom = view.grid.y + view.grid.height
      const profile = kernelInfo(probe.kernel).profile
      const xs = probeKernelXs(frame)
      const ys = xs.map((x) => bottom - 0.3 * profile((x - probe.query) / probe.sigma) * view.grid.height)
      const px = xs.map((x) => view.x(x))
      appendAll(out, lineElement(view, { xs: px, ys }, { color: t.highlight, width: 1, area: { baseline: bottom, opacity: 0.12 } }, 1))
    }
    if (frame.yTruth && shown('Truth')) appendAll(out, lineElement(view, toPixels(view, frame.xs, frame.yTruth), { color: t.truth, width: d.lineWidth, dash: 'dashed' }, 2))
    if (shown(name)) {
      appendAll(out, lineElement(view, toPixels(view, frame.xs, frame.yHat), { color: t.prediction, width: d.lineWidth }, 3))
      const lone = isolatedEstimates(frame.xs, frame.yHat)
      appendAll(out, markerElements(view, lone.x, lone.y, t.prediction, () => 0.45 * d.fonts.tick, () => 0.5, 3))
    }
    if (pinned && shown(pinned.label)) {
      appendAll(out, lineElement(view, toPixels(view, pinned.frame.xs, pinned.frame.yHat), { color: PINNED_COLOR(t), width: 2, dash: 'dashed' }, 4))
    }
    if (probe) {
      const line = new graphic.Line({ shape: { x1: view.x(probe.query), y1: view.grid.y, x2: view.x(probe.query), y2: view.grid.y + view.grid.height }, silent: true, zlevel: OVER, z: 6 })
      line.useStyle({ stroke: t.highlight, lineWidth: 1 })
      out.push(line)
      const w = probe.shading
      let max = 0
      for (let k = 0; k < w.length; k++) if (w[k]! > max) max = w[k]!
      const keys: number[] = []
      for (let k = 0; k < w.length && max > 0; k++) if (w[k]! / max >= SHADE_FLOOR) keys.push(k)
      const s = (i: number) => w[keys[i]!]! / max
      appendAll(out, markerElements(view, keys.map((k) => frame.xTrain[k]!), keys.map((k) => frame.yTrain[k]!), t.highlight, (i) => 4 + 10 * Math.sqrt(s(i)), (i) => 0.15 + 0.85 * s(i), 6))
    }
    return out
  }
}


/**
 * The colour bar's width is laid out for the widest label formatWeight
 * writes ("0.00128"), so the plot keeps its place while the top weight
 * changes with sigma.
 */
const LAYOUT_SCALE = 0.00888

/** The heatmap's frame: axes and their rank labels, with no cells and no colour bar (the layers draw both). */
export function heatFrameOption(h: HeatmapView, t: ChartTheme, counts: { keys: number; queries: number }): EChartsOption {
  const blank: HeatmapView = { ...h, values: new Float64Array(h.rows * h.cols), max: LAYOUT_SCALE }
  // The axes give the keys' and queries' ranks (their counts), not the cells'.
  const option = heatmapChartOption({ heatmap: blank, animation: false, scaleMax: LAYOUT_SCALE, ...counts }, t)
  for (const s of option.series as SeriesOption[]) if (s.type === 'heatmap') s.data = []
  const maps = option.visualMap as Record<string, unknown>[] | undefined
  if (maps) option.visualMap = maps.map((m) => ({ ...m, show: false }))
  // Nothing to hover: the cells are an image.
  option.tooltip = { show: false }
  return option
}

/** The cells as an image under the frame's transparent canvas, and the colour bar where ECharts's visual map puts it. */
export function heatLayers(h: HeatmapView, t: ChartTheme, scaleMax?: number): LiveLayers {
  const max = scaleMax ?? (h.max > 0 ? h.max : 1)
  const d = draw(t)
  return (view: LayerView) => {
    const { grid } = view
    const image = new graphic.Image({ style: { image: cellImage(h, t.heat, max, grid), x: grid.x, y: grid.y, width: grid.width, height: grid.height }, silent: true, zlevel: UNDER })
    return [image, ...colorBar(view, t, d.fonts.tick, formatWeight(max))]
  }
}

/**
 * ECharts 6's default padding of a visual map (its design token size.m; it
 * was 5 in ECharts 5). Its box, padding included, sits at right: 4.
 */
const VISUAL_MAP_PADDING = 15

/**
 * The continuous visual map's bar as ECharts draws it for the shared option
 * on screen (right: 4, top: 'middle', 12 x 140, its padding, the weight
 * above and 0 below, 0.3 of a tick font apart). A test renders the option
 * with ECharts and compares.
 */
export function colorBar(view: LayerView, t: ChartTheme, font: number, top: string): LayerElement[] {
  const itemW = 12
  const itemH = 140
  const gap = font * 0.3
  const padding = VISUAL_MAP_PADDING
  const text = (s: string, x: number, y: number, verticalAlign: 'top' | 'bottom') =>
    new graphic.Text({ style: { text: s, x, y, align: 'center', verticalAlign, fontFamily: APP_FONT_FAMILY, fontSize: font, fill: t.subtleText }, silent: true, zlevel: OVER })
  const upper = text(top, 0, 0, 'bottom')
  const lower = text('0', 0, 0, 'top')
  const a = upper.getBoundingRect()
  const b = lower.getBoundingRect()
  const width = Math.max(itemW, a.width, b.width)
  const height = a.height + gap + itemH + gap + b.height
  const cx = view.width - 4 - padding - width / 2
  // Not rounded: ECharts places the box at (height - box) / 2 exactly.
  const y0 = (view.height - height) / 2 + a.height + gap
  upper.attr({ style: { x: cx, y: y0 - gap } })
  lower.attr({ style: { x: cx, y: y0 + itemH + gap } })
  const stops = t.heat.map((c, i) => ({ offset: 1 - i / (t.heat.length - 1), color: c }))
  const bar = new graphic.Rect({ shape: { x: cx - itemW / 2, y: y0, width: itemW, height: itemH }, silent: true, zlevel: OVER })
  bar.useStyle({ fill: new graphic.LinearGradient(0, 0, 0, 1, stops) })
  return [bar, upper, lower]
}

export type KernelLine = Parameters<typeof liveKernelOption>[0][number]

/** The kernel panel's frame: axes over the distances the kernels reach; no curves, and the legend left to the layers (it names sigma). */
export function kernelFrameOption(kernels: KernelLine[], t: ChartTheme): EChartsOption {
  const option = liveKernelOption(kernels, t)
  for (const s of option.series as SeriesOption[]) s.data = []
  // Hidden, not removed: the plot keeps the room the legend's row takes.
  option.legend = { ...(option.legend as object), show: false }
  return option
}

/** What a kernel frame depends on: the distances drawn, and how many kernels in which colours (not sigma itself). */
export function kernelFrameKey(kernels: KernelLine[]): string {
  return `${kernelReach(kernels)}|${kernels.map((k) => `${k.color ?? ''}:${k.id === 'boxcar'}`).join(',')}`
}

function kernelReach(kernels: KernelLine[]): number {
  let reach = 2.5
  for (const k of kernels) reach = Math.max(reach, 2.5 * k.sigma)
  return reach
}

/** The kernels' curves, and the legend naming them, as the shared kernel option draws them. */
export function kernelLayers(kernels: KernelLine[], t: ChartTheme): LiveLayers {
  const d = draw(t)
  const reach = kernelReach(kernels)
  const xs = kernelGrid([-reach, reach])
  return (view: LayerView) => {
    const out: LayerElement[] = []
    const colors = kernels.map((k, i) => k.color ?? t.palette[i % t.palette.length]!)
    kernels.forEach((k, i) => {
      if (!view.shown(k.label)) return
      const ys = sampleKernel(k.id, xs, k.sigma)
      appendAll(out, lineElement(view, toPixels(view, xs, ys), { color: colors[i]!, width: d.lineWidth, step: k.id === 'boxcar' }, 4))
    })
    appendAll(out, legendRow(view, kernels.map((k, i) => ({ name: k.label, color: colors[i]! })), d.fonts.legend, t.text, legendTop(view)))
    return out
  }
}

/** The shared option's legend row: its top is the figure's, kept in the frame's hidden legend. */
function legendTop(view: LayerView): number {
  return view.legendTop ?? 0
}

/**
 * A legend row of line series as ECharts draws it (left: 'center', items of
 * an icon itemWidth wide, a gap of 5, the name, itemGap between items; a
 * line icon of width 2 through the middle).
 */
function legendRow(view: LayerView, items: { name: string; color: string }[], font: number, color: string, top: number): LayerElement[] {
  const itemW = font * 2
  const itemH = font * 0.8
  const gap = font
  const texts = items.map(
    (it) => new graphic.Text({ style: { text: it.name, x: 0, y: 0, verticalAlign: 'middle', fontFamily: APP_FONT_FAMILY, fontSize: font, fill: color }, silent: true, zlevel: OVER }),
  )
  // The row's box starts at `top`: a text taller than the icon sets its height, both centred in it.
  let rowH = itemH
  for (const tx of texts) rowH = Math.max(rowH, tx.getBoundingRect().height)
  const mid = top + rowH / 2
  let total = 0
  texts.forEach((tx, i) => (total += (i > 0 ? gap : 0) + itemW + 5 + tx.getBoundingRect().width))
  let x = Math.round((view.width - total) / 2)
  const out: LayerElement[] = []
  texts.forEach((tx, i) => {
    const icon = new graphic.Line({ shape: { x1: x, y1: mid, x2: x + itemW, y2: mid }, silent: true, zlevel: OVER })
    icon.useStyle({ stroke: items[i]!.color, lineWidth: 2 })
    tx.attr({ style: { x: x + itemW + 5, y: mid } })
    out.push(icon, tx)
    x += itemW + 5 + tx.getBoundingRect().width + gap
  })
  return out
}
