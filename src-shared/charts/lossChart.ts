import type { EChartsOption, SeriesOption } from 'echarts'
import type { EpochRecord } from '../engine/sgd'
import { axisStyle, baseTextStyle, titleOption, formatTick, tooltipStyle, type ChartTheme } from './theme'
import { maxOf } from '../arrays'

export interface TrainingCurve {
  name: string
  epochs: EpochRecord[]
  color?: string
}

export interface LossChartInput {
  curves: TrainingCurve[]
  /** Epochs planned, so the x axis does not jump while a run grows. */
  totalEpochs?: number
  /** What to plot: the loss, w, or both on two axes. */
  show?: 'loss' | 'w' | 'both'
  title?: string
  logLoss?: boolean
  legend?: boolean
  animation?: boolean
}

/** 1, 2 or 5 times a power of ten, at least v. */
function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v))
  return ([1, 2, 5, 10].find((m) => m * p >= v) ?? 10) * p
}

/** Most points a curve is drawn with; a longer run keeps each bucket's lowest and highest point. */
const MAX_CURVE_POINTS = 2000

/**
 * A curve thinned for drawing: short ones whole; long ones (a million epochs)
 * as the minimum and maximum of each bucket, in epoch order, so spikes and
 * the best value survive and the chart stays cheap to redraw while it grows.
 */
export function curvePoints(epochs: EpochRecord[], field: 'loss' | 'w', max = MAX_CURVE_POINTS): [number, number][] {
  const n = epochs.length
  if (n <= max) return epochs.map((e) => [e.epoch, e[field]])
  const buckets = Math.floor(max / 2)
  const out: [number, number][] = []
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets)
    const to = Math.floor(((b + 1) * n) / buckets)
    let lo = from
    let hi = from
    for (let i = from + 1; i < to; i++) {
      if (epochs[i]![field] < epochs[lo]![field]) lo = i
      if (epochs[i]![field] > epochs[hi]![field]) hi = i
    }
    for (const i of lo <= hi ? [lo, hi] : [hi, lo]) if (out.length === 0 || out[out.length - 1]![0] !== epochs[i]!.epoch) out.push([epochs[i]!.epoch, epochs[i]![field]])
  }
  const last = epochs[n - 1]!
  if (out[out.length - 1]![0] !== last.epoch) out.push([last.epoch, last[field]])
  return out
}

/** Loss per epoch (before the update, as the chapter prints it) and w after each update. */
export function lossChartOption(input: LossChartInput, t: ChartTheme): EChartsOption {
  const show = input.show ?? 'both'
  const series: SeriesOption[] = []
  const many = input.curves.length > 1
  input.curves.forEach((c, i) => {
    const color = c.color ?? t.palette[i % t.palette.length]!
    const symbol = c.epochs.length <= 60
    if (show !== 'w') {
      series.push({
        name: many ? `${c.name} loss` : 'loss',
        type: 'line',
        yAxisIndex: 0,
        data: curvePoints(c.epochs, 'loss'),
        showSymbol: symbol,
        symbolSize: 5,
        lineStyle: { color, width: 2 },
        itemStyle: { color },
      })
    }
    if (show !== 'loss') {
      series.push({
        name: many ? `${c.name} w` : 'w',
        type: 'line',
        yAxisIndex: show === 'both' ? 1 : 0,
        data: curvePoints(c.epochs, 'w'),
        showSymbol: symbol,
        symbolSize: 4,
        lineStyle: { color: show === 'both' && !many ? t.trained : color, width: 1.5, type: show === 'both' ? 'dashed' : 'solid' },
        itemStyle: { color: show === 'both' && !many ? t.trained : color },
      })
    }
  })
  // A short run keeps its full axis from the start; a long one grows its axis ahead of the curve,
  // or 100,000 planned epochs would squeeze the first hundred into one pixel column.
  const seen = Math.max(1, maxOf(input.curves.map((c) => c.epochs[c.epochs.length - 1]?.epoch ?? 0), 0))
  const planned = input.totalEpochs ?? seen
  const maxEpoch = planned <= 200 ? Math.max(planned, seen) : Math.min(planned, Math.max(20, niceCeil(seen * 1.25)))
  const valueAxis = (name: string, log = false) => ({
    type: log ? ('log' as const) : ('value' as const),
    name,
    scale: true,
    ...axisStyle(t),
    axisLabel: { color: t.subtleText, formatter: formatTick },
  })
  return {
    animation: input.animation ?? false,
    backgroundColor: 'transparent',
    textStyle: baseTextStyle(t),
    ...titleOption(t, input.title),
    legend: input.legend === false ? { show: false } : { top: input.title ? 22 : 0, textStyle: { color: t.text } },
    grid: { left: 56, right: show === 'both' ? 56 : 20, top: input.title ? 56 : 36, bottom: 36 },
    tooltip: { ...tooltipStyle(t), trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? v.toPrecision(6) : String(v)) },
    xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 24, min: 1, max: Math.max(2, maxEpoch), minInterval: 1, ...axisStyle(t) },
    yAxis:
      show === 'both'
        ? [valueAxis('loss', input.logLoss), { ...valueAxis('w'), splitLine: { show: false } }]
        : [valueAxis(show === 'loss' ? 'loss' : 'w', show === 'loss' && input.logLoss)],
    series,
  }
}
