import type { EChartsOption } from 'echarts'
import type { UnitSphereResult } from '../study/exercises/types'
import type { ChartTheme } from './theme'

/**
 * Exercise 3's figure: one query's attention weights over the keys (ordered
 * by the keys' angle on the circle), under distance and dot-product scoring,
 * on the unit circle (the two curves coincide) and off it (they part).
 */
export function unitSphereOption(r: UnitSphereResult, t: ChartTheme): EChartsOption {
  const row = r.row!
  const series = [
    { name: 'on the circle: distance', data: row.onDistance, color: t.prediction, type: 'solid', width: 4, opacity: 0.45 },
    { name: 'on the circle: dot product', data: row.onDot, color: t.prediction, type: 'dashed', width: 1.5, opacity: 1 },
    { name: 'off it: distance', data: row.offDistance, color: t.points, type: 'solid', width: 4, opacity: 0.45 },
    { name: 'off it: dot product', data: row.offDot, color: t.highlight, type: 'dashed', width: 1.5, opacity: 1 },
  ] as const
  const axis = { axisLine: { lineStyle: { color: t.axis } }, axisLabel: { color: t.subtleText }, splitLine: { lineStyle: { color: t.grid } }, nameTextStyle: { color: t.text } }
  return {
    backgroundColor: t.background,
    animation: false,
    legend: { top: 0, textStyle: { color: t.text, fontSize: 11 } },
    grid: { left: 56, right: 12, top: 48, bottom: 40 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', name: 'key angle (radians)', nameLocation: 'middle', nameGap: 24, min: -Math.PI, max: Math.PI, ...axis },
    // At the plot's left edge, not at angle 0 where the weights peak.
    yAxis: { type: 'value', name: 'weight of query 0', ...axis, axisLine: { onZero: false, lineStyle: { color: t.axis } } },
    series: series.map((s) => ({
      type: 'line' as const,
      name: s.name,
      showSymbol: false,
      data: row.angle.map((a, j) => [a, s.data[j]!]),
      lineStyle: { color: s.color, type: s.type, width: s.width, opacity: s.opacity },
      itemStyle: { color: s.color },
    })),
  }
}
