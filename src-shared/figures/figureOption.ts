import type { EChartsOption, SeriesOption } from 'echarts'
import { formatShort } from '../charts/theme'
import type { DrawParams } from './draw'
import { figureLayout, heatLabelSamples, type CellLayout, type Rect } from './layout'
import { heatMax, type Figure, type HeatPanel, type Panel, type TextPanel, type XYPanel, type XYSeries } from './model'
import { formatTicks, integerTicks, niceTicks, tickFormatter, type PanelTicks, type Ticks } from './ticks'

export type { PanelTicks } from './ticks'

/**
 * A figure as one ECharts option: its panels in a grid (one grid each),
 * a shared title and legend, aligned axes with nice ticks, and the colour
 * bars its colour scale asks for. The screen draws a single panel with it
 * at any size; exports draw any figure at a known size.
 */

type Ax = Record<string, unknown>

export const MIN_DASH = 'dashed'

/** Ticks of an axis (none for a log axis, which ECharts labels by decades). */
export function axisTicks(a: { min: number; max: number; integer?: boolean; log?: boolean }, target = 5): Ticks | null {
  if (a.log) return null
  return a.integer ? integerTicks(a.min, a.max, target) : niceTicks(a.min, a.max, target)
}

/** Weights as they read on a colour bar or a hover: 3 significant digits, never rounded to 0. */
export function formatWeight(v: number): string {
  if (!Number.isFinite(v)) return String(v)
  return formatShort(v)
}

/** Rank labels of heatmap blocks: block c starts at sorted index floor(c n / blocks). */
export function blockStartRank(c: number, count: number, blocks: number): number {
  return Math.floor((c * count) / blocks) + 1
}

/** The blocks that get a rank label: those starting at a nice rank (1, 10, 20, ... for 50 points). */
export function labelledBlocks(count: number, blocks: number, target = 5): Set<number> {
  const t = integerTicks(1, count, Math.max(1, target))
  const wanted = t.values.filter((r) => r >= 1 && r <= count)
  if (!wanted.includes(1)) wanted.unshift(1)
  const out = new Set<number>()
  for (const r of wanted) out.add(Math.min(blocks - 1, Math.floor(((r - 1) * blocks) / count)))
  return out
}

function maxLabelWidth(d: DrawParams, labels: string[]): number {
  let w = 0
  for (const l of labels) w = Math.max(w, d.measure(l, d.fonts.tick))
  return w
}

function rankLabels(edges: ArrayLike<number>, count: number, blocks: number): string[] {
  return Array.from({ length: blocks }, (_, c) => `${blockStartRank(c, count, blocks)}\n(${formatShort(edges[c]!)})`)
}

function pairs(x: ArrayLike<number>, y: ArrayLike<number | null>): (number | null)[][] {
  const out: (number | null)[][] = new Array(x.length)
  for (let i = 0; i < x.length; i++) {
    const v = y[i]
    out[i] = [x[i]!, v === null || v === undefined || Number.isNaN(v) ? null : v]
  }
  return out
}

/** Rows of panels share a y range when the figure asks (the chapter's sharey). */
function sharedY(fig: Figure): Map<Panel, { min: number; max: number }> {
  const out = new Map<Panel, { min: number; max: number }>()
  if (!fig.shareY) return out
  for (let start = 0; start < fig.panels.length; start += fig.columns) {
    const row = fig.panels.slice(start, start + fig.columns).filter((p): p is XYPanel => p.kind === 'xy')
    if (row.length < 2) continue
    let min = Infinity
    let max = -Infinity
    for (const p of row) {
      min = Math.min(min, p.y.min)
      max = Math.max(max, p.y.max)
    }
    for (const p of row) out.set(p, { min, max })
  }
  return out
}


function ticksOf(fig: Figure): Map<Panel, PanelTicks> {
  const shared = sharedY(fig)
  const out = new Map<Panel, PanelTicks>()
  for (const p of fig.panels) {
    if (p.kind !== 'xy') continue
    const y = shared.get(p) ?? p.y
    out.set(p, { x: axisTicks(p.x), y: axisTicks({ ...p.y, ...y }), y2: p.y2 ? axisTicks(p.y2) : null })
  }
  return out
}

/** The colour scale's top for each heatmap: its own maximum, or the figure's. */
export function heatScales(fig: Figure): Map<HeatPanel, number> {
  const heats = fig.panels.filter((p): p is HeatPanel => p.kind === 'heatmap')
  let shared = 0
  for (const h of heats) shared = Math.max(shared, heatMax(h))
  return new Map(heats.map((h) => [h, h.scaleMax ?? ((fig.colorScale === 'shared' ? shared : heatMax(h)) || 1)]))
}

