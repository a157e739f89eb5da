import type { EChartsOption, SeriesOption } from 'echarts'
import type { RunDetail } from '../api/runs'
import { fitAxes, thinIndices } from './fitChart'
import { curvePoints } from './lossChart'
import { axisStyle, baseTextStyle, formatTick, tooltipStyle, type ChartTheme } from './theme'

/** Charts of several runs at once, each run in its own colour. */

const nullable = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? null : v)

function extent(values: Iterable<number | null>): [number, number] {
  let lo = Infinity
  let hi = -Infinity
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue
    lo = Math.min(lo, v)
    hi = Math.max(hi, v)
  }
  return lo <= hi ? [lo, hi] : [0, 1]
}

/** Every run's prediction over the truth, with each run's training points in its colour. */
export function compareFitOption(runs: RunDetail[], colors: string[], t: ChartTheme): EChartsOption {
  const series: SeriesOption[] = []
  // One truth per distinct data set (runs on the same preset and seed share it).
  const truths = new Map<string, RunDetail>()
  for (const r of runs) if (r.arrays?.yTruth) truths.set(`${r.data.label}|${r.data.seed}|${r.data.nQuery}`, r)
  const truthStyles = ['dashed', 'dotted'] as const
  ;[...truths.values()].forEach((r, k) => {
    const a = r.arrays!
    series.push({
      name: truths.size > 1 ? `Truth · ${r.data.label}` : 'Truth',
      type: 'line',
      data: a.xQuery.map((x, i) => [x, a.yTruth![i]!]),
      showSymbol: false,
      lineStyle: { color: t.truth, type: truthStyles[k % 2], width: 2 },
      itemStyle: { color: t.truth },
      z: 3,
    })
  })
  runs.forEach((r, k) => {
    const a = r.arrays
    if (!a) return
    const color = colors[k]!
    series.push({ name: r.name, type: 'line', data: a.xQuery.map((x, i) => [x, nullable(a.yHat?.[i])]), showSymbol: false, lineStyle: { color, width: 2 }, itemStyle: { color }, z: 4 })
    const idx = thinIndices(a.xTrain.length, 1500)
    series.push({ name: r.name, type: 'scatter', data: idx.map((i) => [a.xTrain[i]!, a.yTrain[i]!]), symbolSize: 5, itemStyle: { color, opacity: 0.45 }, z: 2 })
  })
  // The same axes as a single run's fit figure, over every run's data.
  const axes = fitAxes(
    runs.flatMap((r) => (r.arrays ? [r.arrays.xQuery, r.arrays.xTrain] : [])),
    runs.flatMap((r) => (r.arrays ? [r.arrays.yTrain, r.arrays.yHat ?? [], r.arrays.yTruth ?? []] : [])),
  )
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: baseTextStyle(t),
    legend: { top: 0, type: 'scroll', textStyle: { color: t.text } },
    grid: { left: 48, right: 20, top: 36, bottom: 56 },
    tooltip: { ...tooltipStyle(t), trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? formatTick(v) : String(v)) },
    xAxis: { type: 'value', name: 'x', nameLocation: 'middle', nameGap: 24, min: axes.x[0], max: axes.x[1], ...axisStyle(t) },
    yAxis: { type: 'value', name: 'y', nameLocation: 'middle', nameGap: 32, min: axes.y[0], max: axes.y[1], ...axisStyle(t) },
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
      { type: 'slider', xAxisIndex: 0, height: 14, bottom: 6, filterMode: 'none', showDetail: false },
    ],
    series,
  }
}

/** Loss or w per epoch of every run that trained. */
export function compareCurveOption(runs: RunDetail[], colors: string[], which: 'loss' | 'w', t: ChartTheme, logScale = false): EChartsOption {
  const trained = runs.map((r, k) => ({ r, color: colors[k]! })).filter(({ r }) => r.epochs.length > 0)
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: baseTextStyle(t),
    legend: { top: 0, type: 'scroll', textStyle: { color: t.text } },
    grid: { left: 56, right: 20, top: 36, bottom: 36 },
    tooltip: { ...tooltipStyle(t), trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? v.toPrecision(6) : String(v)) },
    xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 24, minInterval: 1, min: 1, ...axisStyle(t) },
    yAxis: { type: logScale ? 'log' : 'value', name: which, scale: true, ...axisStyle(t), axisLabel: { color: t.subtleText, formatter: formatTick } },
    series: trained.map(({ r, color }) => ({
      name: r.name,
      type: 'line',
      data: curvePoints(r.epochs, which),
      showSymbol: r.epochs.length <= 40,
      symbolSize: 4,
      lineStyle: { color, width: 2 },
      itemStyle: { color },
    })),
  }
}

export interface ScatterPoint {
  name: string
  x: number
  y: number
  group: string
}

/** One point per run: a parameter against a metric, coloured by a category. */
export function scatterOption(points: ScatterPoint[], xName: string, yName: string, t: ChartTheme, logX = false, logY = false): EChartsOption {
  const groups = [...new Set(points.map((p) => p.group))]
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: baseTextStyle(t),
    legend: { top: 0, textStyle: { color: t.text } },
    grid: { left: 60, right: 20, top: 36, bottom: 40 },
    tooltip: { ...tooltipStyle(t), trigger: 'item', formatter: (p) => {
      const d = (p as unknown as { data: { name: string; value: [number, number] } }).data
      return `${d.name}\n${xName} ${formatTick(d.value[0])}\n${yName} ${formatTick(d.value[1])}`
    } },
    xAxis: { type: logX ? 'log' : 'value', name: xName, nameLocation: 'middle', nameGap: 26, scale: true, ...axisStyle(t), axisLabel: { color: t.subtleText, formatter: formatTick } },
    yAxis: { type: logY ? 'log' : 'value', name: yName, nameLocation: 'middle', nameGap: 44, scale: true, ...axisStyle(t), axisLabel: { color: t.subtleText, formatter: formatTick } },
    series: groups.map((g, k) => ({
      name: g,
      type: 'scatter',
      symbolSize: 9,
      itemStyle: { color: t.palette[k % t.palette.length] },
      data: points.filter((p) => p.group === g).map((p) => ({ name: p.name, value: [p.x, p.y] })),
    })),
  }
}

/** Colours for runs by a parameter: a palette for categories, a ramp from low to high for numbers. */
export function colorsBy(values: (string | number | null)[], t: ChartTheme): string[] {
  const numeric = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
  if (numeric.length === values.length && new Set(numeric).size > 1) {
    const [lo, hi] = extent(numeric)
    // viridis, sampled: perceptually even, and readable in both themes.
    const ramp = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725']
    return numeric.map((v) => {
      const s = (v - lo) / (hi - lo)
      const i = Math.min(ramp.length - 2, Math.floor(s * (ramp.length - 1)))
      return mix(ramp[i]!, ramp[i + 1]!, s * (ramp.length - 1) - i)
    })
  }
  const distinct = [...new Set(values.map((v) => String(v)))]
  return values.map((v) => t.palette[distinct.indexOf(String(v)) % t.palette.length]!)
}

function mix(a: string, b: string, f: number): string {
  const p = (h: string, i: number) => parseInt(h.slice(1 + 2 * i, 3 + 2 * i), 16)
  const c = [0, 1, 2].map((i) => Math.round(p(a, i) + (p(b, i) - p(a, i)) * f))
  return `#${c.map((x) => x.toString(16).padStart(2, '0')).join('')}`
}
