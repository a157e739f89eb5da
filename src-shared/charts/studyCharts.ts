import type { EChartsOption, SeriesOption } from 'echarts'
import { formatCsv } from '../csv'
import { METRIC_LABELS, type StudyMetric } from '../study/aggregate'
import { metricLines, type BandKind, type ParallelData, type SeriesPoint, type StudyView } from '../study/views'
import { axisStyle, baseTextStyle, formatTick, titleOption, tooltipStyle, type ChartTheme } from './theme'

/**
 * Charts of studies: a metric against a parameter with a band over
 * replicates (mean ± sd or 95% CI), parallel coordinates over every
 * parameter and a metric, and the exercises' figures. Bands are polygons
 * drawn by a custom series through the axes' own mapping, so they follow
 * log scales, which a stacked area cannot.
 */

export interface BandLine {
  name: string
  points: SeriesPoint[]
  color?: string
  dashed?: boolean
  /** Draw points as markers (few x values) or not (curves over epochs). */
  symbols?: boolean
}

export interface BandChartInput {
  lines: BandLine[]
  xName: string
  yName: string
  logX?: boolean
  logY?: boolean
  /** Categorical x, in this order (else numeric). */
  categories?: string[]
  title?: string
  /** Extra series drawn over the lines (exercise figures: points, fits). */
  extra?: SeriesOption[]
  legend?: boolean
  /** Name the extra series in the legend too (default); off when they are keyed elsewhere, as the fit and theory lines of exercise 4 are. */
  legendExtras?: boolean
}

type Coord = (value: (number | string)[]) => number[]

/**
 * The lines of one metric against one parameter for one study or several
 * compared: a line per group (the other parameters' values), the second
 * study's dashed. A group keeps its colour across the studies (gaussian is
 * one colour in both, not blue in one and green in the other), so colour
 * says which group and the dash which study.
 */
export function studyMetricLines(
  studies: StudyView[],
  metric: StudyMetric,
  xPath: string,
  kind: BandKind,
  palette: readonly string[],
): { lines: BandLine[]; logX: boolean; logY: boolean; categories: string[] | undefined } {
  const lines: BandLine[] = []
  let logX = true
  let logY = true
  let categories: string[] | undefined
  const colours = new Map<string, string>()
  const colourOf = (label: string) => {
    if (!colours.has(label)) colours.set(label, palette[colours.size % palette.length]!)
    return colours.get(label)!
  }
  studies.forEach((s, k) => {
    const m = metricLines(s, metric, xPath, kind)
    logX &&= m.logX
    logY &&= m.logY
    if (!m.numeric) categories = m.categories
    for (const l of m.lines) {
      const prefix = studies.length > 1 ? `${s.name.slice(0, 40)}${l.label ? ' · ' : ''}` : ''
      lines.push({ name: `${prefix}${l.label}` || METRIC_LABELS[metric], points: l.points, dashed: k > 0, color: colourOf(l.label) })
    }
  })
  return { lines, logX, logY, categories }
}

/** Consecutive points where the band is defined (and positive on a log axis), as polygons; each point with its index. */
function bandSegments(points: SeriesPoint[], logY: boolean): { p: SeriesPoint; i: number }[][] {
  const segments: { p: SeriesPoint; i: number }[][] = []
  let current: { p: SeriesPoint; i: number }[] = []
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!
    const ok = p.lo !== null && p.hi !== null && p.hi > p.lo && (!logY || p.lo > 0)
    if (ok) current.push({ p, i })
    else if (current.length) {
      segments.push(current)
      current = []
    }
  }
  if (current.length) segments.push(current)
  return segments.filter((s) => s.length > 1)
}

/** The band of one line as a custom series (no tooltip, no hover: it only shows the spread). */
function bandSeries(line: BandLine, color: string, logY: boolean, categorical: boolean): SeriesOption | null {
  const segments = bandSegments(line.points, logY)
  if (segments.length === 0) return null
  const xOf = (p: SeriesPoint, i: number) => (categorical ? i : p.x)
  return {
    type: 'custom',
    name: line.name,
    silent: true,
    z: 1,
    clip: true,
    data: [[0]],
    itemStyle: { color },
    legendHoverLink: false,
    tooltip: { show: false },
    renderItem: (_params: unknown, api: { coord: Coord }) => ({
      type: 'group',
      children: segments.map((seg) => {
        const upper = seg.map(({ p, i }) => api.coord([xOf(p, i), p.hi!]))
        const lower = seg.map(({ p, i }) => api.coord([xOf(p, i), p.lo!])).reverse()
        return { type: 'polygon', shape: { points: [...upper, ...lower] }, style: { fill: color, opacity: 0.18 } }
      }),
    }),
  } as unknown as SeriesOption
}

