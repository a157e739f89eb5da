import type { EChartsOption, SeriesOption } from 'echarts'
import { axisStyle, baseTextStyle, formatTick, tooltipStyle, type ChartTheme } from '../../src-shared/charts/theme'
import { num } from '../library/format'
import type { LooCurvePoint, LooCurveUpdate } from './protocol'

/**
 * The bandwidth as an axis: the leave-one-out score against sigma (log
 * scale), the rules' values and the current sigma marked on it, and for a
 * trained run the path its sigma_eff = 1/|w| took over the epochs (epochs up
 * the right-hand axis), so training can be read against cross-validation.
 */

export interface LooMarker {
  kind: 'silverman' | 'scott' | 'loo' | 'current' | 'epoch'
  sigma: number
  label: string
}

export interface LooChartInput {
  points: LooCurvePoint[]
  markers: LooMarker[]
  /** sigma_eff after each epoch (epoch 0: the starting w). */
  path?: { epoch: number; sigma: number }[] | null
  /** The epoch to highlight on the path. */
  pathEpoch?: number | null
  /** Further sigmas the axis must reach (a marker drawn over the chart rather than in it). */
  reach?: number[]
}

/**
 * The curve's own leave-one-out mark: its refined optimum (the search's, to the digits shown) once it
 * has come, else the grid's best point, labelled as such; null before any point is scored.
 */
export function curveOptimumMarker(curve: LooCurveUpdate | null): LooMarker | null {
  if (curve?.optimum) return { kind: 'loo', sigma: curve.optimum.sigma, label: 'LOO optimum' }
  if (curve?.best && curve.best.score !== null) return { kind: 'loo', sigma: curve.best.sigma, label: 'LOO min (grid)' }
  return null
}

/** Most path points drawn; a long training keeps evenly spaced epochs and its last. */
const MAX_PATH_POINTS = 400

function markerColor(kind: LooMarker['kind'], t: ChartTheme): string {
  switch (kind) {
    case 'silverman':
      return t.palette[4]!
    case 'scott':
      return t.palette[5]!
    case 'loo':
      return t.palette[2]!
    case 'epoch':
      return t.trained
    default:
      return t.highlight
  }
}

// Marks often sit a few pixels apart, so their labels take different ends and sides of their lines
// (Top: left of a vertical line, Bottom: right of it). Silverman's value is never above Scott's (0.9 A against
// 1.059 A, the same A = min(sd, IQR/1.349) and factors), so his label on the left and Scott's on the right, both
// at the top, never meet; from the middle, Scott's overprinted Silverman's. The optimum is often near the
// current (a run's) sigma: one in the middle, the other at the bottom.
const LABEL_AT = {
  silverman: 'insideEndTop',
  scott: 'insideEndBottom',
  loo: 'insideMiddleBottom',
  current: 'insideStartTop',
  epoch: 'insideMiddleTop',
} as const satisfies Record<LooMarker['kind'], string>

/** The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of 10 at or above v: the epoch axis ends on a round number, not at 868. */
export function niceCeiling(v: number): number {
  const decade = 10 ** Math.floor(Math.log10(v))
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * decade >= v * (1 - 1e-12)) return m * decade
  return 10 * decade
}

function thinPath(path: { epoch: number; sigma: number }[]): { epoch: number; sigma: number }[] {
  if (path.length <= MAX_PATH_POINTS) return path
  const out: { epoch: number; sigma: number }[] = []
  for (let k = 0; k < MAX_PATH_POINTS - 1; k++) out.push(path[Math.floor((k * (path.length - 1)) / (MAX_PATH_POINTS - 1))]!)
  out.push(path[path.length - 1]!)
  return out
}

/** The sigmas the chart spans, before padding: its points, markers and path. */
export function looChartSpan(input: Pick<LooChartInput, 'points' | 'markers' | 'path'>): [number, number] | null {
  let lo = Infinity
  let hi = -Infinity
  const all = [...input.points.map((p) => p.sigma), ...input.markers.map((m) => m.sigma), ...(input.path ?? []).map((p) => p.sigma)]
  for (const s of all) {
    if (s > 0 && Number.isFinite(s)) {
      lo = Math.min(lo, s)
      hi = Math.max(hi, s)
    }
  }
  return hi >= lo ? [lo, hi] : null
}