/** Names in the figure's legend, in order of first appearance. */
export function legendNames(fig: Figure): string[] {
  const names: string[] = []
  if (fig.legend === false) return names
  for (const p of fig.panels) {
    if (p.kind !== 'xy') continue
    for (const s of p.series) if (s.legend !== false && !names.includes(s.name)) names.push(s.name)
  }
  return names
}

function textStyle(d: DrawParams, size: number, color = d.theme.text) {
  return { fontFamily: d.fontFamily, fontSize: size, color }
}

function valueAxis(d: DrawParams, grid: number, label: string, t: Ticks | null, log: boolean | undefined, nameGap: number, position?: 'right'): Ax {
  return {
    type: log ? 'log' : 'value',
    gridIndex: grid,
    ...(position ? { position } : {}),
    ...(t ? { min: t.min, max: t.max, interval: t.step } : { scale: true }),
    name: label,
    nameLocation: 'middle',
    nameGap,
    nameTextStyle: textStyle(d, d.fonts.label, d.theme.subtleText),
    axisLine: { show: true, onZero: false, lineStyle: { color: d.theme.axis, width: d.axisWidth } },
    axisTick: { show: true, length: d.fonts.tick * 0.35, lineStyle: { color: d.theme.axis, width: d.axisWidth } },
    axisLabel: {
      ...textStyle(d, d.fonts.tick, d.theme.subtleText),
      margin: d.fonts.tick * 0.4,
      showMinLabel: true,
      showMaxLabel: true,
      hideOverlap: false,
      formatter: t ? tickFormatter(t) : (v: number) => formatTicks([v], v)[0]!,
    },
    splitLine: { show: d.interactive, lineStyle: { color: d.theme.grid, width: d.axisWidth } },
  }
}

function seriesOption(s: XYSeries, d: DrawParams, xAxisIndex: number, yAxisIndex: number): SeriesOption {
  const common = { name: s.name, xAxisIndex, yAxisIndex, silent: !d.interactive, animation: false, ...(d.interactive ? {} : { emphasis: { disabled: true } }) }
  if (s.type === 'cells') {
    const data: number[][] = new Array(s.x.length)
    for (let i = 0; i < s.x.length; i++) data[i] = [s.x[i]! - s.dx, s.y[i]! - s.dy, s.x[i]! + s.dx, s.y[i]! + s.dy, i]
    return {
      ...common,
      type: 'custom',
      data,
      encode: { x: [0, 2], y: [1, 3] },
      clip: true,
      progressive: 0,
      z: 1,
      renderItem: (_params: unknown, api: { value(k: number): number; coord(p: number[]): number[] }) => {
        const p0 = api.coord([api.value(0), api.value(1)])
        const p1 = api.coord([api.value(2), api.value(3)])
        // Half a pixel more on each side, so neighbouring cells leave no seams.
        return {
          type: 'rect',
          shape: { x: Math.min(p0[0]!, p1[0]!) - 0.25, y: Math.min(p0[1]!, p1[1]!) - 0.25, width: Math.abs(p1[0]! - p0[0]!) + 0.5, height: Math.abs(p1[1]! - p0[1]!) + 0.5 },
          style: { fill: s.fill[api.value(4)] },
        }
      },
    } as unknown as SeriesOption
  }
  if (s.type === 'scatter') {
    const data: number[][] = new Array(s.x.length)
    for (let i = 0; i < s.x.length; i++) data[i] = [s.x[i]!, s.y[i]!]
    return {
      ...common,
      type: 'scatter',
      data,
      symbolSize: (s.size ?? 0.5) * d.fonts.tick,
      itemStyle: { color: s.color, opacity: s.opacity ?? 0.5 },
      // Points under the curves: at large n they would hide the prediction and the truth.
      z: 2,
      large: s.x.length > 2000,
    }
  }
  const width = (s.width ?? 1) * d.lineWidth
  return {
    ...common,
    type: 'line',
    yAxisIndex: s.yAxis === 1 ? yAxisIndex + 1 : yAxisIndex,
    data: pairs(s.x, s.y),
    showSymbol: s.markers === true,
    // No marker unless drawn: the legend then shows the line as it is (dashed or not).
    symbol: s.markers ? 'circle' : 'none',
    symbolSize: width * 2.2,
    connectNulls: false,
    step: s.step ? 'middle' : false,
    lineStyle: { color: s.color, width, type: s.dash ?? 'solid' },
    itemStyle: { color: s.color },
    z: 4,
  }
}

