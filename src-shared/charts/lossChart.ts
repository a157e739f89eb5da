import type { EChartsOption } from 'echarts'
import type { EpochRecord } from '../engine/sgd'
import { screenDraw } from '../figures/draw'
import { figureOption } from '../figures/figureOption'
import type { Figure, LineSeries, XYPanel } from '../figures/model'
import { withFigure } from '../figures/registry'
import type { ChartTheme } from './theme'
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
  /**
   * Minibatch runs: the loss of every batch (before its update), in order,
   * and how many batches make an epoch. With view 'batch' the loss is drawn
   * per batch against fractional epochs, as d2l's trainer board draws it.
   */
  batches?: { loss: ArrayLike<number>; perEpoch: number } | null
  view?: 'batch' | 'epoch'
}

/** 1, 2 or 5 times a power of ten, at least v. */
function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v))
  return ([1, 2, 5, 10].find((m) => m * p >= v) ?? 10) * p
}

/**
 * The end of a growing curve's epoch axis. A short run keeps its full axis
 * from the start; a long one grows its axis ahead of the curve, or 100,000
 * planned epochs would squeeze the first hundred into one pixel column.
 */
export function epochAxisMax(planned: number, seen: number): number {
  return Math.max(2, planned <= 200 ? Math.max(planned, seen) : Math.min(planned, Math.max(20, niceCeil(seen * 1.25))))
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

/** Per-batch losses at fractional epochs (batch b of epoch e ends at e - 1 + (b + 1) / perEpoch), thinned like curvePoints. */
export function batchPoints(loss: ArrayLike<number>, perEpoch: number, max = MAX_CURVE_POINTS): [number, number][] {
  const records: EpochRecord[] = Array.from({ length: loss.length }, (_, i) => ({ epoch: (i + 1) / perEpoch, loss: loss[i]!, w: 0 }))
  return curvePoints(records, 'loss', max)
}

function range(points: [number, number][][]): { min: number; max: number } {
  let min = Infinity
  let max = -Infinity
  for (const pts of points) for (const [, v] of pts) if (Number.isFinite(v)) {
    min = Math.min(min, v)
    max = Math.max(max, v)
  }
  return min <= max ? { min, max } : { min: 0, max: 1 }
}

const columns = (pts: [number, number][]) => ({ x: pts.map((p) => p[0]), y: pts.map((p) => p[1]) })

/** Loss per epoch (before the update, as the chapter prints it) or per batch, and w after each update. */
export function lossPanel(input: LossChartInput, t: ChartTheme, id = 'loss'): XYPanel {
  const show = input.show ?? 'both'
  const series: LineSeries[] = []
  const many = input.curves.length > 1
  const byBatch = input.view === 'batch' && !!input.batches && input.batches.loss.length > 0 && input.curves.length === 1
  const lossPts: [number, number][][] = []
  const wPts: [number, number][][] = []
  input.curves.forEach((c, i) => {
    const color = c.color ?? t.palette[i % t.palette.length]!
    const markers = c.epochs.length <= 60
    if (show !== 'w') {
      const pts = byBatch ? batchPoints(input.batches!.loss, input.batches!.perEpoch) : curvePoints(c.epochs, 'loss')
      lossPts.push(pts)
      series.push({ type: 'line', name: many ? `${c.name} loss` : byBatch ? 'loss per batch' : 'loss', ...columns(pts), color, markers: markers && !byBatch })
    }
    if (show !== 'loss') {
      const pts = curvePoints(c.epochs, 'w')
      wPts.push(pts)
      const wColor = show === 'both' && !many ? t.trained : color
      series.push({ type: 'line', name: many ? `${c.name} w` : 'w', ...columns(pts), color: wColor, markers, width: 0.75, ...(show === 'both' ? { dash: 'dashed' as const, yAxis: 1 as const } : {}) })
    }
  })
  const seen = Math.max(1, maxOf(input.curves.map((c) => c.epochs[c.epochs.length - 1]?.epoch ?? 0), 0))
  const maxEpoch = epochAxisMax(input.totalEpochs ?? seen, seen)
  const lossRange = range(lossPts)
  const wRange = range(wPts)
  const first = show === 'w' ? wRange : lossRange
  return {
    kind: 'xy',
    id,
    ...(input.title ? { title: input.title } : {}),
    x: byBatch ? { label: 'epoch', min: 0, max: maxEpoch } : { label: 'epoch', min: 1, max: maxEpoch, integer: true },
    y: { label: show === 'w' ? 'w' : 'loss', ...first, ...(show !== 'w' && input.logLoss ? { log: true } : {}) },
    ...(show === 'both' ? { y2: { label: 'w', ...wRange } } : {}),
    series,
  }
}

export function lossChartOption(input: LossChartInput, t: ChartTheme): EChartsOption {
  const fig = (theme: ChartTheme): Figure => ({ name: 'loss', panels: [lossPanel(input, theme)], columns: 1, colorScale: 'panel', legend: input.legend !== false && (input.show ?? 'both') === 'both' ? true : input.legend === false ? false : undefined })
  const option = figureOption(fig(t), screenDraw(t))
  option.animation = input.animation ?? false
  return withFigure(option, fig)
}
