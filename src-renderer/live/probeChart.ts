import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams, CustomSeriesRenderItemReturn, EChartsOption } from 'echarts'
import { axisStyle, baseTextStyle, formatTick, tooltipStyle, type ChartTheme } from '../../src-shared/charts/theme'
import type { ProbeResult } from './protocol'

/**
 * The probe's bars: the query's attention weight on each key near it (or on
 * bins of keys), with the keys' values as points on the right-hand axis and
 * the estimate f(q) = sum alpha y as a line there.
 */
export function probeChartOption(probe: ProbeResult, t: ChartTheme): EChartsOption {
  const b = probe.bars
  const count = b.x.length
  // Each bar as wide as the room to its neighbours (90% of it), so unevenly spaced keys read as what they are.
  const bars: [number, number, number][] = []
  const values: [number, number][] = []
  let lo = probe.query
  let hi = probe.query
  // A lone key far from the others would get a slab: no bar is wider than the keys' mean spacing.
  const meanGap = count > 1 ? (b.x[count - 1]! - b.x[0]!) / (count - 1) : Infinity
  for (let k = 0; k < count; k++) {
    const left = k > 0 ? b.x[k]! - b.x[k - 1]! : Infinity
    const right = k < count - 1 ? b.x[k + 1]! - b.x[k]! : Infinity
    let half = 0.45 * Math.min(left, right, meanGap)
    if (!Number.isFinite(half) || half <= 0) half = b.binned ? 0.45 * b.width : 0.02 * probe.sigma
    bars.push([b.x[k]!, b.weight[k]!, half])
    if (!Number.isNaN(b.value[k]!)) values.push([b.x[k]!, b.value[k]!])
    lo = Math.min(lo, b.x[k]! - half)
    hi = Math.max(hi, b.x[k]! + half)
  }
  const pad = (hi - lo || Math.max(probe.sigma, 1e-9)) * 0.06
  // Keys without a numeric value (a classification's labels): no value axis, and no legend entry for points not drawn.
  const hasValues = values.length > 0
  const valueName = b.binned ? 'mean value per bin' : 'value y'
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: baseTextStyle(t),
    grid: { left: 52, right: 48, top: 24, bottom: 34 },
    // At the plot's left, not centred: the query's line, and its label 'q' above the plot, sit mid-chart.
    legend: { top: 0, left: 46, textStyle: { color: t.text, fontSize: 10 }, itemHeight: 8, data: [b.binned ? 'weight per bin' : 'weight α', ...(hasValues ? [valueName] : [])] },
    tooltip: { ...tooltipStyle(t), trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? formatTick(Number(v.toPrecision(4))) : String(v)) },
    xAxis: {
      type: 'value',
      name: 'key x',
      nameLocation: 'middle',
      nameGap: 20,
      min: lo - pad,
      max: hi + pad,
      ...axisStyle(t),
      axisLabel: { color: t.subtleText, formatter: formatTick, fontSize: 10, showMinLabel: false, showMaxLabel: false },
    },
    yAxis: [
      { type: 'value', min: 0, name: 'α', nameLocation: 'middle', nameGap: 38, ...axisStyle(t), axisLabel: { color: t.subtleText, formatter: formatTick, fontSize: 10 } },
      { type: 'value', show: hasValues, scale: true, name: 'y', nameLocation: 'middle', nameGap: 30, ...axisStyle(t), splitLine: { show: false }, axisLabel: { color: t.subtleText, formatter: formatTick, fontSize: 10 } },
    ],
    series: [
      {
        name: b.binned ? 'weight per bin' : 'weight α',
        type: 'custom',
        data: bars,
        itemStyle: { color: t.highlight },
        encode: { x: 0, y: 1 },
        renderItem: (_params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI): CustomSeriesRenderItemReturn => {
          const x = api.value(0) as number
          const half = api.value(2) as number
          const [x0, y0] = api.coord([x - half, api.value(1) as number])
          const [x1, base] = api.coord([x + half, 0])
          // At least a pixel wide, so a key among thousands still shows.
          const width = Math.max(1, x1! - x0!)
          return { type: 'rect', shape: { x: x0! + (x1! - x0! - width) / 2, y: y0!, width, height: base! - y0! }, style: { fill: t.highlight, opacity: 0.75 } }
        },
        markLine: {
          silent: true,
          symbol: 'none',
          animation: false,
          // ECharts rounds a mark line's value to 2 decimals by default (a query at 1.8626 was drawn at 1.86).
          precision: -1,
          data: [{ xAxis: probe.query, name: 'query', lineStyle: { color: t.highlight, width: 1 }, label: { formatter: 'q', color: t.highlight } }],
        },
      },
      {
        name: valueName,
        type: 'scatter',
        yAxisIndex: 1,
        data: values,
        symbolSize: 5,
        itemStyle: { color: t.points },
        markLine:
          probe.estimate === null
            ? undefined
            : {
                silent: true,
                symbol: 'none',
                animation: false,
                precision: -1,
                data: [
                  {
                    yAxis: probe.estimate,
                    name: 'f(q)',
                    lineStyle: { color: t.prediction, type: 'dashed' },
                    label: {
                      formatter: `f(q) = ${Number(probe.estimate.toPrecision(4))}`,
                      color: t.prediction,
                      position: 'insideEndTop',
                      // On the chart's background, so a bar or a point behind it does not garble it.
                      backgroundColor: t.background,
                      padding: [1, 3],
                    },
                  },
                ],
              },
      },
    ],
  }
}
