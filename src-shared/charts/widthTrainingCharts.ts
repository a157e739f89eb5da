import type { EChartsOption } from 'echarts'
import type { WidthEpochRecord } from '../engine/vectorTrain'
import { finiteExtent } from '../arrays'
import { screenDraw } from '../figures/draw'
import { figureOption } from '../figures/figureOption'
import type { Dash, Figure, LineSeries, XYPanel } from '../figures/model'
import { withFigure } from '../figures/registry'
import { curvePoints, epochAxisMax } from './lossChart'
import type { ChartTheme } from './theme'

/**
 * The training curve of a width vector (a parametric vector run): the loss
 * per epoch, and each coordinate's w after each epoch, one line per
 * coordinate (a noise coordinate's creeps towards 0). Several runs share a
 * panel in the compare view, each in its colour, coordinates told apart by
 * their dash.
 */

export interface WidthCurve {
  name: string
  epochs: WidthEpochRecord[]
  features: string[]
  color?: string
}

const DASHES: Dash[] = ['solid', 'dashed', 'dotted']

/**
 * Loss per epoch, or w per coordinate per epoch, of one or more runs.
 * `totalEpochs`: the epochs planned, so the x axis grows as the
 * one-dimensional loss chart's does while a run trains.
 */
export function widthTrainingPanel(curves: WidthCurve[], which: 'loss' | 'w', t: ChartTheme, logLoss = false, totalEpochs = 0): XYPanel {
  const many = curves.length > 1
  const series: LineSeries[] = []
  let last = 2
  curves.forEach((c, k) => {
    const color = c.color ?? t.palette[k % t.palette.length]!
    const markers = c.epochs.length <= 40
    last = Math.max(last, c.epochs.length)
    if (which === 'loss') {
      const pts = curvePoints(c.epochs.map((e) => ({ epoch: e.epoch, loss: e.loss, w: 0 })), 'loss')
      series.push({ type: 'line', name: many ? c.name : 'loss', x: pts.map((p) => p[0]), y: pts.map((p) => p[1]), color, markers })
      return
    }
    c.features.forEach((f, l) => {
      const pts = curvePoints(c.epochs.map((e) => ({ epoch: e.epoch, loss: e.loss, w: e.w[l]! })), 'w')
      // One run: a colour per coordinate; several: a colour per run and a dash per coordinate.
      const lineColor = many ? color : t.palette[l % t.palette.length]!
      const dash = many ? DASHES[l % DASHES.length]! : 'solid'
      series.push({ type: 'line', name: many ? `${c.name} · w ${f}` : `w ${f}`, x: pts.map((p) => p[0]), y: pts.map((p) => p[1]), color: lineColor, dash, markers })
    })
  })
  const [min, max] = finiteExtent(series.flatMap((s) => Array.from(s.y)))
  const y = { min, max }
  return {
    kind: 'xy',
    id: which === 'loss' ? 'width-loss' : 'width-w',
    title: which === 'loss' ? 'Loss per epoch' : 'w per coordinate per epoch',
    x: { label: 'epoch', min: 1, max: totalEpochs > 0 ? epochAxisMax(totalEpochs, last) : last, integer: true },
    y: { label: which === 'loss' ? 'loss' : 'w', ...y, ...(which === 'loss' && logLoss && y.min > 0 ? { log: true } : {}) },
    series,
  }
}

export function widthTrainingOption(curves: WidthCurve[], which: 'loss' | 'w', t: ChartTheme, logLoss = false, totalEpochs = 0): EChartsOption {
  const fig = (theme: ChartTheme): Figure => ({
    name: which === 'loss' ? 'width-loss' : 'width-w',
    panels: [{ ...widthTrainingPanel(curves, which, theme, logLoss, totalEpochs), title: '' }],
    columns: 1,
    colorScale: 'panel',
    legend: true,
  })
  return withFigure(figureOption(fig(t), screenDraw(t)), fig)
}