/** The lines' names, then the extra series' own names (a scatter named like its line shares its entry). */
function legendNames(input: BandChartInput): string[] {
  const names = input.lines.map((l) => l.name)
  if (input.legendExtras === false) return names
  for (const e of input.extra ?? []) {
    const name = (e as { name?: string }).name
    if (name && !names.includes(name)) names.push(name)
  }
  return names
}

/** Width (px) a legend is laid out in for room's sake: about the narrowest a study chart gets. */
const LEGEND_LAYOUT_WIDTH = 600
/** ECharts' legend: 12 px text, a 25 px icon with 5 px before the text, 10 px between items, 22 px a row. */
const LEGEND_CHAR_PX = 6.8
const LEGEND_ITEM_PX = 40
const LEGEND_ROW_PX = 22

/**
 * Rows a wrapping legend of these names takes in LEGEND_LAYOUT_WIDTH (an
 * estimate from the text's length: the chart's real width is not known
 * here, and a wider chart needs fewer rows, leaving room to spare).
 */
export function legendRows(names: string[]): number {
  let rows = 1
  let used = 0
  for (const name of names) {
    const w = LEGEND_ITEM_PX + name.length * LEGEND_CHAR_PX
    if (used > 0 && used + w > LEGEND_LAYOUT_WIDTH) {
      rows++
      used = 0
    }
    used += w
  }
  return rows
}

export function bandChartOption(input: BandChartInput, t: ChartTheme): EChartsOption {
  const categorical = !!input.categories
  const series: SeriesOption[] = []
  input.lines.forEach((line, k) => {
    const color = line.color ?? t.palette[k % t.palette.length]!
    const band = bandSeries(line, color, !!input.logY, categorical)
    // The line before its band: the legend draws an entry in the style of the first series of that name,
    // and so shows the line (dashed for a compared study's), not the band's block.
    series.push({
      name: line.name,
      type: 'line',
      data: line.points.map((p, i) => [categorical ? i : p.x, p.mean === null || (input.logY && !(p.mean > 0)) ? null : p.mean]),
      showSymbol: line.symbols ?? line.points.length <= 40,
      symbolSize: 6,
      connectNulls: false,
      lineStyle: { color, width: 2, ...(line.dashed ? { type: 'dashed' } : {}) },
      itemStyle: { color },
      z: 3,
    } as SeriesOption)
    if (band) series.push(band)
  })
  // The bands' extent as an invisible series, so the axes make room for them (a custom series does not count).
  // On a log axis a band reaching towards 0 is cut at a tenth of the smallest mean rather than stretching the axis down.
  let floor = -Infinity
  if (input.logY) {
    floor = Infinity
    for (const l of input.lines) for (const p of l.points) if (p.mean !== null && p.mean > 0) floor = Math.min(floor, p.mean / 10)
  }
  const extent: (number | string)[][] = []
  input.lines.forEach((line) =>
    line.points.forEach((p, i) => {
      for (const v of [p.lo, p.hi]) if (v !== null && Number.isFinite(v) && v >= floor) extent.push([categorical ? i : p.x, v])
    }),
  )
  if (extent.length) {
    series.push({ type: 'scatter', name: '__extent', data: extent, symbolSize: 0, silent: true, tooltip: { show: false }, itemStyle: { opacity: 0 }, z: 0 } as SeriesOption)
  }
  for (const s of input.extra ?? []) series.push(s)
  const legend = input.legend ?? input.lines.length > 1
  const names = legend ? legendNames(input) : []
  const axisType = (log: boolean | undefined) => (log ? 'log' : 'value')
  return {
    animation: false,
    textStyle: baseTextStyle(t),
    ...titleOption(t, input.title),
    grid: { left: 64, right: 18, top: input.title ? 34 : 16, bottom: 44 + (legend ? LEGEND_ROW_PX * legendRows(names) : 0) },
    // Legend entries come from the lines (a band shares its line's name, so one click hides both). Every entry
    // shows, on as many rows as it takes: a scrolling legend hid the keys of the lines past its first page.
    legend: legend ? { bottom: 0, type: 'plain', textStyle: { color: t.text }, data: names } : undefined,
    tooltip: { trigger: 'axis', ...tooltipStyle(t), valueFormatter: (v: unknown) => (typeof v === 'number' ? formatTick(v) : String(v ?? '—')) },
    xAxis: categorical
      ? { type: 'category', data: input.categories, name: input.xName, nameLocation: 'middle', nameGap: 26, ...axisStyle(t) }
      : {
          type: axisType(input.logX),
          name: input.xName,
          nameLocation: 'middle',
          nameGap: 26,
          scale: true,
          ...axisStyle(t),
          axisLabel: { color: t.subtleText, formatter: (v: number) => formatTick(v) },
        },
    yAxis: {
      type: axisType(input.logY),
      name: input.yName,
      nameLocation: 'middle',
      nameGap: 48,
      scale: true,
      ...axisStyle(t),
      axisLabel: { color: t.subtleText, formatter: (v: number) => formatTick(v) },
    },
    series,
  } as EChartsOption
}