interface Built {
  grid: Ax[]
  xAxis: Ax[]
  yAxis: Ax[]
  series: SeriesOption[]
  visualMap: Ax[]
  title: Ax[]
  graphic: Ax[]
}

function gridOf(r: Rect): Ax {
  return r.width === undefined ? { left: r.left, right: r.right, top: r.top, bottom: r.bottom } : { left: r.left, top: r.top, width: r.width, height: r.height }
}

function addXY(b: Built, p: XYPanel, t: PanelTicks, d: DrawParams, plot: Rect, gaps: CellLayout['gaps']) {
  const grid = b.grid.length
  b.grid.push({ ...gridOf(plot), containLabel: false })
  const xi = b.xAxis.length
  b.xAxis.push(valueAxis(d, grid, p.x.label, t.x, p.x.log, gaps.x))
  const yi = b.yAxis.length
  b.yAxis.push(valueAxis(d, grid, p.y.label, t.y, p.y.log, gaps.y))
  if (p.y2) b.yAxis.push({ ...valueAxis(d, grid, p.y2.label, t.y2, p.y2.log, gaps.y2, 'right'), splitLine: { show: false } })
  for (const s of p.series) b.series.push(seriesOption(s, d, xi, yi))
}

/** How many rank labels fit along `length` px, labels `labelSize` px apart at least. */
function labelTarget(length: number | undefined, labelSize: number): number {
  return length === undefined ? 5 : Math.max(1, Math.min(5, Math.floor(length / labelSize)))
}

function addHeat(b: Built, p: HeatPanel, max: number, showBar: boolean, d: DrawParams, plot: Rect, bar: Rect | null, gaps: CellLayout['gaps']) {
  const h = p.heatmap
  const grid = b.grid.length
  b.grid.push({ ...gridOf(plot), containLabel: false })
  const cols = labelledBlocks(p.keys, h.cols, labelTarget(plot.width, maxLabelWidth(d, heatLabelSamples(p, 'cols')) * 1.6))
  const rows = labelledBlocks(p.queries, h.rows, labelTarget(plot.height, d.fonts.tick * 3.2))
  const category = (labels: string[], marked: Set<number>, name: string, gap: number): Ax => ({
    type: 'category',
    gridIndex: grid,
    data: labels,
    name,
    nameLocation: 'middle',
    nameGap: gap,
    nameTextStyle: textStyle(d, d.fonts.label, d.theme.subtleText),
    axisLine: { show: true, lineStyle: { color: d.theme.axis, width: d.axisWidth } },
    axisTick: { show: true, interval: (i: number) => marked.has(i), alignWithLabel: true, length: d.fonts.tick * 0.35, lineStyle: { color: d.theme.axis, width: d.axisWidth } },
    axisLabel: { ...textStyle(d, d.fonts.tick, d.theme.subtleText), interval: (i: number) => marked.has(i), showMinLabel: true, showMaxLabel: true, hideOverlap: true, lineHeight: d.fonts.tick * 1.15, margin: d.fonts.tick * 0.4 },
    splitLine: { show: false },
  })
  cols.add(h.cols - 1)
  rows.add(h.rows - 1)
  // Narrow panels name their axes briefly.
  const fits = (label: string, length: number | undefined) => length === undefined || d.measure(label, d.fonts.label) <= length
  const xName = fits(p.xLabel, plot.width) ? p.xLabel : 'training: rank (x)'
  const yName = fits(p.yLabel, plot.height) ? p.yLabel : 'testing: rank (x)'
  const xi = b.xAxis.length
  b.xAxis.push(category(rankLabels(h.colEdges, p.keys, h.cols), cols, xName, gaps.x))
  const yi = b.yAxis.length
  b.yAxis.push({ ...category(rankLabels(h.rowEdges, p.queries, h.rows), rows, yName, gaps.y), inverse: true })
  const data: [number, number, number][] = new Array(h.rows * h.cols)
  for (let r = 0; r < h.rows; r++) for (let c = 0; c < h.cols; c++) data[r * h.cols + c] = [c, r, h.values[r * h.cols + c]!]
  const seriesIndex = b.series.length
  b.series.push({ type: 'heatmap', name: p.title ?? 'attention weights', xAxisIndex: xi, yAxisIndex: yi, data, progressive: 0, silent: !d.interactive, emphasis: { disabled: true } })
  b.visualMap.push({
    type: 'continuous',
    seriesIndex,
    show: showBar,
    min: 0,
    max,
    calculable: false,
    hoverLink: d.interactive,
    orient: 'vertical',
    ...(bar ? { left: bar.left, top: bar.top, itemHeight: bar.height, itemWidth: bar.width } : { right: 4, top: 'middle', itemHeight: 140, itemWidth: 12 }),
    text: [formatWeight(max), '0'],
    textGap: d.fonts.tick * 0.3,
    textStyle: textStyle(d, d.fonts.tick, d.theme.subtleText),
    // The hover marker reads the weight (0.0397), not the rounded "0".
    formatter: (v: number) => formatWeight(v),
    inRange: { color: p.colors },
  })
}

