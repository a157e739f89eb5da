import type { EChartsOption } from 'echarts'
import { kernelInfo, sampleKernel, type KernelId } from '../engine/kernels'
import { screenDraw } from '../figures/draw'
import { figureOption } from '../figures/figureOption'
import type { Figure, LineSeries, XYPanel } from '../figures/model'
import { withFigure } from '../figures/registry'
import { formatTick, type ChartTheme } from './theme'

export interface KernelChartInput {
  kernels: { id: KernelId; sigma?: number; label?: string }[]
  /** Plotted distances, the chapter's [-2.5, 2.5] by default. */
  range?: [number, number]
  title?: string
  legend?: boolean
  animation?: boolean
}

/**
 * The profile each kernel is drawn with: K(0) = 1, as the chapter's code
 * draws them. Normalising constants (1/√(2π), 3/4, ...) cancel in the
 * attention weights, so the estimator uses these profiles too.
 */
export const KERNEL_PROFILES: Record<KernelId, string> = {
  gaussian: 'exp(−u²/2)',
  boxcar: '1 if |u| ≤ 1, else 0',
  constant: '1',
  triangular: 'max(0, 1 − |u|)',
  epanechnikov: 'max(0, 1 − u²)',
  quartic: '(1 − u²)² for |u| ≤ 1',
  triweight: '(1 − u²)³ for |u| ≤ 1',
  tricube: '(1 − |u|³)³ for |u| ≤ 1',
  cosine: 'cos(πu/2) for |u| ≤ 1',
}

/** What the plot draws, and how it relates to the density formula: the caption under every kernel plot. */
export function kernelCaption(id: KernelId): string {
  const info = kernelInfo(id)
  const density = info.formula.replace(/^K\(u\) = /, '')
  return `Drawn: K(u) = ${KERNEL_PROFILES[id]}, scaled to peak 1 (the density is ${density}; the constant cancels in the weights).`
}

/** The y axis name of kernel plots: says the scaling. */
export const KERNEL_AXIS = 'K(u), peak scaled to 1'

/** Evenly spaced samples, including both ends and 0, so a boxcar's edges and every peak show. */
export function kernelGrid([a, b]: [number, number], count = 501): number[] {
  const xs = Array.from({ length: count }, (_, i) => a + ((b - a) * i) / (count - 1))
  if (a < 0 && b > 0 && !xs.includes(0)) xs.push(0)
  return xs.sort((p, q) => p - q)
}

function kernelSeries(k: KernelChartInput['kernels'][number], xs: number[], color: string): LineSeries {
  return {
    type: 'line',
    name: k.label ?? `${kernelInfo(k.id).label}${k.sigma !== undefined && k.sigma !== 1 ? `, σ = ${formatTick(k.sigma)}` : ''}`,
    x: xs,
    y: sampleKernel(k.id, xs, k.sigma ?? 1),
    color,
    step: k.id === 'boxcar',
  }
}

/** Kernel shapes K(d / sigma) against the distance d between query and key, in one panel. */
export function kernelPanel(input: KernelChartInput, t: ChartTheme, id = 'kernel', xLabel = 'query − key'): XYPanel {
  const range = input.range ?? [-2.5, 2.5]
  const xs = kernelGrid(range)
  return {
    kind: 'xy',
    id,
    ...(input.title ? { title: input.title } : {}),
    x: { label: xLabel, min: range[0], max: range[1] },
    y: { label: KERNEL_AXIS, min: 0, max: 1 },
    series: input.kernels.map((k, i) => kernelSeries(k, xs, t.palette[i % t.palette.length]!)),
  }
}

/** The chapter's Fig. 7: one panel per kernel, sharing the y axis, each named below its x axis. */
export function kernelsFigure(kernels: { id: KernelId; name: string }[], t: ChartTheme, name = 'fig7'): Figure {
  return {
    name,
    panels: kernels.map((k) => ({
      ...kernelPanel({ kernels: [{ id: k.id, label: k.name }] }, { ...t, palette: [t.prediction] }, `kernel-${k.id}`, k.name),
    })),
    columns: kernels.length,
    colorScale: 'panel',
    shareY: true,
    legend: false,
    aspect: 4,
  }
}

export function kernelChartOption(input: KernelChartInput, t: ChartTheme): EChartsOption {
  const fig = (theme: ChartTheme): Figure => ({ name: 'kernel', panels: [kernelPanel(input, theme)], columns: 1, colorScale: 'panel', legend: input.legend !== false })
  const option = figureOption(fig(t), screenDraw(t))
  option.animation = input.animation ?? false
  return withFigure(option, fig)
}
