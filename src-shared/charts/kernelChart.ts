import type { EChartsOption, SeriesOption } from 'echarts'
import { kernelInfo, sampleKernel, type KernelId } from '../engine/kernels'
import { axisStyle, baseTextStyle, titleOption, formatTick, tooltipStyle, type ChartTheme } from './theme'

export interface KernelChartInput {
  kernels: { id: KernelId; sigma?: number; label?: string }[]
  /** Plotted distances, the chapter's [-2.5, 2.5] by default. */
  range?: [number, number]
  title?: string
  legend?: boolean
  animation?: boolean
}

/** Evenly spaced samples, including both ends and 0, so a boxcar's edges and every peak show. */
export function kernelGrid([a, b]: [number, number], count = 501): number[] {
  const xs = Array.from({ length: count }, (_, i) => a + ((b - a) * i) / (count - 1))
  if (a < 0 && b > 0 && !xs.includes(0)) xs.push(0)
  return xs.sort((p, q) => p - q)
}

/** Kernel shapes K(d / sigma) against the distance d between query and key. */
export function kernelChartOption(input: KernelChartInput, t: ChartTheme): EChartsOption {
  const xs = kernelGrid(input.range ?? [-2.5, 2.5])
  const series: SeriesOption[] = input.kernels.map((k, i) => {
    const ys = sampleKernel(k.id, xs, k.sigma ?? 1)
    const color = t.palette[i % t.palette.length]!
    return {
      name: k.label ?? `${kernelInfo(k.id).label}${k.sigma !== undefined && k.sigma !== 1 ? `, σ = ${formatTick(k.sigma)}` : ''}`,
      type: 'line',
      data: xs.map((x, j) => [x, ys[j]!]),
      showSymbol: false,
      // Boxcar and constant kernels are steps: draw them as such.
      step: k.id === 'boxcar' ? 'middle' : false,
      lineStyle: { color, width: 2 },
      itemStyle: { color },
    }
  })
  return {
    animation: input.animation ?? false,
    backgroundColor: 'transparent',
    textStyle: baseTextStyle(t),
    ...titleOption(t, input.title),
    legend: input.legend === false ? { show: false } : { top: input.title ? 22 : 0, textStyle: { color: t.text } },
    grid: { left: 44, right: 16, top: input.title ? 54 : 32, bottom: 36 },
    tooltip: { ...tooltipStyle(t), trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? v.toPrecision(3) : String(v)) },
    xAxis: { type: 'value', name: 'query − key', nameLocation: 'middle', nameGap: 24, min: xs[0], max: xs[xs.length - 1], ...axisStyle(t), axisLabel: { color: t.subtleText, formatter: formatTick } },
    yAxis: { type: 'value', min: 0, max: 1.1, ...axisStyle(t), axisLabel: { color: t.subtleText, formatter: formatTick } },
    series,
  }
}
