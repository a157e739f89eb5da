import type { EChartsOption, SeriesOption } from 'echarts'
import type { ConsistencyResult, WidthsResult } from '../study/exercises/types'
import { band, type BandKind, type SeriesPoint } from '../study/views'
import { bandChartOption, type BandLine } from './studyCharts'
import type { ChartTheme } from './theme'

/** The exercises' figures (gallery cards), drawn from their studies' results. */

export type WidthsPanel = 'loss' | 'w' | 'testMse' | 'testMseRatio'

const WIDTHS_AXIS: Record<WidthsPanel, string> = { loss: 'training loss', w: 'w', testMse: 'test MSE', testMseRatio: 'test MSE ÷ after epoch 1' }

/** Exercise 2: one panel (loss, w or test MSE) per epoch, a line per group with its band over replicates. */
export function widthsLines(result: WidthsResult, panel: WidthsPanel, kind: BandKind, t: ChartTheme): BandLine[] {
  return result.groups.map((g) => {
    const series = g[panel]
    return {
      name: g.label,
      color: g.loo ? t.trained : t.highlight,
      symbols: false,
      points: series.x.map((x, i) => ({ x, mean: series.stats[i]!.mean, ...band(series.stats[i], kind), n: series.stats[i]!.n })),
    }
  })
}

export function widthsChartOption(result: WidthsResult, panel: WidthsPanel, kind: BandKind, t: ChartTheme): EChartsOption {
  return bandChartOption({ lines: widthsLines(result, panel, kind, t), xName: 'epoch', yName: WIDTHS_AXIS[panel], logY: panel === 'loss', legend: true }, t)
}

export type ConsistencyPanel = 'sigma' | 'testMse'

/** Exercise 4, per dimension: the per-n geometric mean with its band (fitted on the log scale), as lines. */
export function consistencyLines(result: ConsistencyResult, panel: ConsistencyPanel, kind: BandKind, t: ChartTheme): BandLine[] {
  return result.dims.map((d, k) => ({
    name: `d = ${d.d}`,
    color: t.palette[k % t.palette.length]!,
    symbols: true,
    points: d.byN.map((b): SeriesPoint => {
      const a = panel === 'sigma' ? b.logSigma : b.logTestMse
      const { lo, hi } = band(a, kind)
      return { x: b.n, mean: a.mean === null ? null : Math.exp(a.mean), lo: lo === null ? null : Math.exp(lo), hi: hi === null ? null : Math.exp(hi), n: a.n }
    }),
  }))
}

/**
 * σ* (or the test MSE) against n on log-log axes: every replicate as a
 * point, the per-n geometric mean with its band, the fitted power law
 * (dashed) and theory's slope through the fit's middle (dotted).
 */
export function consistencyChartOption(result: ConsistencyResult, panel: ConsistencyPanel, kind: BandKind, t: ChartTheme): EChartsOption {
  const lines = consistencyLines(result, panel, kind, t)
  const extra: SeriesOption[] = []
  result.dims.forEach((d, k) => {
    const color = lines[k]!.color!
    const pts = d.points.filter((p) => (panel === 'sigma' ? p.sigma > 0 : p.testMse !== null && p.testMse > 0))
    extra.push({
      name: `d = ${d.d}`,
      type: 'scatter',
      data: pts.map((p) => [p.n, panel === 'sigma' ? p.sigma : p.testMse!]),
      symbolSize: 5,
      itemStyle: { color, opacity: 0.45 },
      z: 2,
    })
    const est = panel === 'sigma' ? d.sigmaSlope : d.mseSlope
    if (!est || d.byN.length < 2 || pts.length === 0) return
    const n0 = d.byN[0]!.n
    const n1 = d.byN[d.byN.length - 1]!.n
    const at = (n: number, slope: number, intercept: number) => Math.exp(intercept + slope * Math.log(n))
    // The stated slope through the centre of the points (mean log n, mean log value).
    let mx = 0
    let my = 0
    for (const p of pts) {
      mx += Math.log(p.n)
      my += Math.log(panel === 'sigma' ? p.sigma : p.testMse!)
    }
    mx /= pts.length
    my /= pts.length
    const fit = { slope: est.slope, intercept: my - est.slope * mx }
    extra.push({
      // Short, so the legend fits one line per panel; the intervals are in the figure's table and answer.
      name: `d = ${d.d} fit ${fit.slope.toFixed(3)}`,
      type: 'line',
      data: [n0, n1].map((n) => [n, at(n, fit.slope, fit.intercept)]),
      showSymbol: false,
      lineStyle: { color, type: 'dashed', width: 1.5 },
      itemStyle: { color },
      z: 4,
    })
    const theory = panel === 'sigma' ? d.theorySigmaSlope : d.theoryMseSlope
    // Through the fitted line at the geometric middle of n, so only the slopes differ.
    const mid = Math.sqrt(n0 * n1)
    const through = Math.log(at(mid, fit.slope, fit.intercept)) - theory * Math.log(mid)
    extra.push({
      name: `d = ${d.d} theory ${theory.toFixed(3)}`,
      type: 'line',
      data: [n0, n1].map((n) => [n, at(n, theory, through)]),
      showSymbol: false,
      lineStyle: { color: t.subtleText, type: 'dotted', width: 2 },
      itemStyle: { color: t.subtleText },
      z: 4,
    })
  })
  return bandChartOption({ lines, xName: 'n (training points)', yName: panel === 'sigma' ? 'leave-one-out σ*' : 'test MSE', logX: true, logY: true, extra, legend: true, legendExtras: false }, t)
}
