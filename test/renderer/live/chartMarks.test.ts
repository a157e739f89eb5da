import { init } from 'echarts/core'
import { describe, expect, it } from 'vitest'
import { LIGHT_THEME } from '../../../src-shared/charts/theme'
import '../../../src-renderer/live/echartsParts'
import { looChartOption, niceCeiling, type LooMarker } from '../../../src-renderer/live/looChart'
import { probeAt } from '../../../src-renderer/live/probe'
import { probeChartOption } from '../../../src-renderer/live/probeChart'

type El = { type: string; shape?: { x1?: number; x2?: number }; parent?: El | null }

/** The x pixel of each vertical line ECharts drew (mark lines are zrender lines with x1 = x2). */
function verticalLines(option: unknown): { xs: number[]; toPixel: (x: number) => number } {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: 600, height: 240 })
  chart.setOption(option as never)
  chart.renderToSVGString()
  const list = (chart.getZr() as unknown as { storage: { getDisplayList(update: boolean): El[] } }).storage.getDisplayList(true)
  const xs = list.filter((el) => el.type === 'ec-line' && el.shape && el.shape.x1 === el.shape.x2).map((el) => el.shape!.x1!)
  const toPixel = (x: number) => chart.convertToPixel({ xAxisIndex: 0 }, x) as number
  return { xs, toPixel }
}

type Box = { x: number; y: number; width: number; height: number; clone(): Box; applyTransform(m: unknown): void }
type Text = El & { style: { text?: string }; getBoundingRect(): Box; getComputedTransform(): unknown }

/** The drawn box of each text ECharts drew for `option`, by its text (the first one with that text). */
function textBoxes(option: unknown, width: number, height: number): (text: string) => Box {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width, height })
  chart.setOption(option as never)
  chart.renderToSVGString()
  const list = (chart.getZr() as unknown as { storage: { getDisplayList(update: boolean): Text[] } }).storage.getDisplayList(true)
  return (text: string) => {
    const el = list.find((e) => e.type === 'tspan' && e.style.text === text)
    if (!el) throw new Error(`no text "${text}" drawn`)
    const r = el.getBoundingRect().clone()
    r.applyTransform(el.getComputedTransform())
    return r
  }
}

const apart = (a: Box, b: Box) => a.y + a.height <= b.y || b.y + b.height <= a.y || a.x + a.width <= b.x || b.x + b.width <= a.x

describe('the charts’ marks', () => {
  it('put the rules’ and the optimum’s lines at their sigma, however small (ECharts rounds marks to 2 decimals unless told not to)', () => {
    const markers: LooMarker[] = [
      { kind: 'silverman', sigma: 0.00519, label: 'Silverman' },
      { kind: 'scott', sigma: 0.00611, label: 'Scott' },
      { kind: 'loo', sigma: 0.0156, label: 'LOO optimum' },
    ]
    const points = Array.from({ length: 12 }, (_, k) => ({ sigma: 0.002 * 1.3 ** k, score: 1 + (k - 6) ** 2 / 10 }))
    const { xs, toPixel } = verticalLines(looChartOption({ points, markers }, LIGHT_THEME))
    for (const m of markers) expect(xs.some((x) => Math.abs(x - toPixel(m.sigma)) < 0.5), `${m.label} at ${m.sigma}`).toBe(true)
  })

  it('keep the labels of close marks apart (Scott’s, from the middle of its line, overprinted Silverman’s)', () => {
    const points = Array.from({ length: 12 }, (_, k) => ({ sigma: 0.00002 * 2 ** k, score: 1 + (k - 6) ** 2 / 10 }))
    const markers: LooMarker[] = [
      { kind: 'silverman', sigma: 0.000519, label: 'Silverman' },
      { kind: 'scott', sigma: 0.000611, label: 'Scott' },
      { kind: 'loo', sigma: 0.00066, label: 'LOO min' },
      { kind: 'current', sigma: 0.00066, label: 'run σ' },
    ]
    const box = textBoxes(looChartOption({ points, markers }, LIGHT_THEME), 330, 160)
    const labels = markers.map((m) => box(m.label))
    for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) expect(apart(labels[i]!, labels[j]!), `${markers[i]!.label} / ${markers[j]!.label}`).toBe(true)
  })

  it('put the probe’s query line at the query, not at it rounded to 2 decimals', () => {
    const keys = Float64Array.from({ length: 40 }, (_, k) => 1.855 + k * 0.0004)
    const values = keys.map((x) => Math.sin(x))
    const probe = probeAt(1.8626, keys, values, null, 'gaussian', 0.001, new Uint32Array(0), 40)
    const { xs, toPixel } = verticalLines(probeChartOption(probe, LIGHT_THEME))
    // 1.8626 and 1.86 are many pixels apart on this axis.
    expect(Math.abs(toPixel(1.8626) - toPixel(1.86))).toBeGreaterThan(5)
    expect(xs.some((x) => Math.abs(x - toPixel(1.8626)) < 0.5)).toBe(true)
  })

  it('keep the probe’s query label clear of the legend (the query sits mid-chart, where the legend was centred)', () => {
    const keys = Float64Array.from({ length: 50 }, (_, k) => k / 10)
    const probe = probeAt(2.45, keys, keys.map(Math.sin), null, 'gaussian', 0.3, new Uint32Array(0), 50)
    const box = textBoxes(probeChartOption(probe, LIGHT_THEME), 600, 240)
    expect(apart(box('q'), box('weight α'))).toBe(true)
    expect(apart(box('q'), box('value y'))).toBe(true)
  })

  it('draw no value axis and list no value points for keys without numeric values (a classification’s labels)', () => {
    const keys = Float64Array.from({ length: 40 }, (_, k) => k / 10)
    const numeric = probeAt(2, keys, keys.map(Math.sin), null, 'gaussian', 0.5, new Uint32Array(0), 40)
    const labels = { ...numeric, estimate: null, bars: { ...numeric.bars, value: numeric.bars.value.map(() => NaN) } }
    const legend = (o: ReturnType<typeof probeChartOption>) => (o.legend as { data: string[] }).data
    const valueAxis = (o: ReturnType<typeof probeChartOption>) => (o.yAxis as { show?: boolean }[])[1]!
    expect(legend(probeChartOption(numeric, LIGHT_THEME))).toEqual(['weight α', 'value y'])
    expect(valueAxis(probeChartOption(numeric, LIGHT_THEME)).show).toBe(true)
    expect(legend(probeChartOption(labels, LIGHT_THEME))).toEqual(['weight α'])
    expect(valueAxis(probeChartOption(labels, LIGHT_THEME)).show).toBe(false)
  })

  it('end the epoch axis on a round number (it ended at the last epoch: 868, 1,165)', () => {
    expect([868, 1165, 60, 5, 12, 1000, 1].map(niceCeiling)).toEqual([1000, 1500, 60, 5, 15, 1000, 1])
    const path = Array.from({ length: 869 }, (_, epoch) => ({ epoch, sigma: 1 / (1 + epoch / 100) }))
    const option = looChartOption({ points: [{ sigma: 0.1, score: 1 }, { sigma: 1, score: 2 }], markers: [], path }, LIGHT_THEME)
    expect((option.yAxis as { max?: number }[])[1]!.max).toBe(1000)
  })
})
