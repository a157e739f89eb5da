import type { EChartsOption, SeriesOption } from 'echarts'
import { fitChartOption, type FitChartInput } from '../../src-shared/charts/fitChart'
import { heatmapChartOption } from '../../src-shared/charts/heatmapChart'
import { kernelChartOption } from '../../src-shared/charts/kernelChart'
import type { ChartTheme } from '../../src-shared/charts/theme'
import { kernelInfo, type KernelId } from '../../src-shared/engine/kernels'
import { withHeatmapImage, type ChartSize } from './heatmapImage'
import type { LiveFrame, ProbeResult } from './protocol'

/**
 * Options of the live panels, built on the shared fit, heatmap and kernel
 * builders (the same pictures a saved run shows), with what only the live
 * views add: a pinned frame overlaid, and the probe.
 */

export function formatSigma(sigma: number): string {
  return String(Number(sigma.toPrecision(3)))
}

/** Where the probe's kernel is sampled: over the drawn data (queries and keys) and a tenth beyond each end. */
export function probeKernelXs(frame: LiveFrame): number[] {
  let lo = Infinity
  let hi = -Infinity
  for (const a of [frame.xs, frame.xTrain]) {
    for (let i = 0; i < a.length; i++) {
      if (a[i]! < lo) lo = a[i]!
      if (a[i]! > hi) hi = a[i]!
    }
  }
  const span = hi - lo || 1
  return Array.from({ length: 241 }, (_, i) => lo - 0.1 * span + (1.2 * span * i) / 240)
}

/** The probe drawn on the fit: the query line and the kernel centred on the query (the keys' shading is a series of its own). */
function probeHighlight(frame: LiveFrame, probe: ProbeResult | null): FitChartInput['highlight'] {
  if (!probe) return null
  const xs = probeKernelXs(frame)
  const profile = kernelInfo(probe.kernel).profile
  return { x: probe.query, weights: null, kernel: { x: xs, y: xs.map((x) => profile((x - probe.query) / probe.sigma)) } }
}

/** Weight below which a drawn key is not marked as attended (relative to the largest). */
export const SHADE_FLOOR = 1e-3

/**
 * The keys the probed query attends to, sized and shaded by weight: only
 * those with a visible weight, so the thousands of others stay one cheap
 * "large" series underneath.
 */
function attendedKeys(frame: LiveFrame, probe: ProbeResult, t: ChartTheme): SeriesOption {
  const w = probe.shading
  let max = 0
  for (let k = 0; k < w.length; k++) if (w[k]! > max) max = w[k]!
  const data: { value: number[]; symbolSize: number; itemStyle: { opacity: number } }[] = []
  for (let k = 0; k < w.length && max > 0; k++) {
    const s = w[k]! / max
    if (s >= SHADE_FLOOR) data.push({ value: [frame.xTrain[k]!, frame.yTrain[k]!], symbolSize: 4 + 10 * Math.sqrt(s), itemStyle: { opacity: 0.15 + 0.85 * s } })
  }
  return { name: 'Attention on keys', type: 'scatter', data, itemStyle: { color: t.highlight }, silent: true, z: 6 }
}

/** Drawn points above which the training points are one batched ("large") series: per-point shapes cost ~0.1 ms each. */
const LARGE_POINTS = 300

/**
 * A pinned frame's colour, in every panel that draws it: brown, a hue no other curve uses (it was the red of
 * the probe's line, dashed beside the truth's dashed magenta).
 */
export const PINNED_COLOR = (t: ChartTheme): string => t.palette[5]!

export interface LiveFitInput {
  frame: LiveFrame
  probe?: ProbeResult | null
  /** A pinned frame drawn under this one, for A/B. */
  pinned?: { frame: LiveFrame; label: string } | null
  label?: string
}