function addText(b: Built, p: TextPanel, d: DrawParams, cell: Rect) {
  const lineHeight = d.fonts.label * 1.6
  p.lines.forEach((line, i) => {
    b.graphic.push({
      type: 'text',
      left: (cell.left as number) + d.fonts.label,
      top: (cell.top as number) + d.fonts.label + i * lineHeight,
      silent: true,
      style: { text: line, fontFamily: d.fontFamily, fontSize: d.fonts.label, fill: d.theme.text },
    })
  })
}

/** The whole figure as one option (see the file comment). */
export function figureOption(fig: Figure, d: DrawParams): EChartsOption {
  const ticks = ticksOf(fig)
  const scales = heatScales(fig)
  const legend = legendNames(fig)
  const layout = figureLayout(fig, d, ticks, scales, legend)
  const b: Built = { grid: [], xAxis: [], yAxis: [], series: [], visualMap: [], title: [], graphic: [] }
  if (fig.title) b.title.push({ text: fig.title, left: 'center', top: layout.titleTop, textStyle: { ...textStyle(d, d.fonts.title), fontWeight: 'normal' } })
  fig.panels.forEach((p, k) => {
    const cell = layout.cells[k]!
    if (p.title) {
      b.title.push({
        text: p.title,
        ...(cell.plot.width === undefined ? { left: 'center' } : { left: (cell.plot.left as number) + cell.plot.width / 2, textAlign: 'center' }),
        top: cell.titleTop,
        textStyle: { ...textStyle(d, d.fonts.panelTitle), fontWeight: 'normal', ...(cell.area.width ? { width: cell.area.width, overflow: 'truncate' } : {}) },
      })
    }
    // Shared y axes are named once, on the left of each row.
    if (p.kind === 'xy') addXY(b, fig.shareY && k % fig.columns > 0 ? { ...p, y: { ...p.y, label: '' } } : p, ticks.get(p)!, d, cell.plot, cell.gaps)
    else if (p.kind === 'heatmap') {
      const bar = cell.bar ?? (k === layout.sharedBarPanel ? layout.sharedBar : null)
      addHeat(b, p, scales.get(p)!, d.size ? bar !== null : p.colorBar !== false, d, cell.plot, bar, cell.gaps)
    }
    else addText(b, p, d, cell.area)
  })
  const many = fig.panels.length > 1
  const lineNames = new Set<string>()
  for (const p of fig.panels) if (p.kind === 'xy') for (const s of p.series) if (s.type === 'line' && !s.markers) lineNames.add(s.name)
  return {
    animation: false,
    backgroundColor: d.background,
    textStyle: textStyle(d, d.fonts.tick),
    title: b.title,
    legend:
      legend.length > (fig.legend ? 0 : 1)
        ? {
            data: legend.map((name) => (lineNames.has(name) ? { name, itemStyle: { opacity: 0 } } : { name })),
            top: layout.legendTop,
            left: 'center',
            ...(d.size ? { width: d.size.width - 2 * d.fonts.tick } : {}),
            type: d.interactive ? 'scroll' : 'plain',
            selectedMode: d.interactive,
            itemWidth: d.fonts.legend * 2,
            itemHeight: d.fonts.legend * 0.8,
            itemGap: d.fonts.legend,
            textStyle: textStyle(d, d.fonts.legend),
            padding: 0,
          }
        : { show: false },
    grid: b.grid,
    xAxis: b.xAxis,
    yAxis: b.yAxis,
    series: b.series,
    ...(b.visualMap.length ? { visualMap: b.visualMap } : {}),
    ...(b.graphic.length ? { graphic: b.graphic } : {}),
    ...(d.interactive && !many
      ? {
          tooltip: {
            renderMode: 'richText',
            trigger: fig.panels[0]?.kind === 'heatmap' ? 'item' : 'axis',
            backgroundColor: d.theme.dark ? '#262a31' : '#ffffff',
            borderColor: d.theme.axis,
            textStyle: { color: d.theme.text, fontSize: 12 },
            valueFormatter: (v: unknown) => (typeof v === 'number' ? formatShort(v) : String(v)),
          },
        }
      : {}),
  }
}