export function looChartOption(input: LooChartInput, t: ChartTheme): EChartsOption {
  let lo = Infinity
  let hi = -Infinity
  const extend = (s: number) => {
    if (s > 0 && Number.isFinite(s)) {
      lo = Math.min(lo, s)
      hi = Math.max(hi, s)
    }
  }
  for (const p of input.points) extend(p.sigma)
  for (const m of input.markers) extend(m.sigma)
  for (const r of input.reach ?? []) extend(r)
  const path = input.path && input.path.length > 0 ? thinPath(input.path) : null
  if (path) for (const p of path) extend(p.sigma)
  if (!(hi >= lo)) {
    lo = 0.01
    hi = 10
  }
  const series: SeriesOption[] = [
    {
      name: 'LOO score',
      type: 'line',
      data: input.points.map((p) => [p.sigma, p.score]),
      showSymbol: input.points.length < 24,
      symbolSize: 4,
      connectNulls: false,
      lineStyle: { color: t.prediction, width: 2 },
      itemStyle: { color: t.prediction },
      markLine: {
        silent: true,
        symbol: 'none',
        animation: false,
        // ECharts rounds a mark line's value to 2 decimals by default: a sigma of 0.0052 went to 0.01.
        precision: -1,
        data: input.markers.map((m) => ({
          xAxis: m.sigma,
          name: m.label,
          lineStyle: { color: markerColor(m.kind, t), type: m.kind === 'current' ? 'solid' : 'dashed', width: m.kind === 'current' ? 2 : 1.2 },
          // Rules often sit close together: their labels take turns along the line.
          label: { formatter: m.label, color: markerColor(m.kind, t), position: LABEL_AT[m.kind], fontSize: 10 },
        })),
      },
      z: 3,
    },
  ]
  if (path) {
    series.push({
      name: 'σ_eff = 1/|w| per epoch',
      type: 'line',
      yAxisIndex: 1,
      data: path.map((p) => [p.sigma, p.epoch]),
      showSymbol: path.length <= 60,
      symbolSize: 4,
      lineStyle: { color: t.trained, width: 1.5 },
      itemStyle: { color: t.trained },
      z: 4,
    })
    const at = input.pathEpoch
    const current = at === null || at === undefined ? null : input.path!.find((p) => p.epoch === at)
    if (current) {
      series.push({
        name: `epoch ${current.epoch}`,
        type: 'scatter',
        yAxisIndex: 1,
        data: [[current.sigma, current.epoch]],
        symbolSize: 11,
        itemStyle: { color: t.trained, borderColor: t.text, borderWidth: 1 },
        z: 5,
      })
    }
  }
  const lastEpoch = path ? path[path.length - 1]!.epoch : 1
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: baseTextStyle(t),
    grid: { left: 50, right: path ? 42 : 14, top: 22, bottom: 34 },
    legend: path ? { top: 0, right: 4, textStyle: { color: t.text, fontSize: 10 }, itemHeight: 8, data: ['LOO score', 'σ_eff = 1/|w| per epoch'] } : { show: false },
    // The hovered sigma to 3 digits (ECharts rounded it to the log axis's tick precision: 0.0413 read 0.04) and the score to 4.
    tooltip: { ...tooltipStyle(t), trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? num(v) : String(v)) },
    xAxis: {
      type: 'log',
      name: 'σ',
      nameLocation: 'middle',
      nameGap: 20,
      min: lo / 1.25,
      max: hi * 1.25,
      ...axisStyle(t),
      axisLabel: { color: t.subtleText, formatter: formatTick, fontSize: 10, showMinLabel: false, showMaxLabel: false },
      axisPointer: { label: { formatter: ({ value }: { value: unknown }) => `σ = ${typeof value === 'number' ? num(value, 3) : String(value)}` } },
    },
    yAxis: [
      { type: 'value', scale: true, name: 'LOO MSE', nameLocation: 'middle', nameGap: 36, ...axisStyle(t), axisLabel: { color: t.subtleText, formatter: formatTick, fontSize: 10 } },
      { type: 'value', show: !!path, min: 0, max: niceCeiling(Math.max(1, lastEpoch)), name: 'epoch', nameLocation: 'middle', nameGap: 26, ...axisStyle(t), splitLine: { show: false }, axisLabel: { color: t.subtleText, fontSize: 10 } },
    ],
    series,
  }
}