/**
 * The name of the frame's prediction curve (in the legend): 'B' beside a
 * pinned A, whatever its kernel and sigma, so that the legend, part of the
 * fit's ECharts frame, stays the same while B's sigma is dragged (a name
 * with sigma in it made ECharts redraw the whole frame every time); the
 * panel's heading says which kernel and sigma A and B are.
 */
export function curveName(input: LiveFitInput): string {
  return input.label ?? (input.pinned ? 'B' : 'Pred')
}

export function liveFitOption(input: LiveFitInput, t: ChartTheme): EChartsOption {
  const { frame, pinned } = input
  const name = curveName(input)
  const option = fitChartOption(
    {
      xQuery: frame.xs,
      xTrain: frame.xTrain,
      yTrain: frame.yTrain,
      yTruth: frame.yTruth,
      curves: [{ name, y: frame.yHat }],
      baseline: frame.baseline,
      highlight: probeHighlight(frame, input.probe ?? null),
      maxPoints: frame.xTrain.length,
      zoom: false,
      animation: false,
    },
    t,
  )
  const series = option.series as SeriesOption[]
  const points = series.find((x) => x.name === 'Training points') as { symbolSize?: number; itemStyle?: { opacity?: number }; z?: number; large?: boolean; largeThreshold?: number } | undefined
  if (points && frame.xTrain.length > LARGE_POINTS) {
    points.large = true
    points.largeThreshold = LARGE_POINTS
  }
  // Thousands of points would hide the fit: drawn small and faint, under the curves.
  if (points && frame.n > 2000) {
    points.symbolSize = 3
    points.itemStyle = { ...points.itemStyle, opacity: 0.22 }
    points.z = 2
  }
  if (input.probe) series.push(attendedKeys(frame, input.probe, t))
  if (!pinned) return option
  const a = pinned.frame
  const data: (number | null)[][] = new Array(a.xs.length)
  for (let i = 0; i < a.xs.length; i++) data[i] = [a.xs[i]!, Number.isNaN(a.yHat[i]!) ? null : a.yHat[i]!]
  const color = PINNED_COLOR(t)
  // symbol 'none': its legend icon is a dashed line like the curve, without the circle ECharts adds otherwise.
  series.push({ name: pinned.label, type: 'line', data, symbol: 'none', showSymbol: false, connectNulls: false, lineStyle: { color, width: 2, type: 'dashed' }, itemStyle: { color }, z: 4 })
  const legend = option.legend as { data?: string[] }
  if (legend.data) legend.data.push(pinned.label)
  return option
}

/** The shared heatmap figure at a chart size, its cells drawn as an image (see heatmapImage.ts). */
export function liveHeatmapOption(frame: LiveFrame, t: ChartTheme, size: ChartSize, scaleMax?: number): EChartsOption {
  const h = frame.heatmap
  const option = heatmapChartOption({ heatmap: h, animation: false, keys: frame.n, queries: frame.m, ...(scaleMax ? { scaleMax } : {}) }, t)
  return withHeatmapImage(option, h, t.heat, scaleMax ?? (h.max > 0 ? h.max : 1), size)
}

/** The kernel at sigma (and any others to compare), drawn over the distances they reach; `colors` overrides the palette per kernel. */
export function liveKernelOption(kernels: { id: KernelId; sigma: number; label: string; color?: string }[], t: ChartTheme): EChartsOption {
  let reach = 2.5
  for (const k of kernels) reach = Math.max(reach, 2.5 * k.sigma)
  const option = kernelChartOption({ kernels, range: [-reach, reach], animation: false }, t)
  const series = option.series as { lineStyle?: { color?: string }; itemStyle?: { color?: string } }[]
  kernels.forEach((k, i) => {
    const s = series[i]
    if (k.color && s) {
      s.lineStyle = { ...s.lineStyle, color: k.color }
      s.itemStyle = { ...s.itemStyle, color: k.color }
    }
  })
  return option
}

export function kernelLabel(id: KernelId, sigma: number, prefix = ''): string {
  return `${prefix}${kernelInfo(id).label}, σ = ${formatSigma(sigma)}`
}

