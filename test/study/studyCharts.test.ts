import { init } from 'echarts/core'
import { describe, expect, it } from 'vitest'
import '../../src-renderer/live/echartsParts'
import { bandChartOption, legendRows, studyMetricLines } from '../../src-shared/charts/studyCharts'
import { LIGHT_THEME } from '../../src-shared/charts/theme'
import type { StudyView } from '../../src-shared/study/views'

/** A study of test MSE over sigma (3 values) for the given kernels. */
function study(name: string, kernels: string[]): StudyView {
  const sigmas = [0.1, 0.3, 1]
  return {
    name,
    axes: [
      { path: 'sigma', kind: 'log', values: sigmas },
      { path: 'kernel', kind: 'list', values: kernels },
    ],
    cells: kernels.flatMap((kernel, k) =>
      sigmas.map((sigma, i) => ({ key: `${k}-${i}`, params: { sigma, kernel }, runIds: [], metrics: { testMse: { mean: 0.2 + k + i / 10, sd: 0.05, n: 3, ci95: [0.1 + k, 0.4 + k] } } })),
    ),
  } as unknown as StudyView
}

describe('study charts', () => {
  it('give a group one colour in every study compared, the second study dashed', () => {
    const palette = LIGHT_THEME.palette
    const { lines } = studyMetricLines([study('kernels by width, noisier', ['gaussian', 'boxcar']), study('kernels by width', ['epanechnikov', 'gaussian', 'boxcar'])], 'testMse', 'sigma', 'ci', palette)
    const colour = (name: string) => lines.find((l) => l.name === name)!.color
    expect(lines.map((l) => l.dashed)).toEqual([false, false, true, true, true])
    expect(colour('kernels by width · kernel = gaussian')).toBe(colour('kernels by width, noisier · kernel = gaussian'))
    expect(colour('kernels by width · kernel = boxcar')).toBe(colour('kernels by width, noisier · kernel = boxcar'))
    expect(new Set(lines.map((l) => l.color)).size).toBe(3)
  })

  it('show every legend entry, on as many rows as it takes, below the axis name (a scrolling legend hid the keys past its first page)', () => {
    const { lines } = studyMetricLines([study('kernels by width, noisier', ['gaussian', 'boxcar']), study('kernels by width', ['epanechnikov', 'gaussian', 'boxcar'])], 'testMse', 'sigma', 'ci', LIGHT_THEME.palette)
    const names = lines.map((l) => l.name)
    expect(legendRows(['a'])).toBe(1)
    expect(legendRows(names)).toBeGreaterThan(1)
    const option = bandChartOption({ lines, xName: 'sigma', yName: 'test MSE', logX: true, legend: true }, LIGHT_THEME)
    expect((option.legend as { type: string }).type).toBe('plain')
    const chart = init(null, null, { renderer: 'svg', ssr: true, width: 600, height: 400 })
    chart.setOption(option as never)
    chart.renderToSVGString()
    type Box = { x: number; y: number; width: number; height: number; clone(): Box; applyTransform(m: unknown): void }
    type Text = { type: string; style: { text?: string }; getBoundingRect(): Box; getComputedTransform(): unknown }
    const list = (chart.getZr() as unknown as { storage: { getDisplayList(update: boolean): Text[] } }).storage.getDisplayList(true)
    const box = (text: string) => {
      const el = list.find((e) => e.type === 'tspan' && e.style.text === text)
      expect(el, `"${text}" drawn`).toBeDefined()
      const r = el!.getBoundingRect().clone()
      r.applyTransform(el!.getComputedTransform())
      return r
    }
    const axisName = box('sigma')
    for (const name of names) {
      const b = box(name)
      expect(b.y, `${name} below the axis name`).toBeGreaterThanOrEqual(axisName.y + axisName.height)
      expect(b.y + b.height).toBeLessThanOrEqual(400)
    }
  })
})