/** The data of a band chart as CSV: x, then each line's mean, band low and band high. */
export function bandCsv(lines: BandLine[], xName: string): string {
  const xs: (number | string)[] = []
  const seen = new Set<string>()
  for (const l of lines) {
    for (const p of l.points) {
      const key = String(p.x)
      if (!seen.has(key)) {
        seen.add(key)
        xs.push(p.x)
      }
    }
  }
  const numeric = xs.every((x) => typeof x === 'number')
  if (numeric) (xs as number[]).sort((a, b) => a - b)
  const cols: Record<string, ArrayLike<number>> = { [xName]: numeric ? (xs as number[]) : xs.map((_, i) => i) }
  for (const l of lines) {
    const at = new Map(l.points.map((p) => [String(p.x), p]))
    const get = (f: 'mean' | 'lo' | 'hi') => xs.map((x) => at.get(String(x))?.[f] ?? NaN)
    const name = (l.name || 'value').replace(/,/g, ';')
    cols[`${name} mean`] = get('mean')
    cols[`${name} low`] = get('lo')
    cols[`${name} high`] = get('hi')
    cols[`${name} n`] = xs.map((x) => at.get(String(x))?.n ?? 0)
  }
  const csv = formatCsv(cols)
  return numeric ? csv : `# ${xName} categories: ${xs.join(' | ')}\n${csv}`
}

/** Parallel coordinates: a polyline per cell, coloured by the metric (the last dimension). */
export function parallelChartOption(data: ParallelData, t: ChartTheme, title?: string): EChartsOption {
  const metricIndex = data.dims.length - 1
  const values = data.rows.map((r) => r[metricIndex]).filter((v): v is number => typeof v === 'number')
  let lo = Infinity
  let hi = -Infinity
  for (const v of values) {
    lo = Math.min(lo, v)
    hi = Math.max(hi, v)
  }
  return {
    animation: false,
    textStyle: baseTextStyle(t),
    ...titleOption(t, title),
    parallel: { left: 60, right: 120, top: title ? 50 : 34, bottom: 30 },
    parallelAxis: data.dims.map((d, dim) => ({
      dim,
      name: d.name,
      type: d.numeric ? (d.log ? 'log' : 'value') : 'category',
      ...(d.numeric ? { scale: true } : { data: d.categories }),
      nameTextStyle: { color: t.text, fontSize: 12 },
      axisLine: { lineStyle: { color: t.axis } },
      axisLabel: { color: t.subtleText, ...(d.numeric ? { formatter: (v: number) => formatTick(v) } : {}) },
    })),
    visualMap: values.length
      ? {
          type: 'continuous',
          min: lo,
          max: hi > lo ? hi : lo + 1,
          dimension: metricIndex,
          calculable: true,
          right: 6,
          top: 'middle',
          itemHeight: 160,
          formatter: (v: number) => formatTick(Number(v.toPrecision(3))),
          textStyle: { color: t.subtleText },
          inRange: { color: ['#1a9850', '#fee08b', '#d73027'] },
        }
      : undefined,
    series: [{ type: 'parallel', data: data.rows, lineStyle: { width: 1.5, opacity: 0.6 }, emphasis: { lineStyle: { width: 3, opacity: 1 } } }],
  } as EChartsOption
}
