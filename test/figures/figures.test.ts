import { describe, expect, it, vi } from 'vitest'

// Figures are drawn and rasterised for real: allow for a loaded 2-core machine.
vi.setConfig({ testTimeout: 60_000 })
import type { RunDetail } from '../../src-shared/api/runs'
import { fitChartOption, fitPanel, pointStyle } from '../../src-shared/charts/fitChart'
import { heatmapChartOption, type HeatmapData } from '../../src-shared/charts/heatmapChart'
import { KERNEL_AXIS, kernelCaption, kernelChartOption, KERNEL_PROFILES } from '../../src-shared/charts/kernelChart'
import { modelTitle } from '../../src-shared/charts/runCharts'
import { LIGHT_THEME } from '../../src-shared/charts/theme'
import { KERNEL_IDS, sampleKernel } from '../../src-shared/engine/kernels'
import { generateDataset } from '../../src-shared/engine/data'
import { nwPredict } from '../../src-shared/engine/estimate'
import { nwHeatmap } from '../../src-shared/engine/heatmap'
import { presetGeneratorParams } from '../../src-shared/engine/presets'
import { CHAPTER_FIGURES, chapterFigure, type ChapterData } from '../../src-shared/figures/chapter'
import { exportDraw } from '../../src-shared/figures/draw'
import { figureOption, formatWeight } from '../../src-shared/figures/figureOption'
import { figureSvg } from '../../src-shared/figures/printSvg'
import { makeStyle } from '../../src-shared/figures/style'
import { layoutSize } from '../../src-shared/figures/style'
import { ssrInit } from '../../src-main/export/renderChart'

type Opt = Record<string, unknown> & { grid: unknown[]; series: { type: string; z?: number; name?: string; itemStyle?: { opacity?: number } }[]; visualMap?: { show: boolean; max: number; formatter: (v: number) => string }[] }

/** Runs of the chapter's slots made by the engine directly (no store), enough to build any figure. */
function chapterData(): ChapterData {
  const runs = new Map<string, RunDetail>()
  const run = (slot: string): RunDetail => {
    let r = runs.get(slot)
    if (r) return r
    const newest = slot.startsWith('fig8') || slot.startsWith('fig9')
    const d = generateDataset(presetGeneratorParams(newest ? 'd2l-newest' : 'd2l-oldest', 0))
    const kernel = slot === 'fig1' ? 'constant' : slot.startsWith('fig8-') ? (slot.slice(5) as 'gaussian') : 'gaussian'
    const sigma = slot.startsWith('fig9-') ? Number(slot.slice(5)) : 1
    const yHat = Array.from(nwPredict({ keys: d.xTrain, values: d.yTrain, queries: d.xQuery, kernel, sigma }).yHat)
    r = {
      id: slot, name: slot, mode: slot === 'fig5' ? 'parametric' : 'nonparametric', kernel, sigma, w: slot === 'fig5' ? 4 : null, status: 'done',
      data: { nTrain: d.xTrain.length, nQuery: d.xQuery.length }, training: null, batchLoss: null, finishedAt: 0,
      epochs: [{ epoch: 1, loss: 20, w: 2 }, { epoch: 2, loss: 9, w: 4 }],
      arrays: { xTrain: Array.from(d.xTrain), yTrain: Array.from(d.yTrain), xQuery: Array.from(d.xQuery), yTruth: Array.from(d.yTruth!), yHat, yHatNonparametric: yHat, baseline: 2 },
    } as unknown as RunDetail
    runs.set(slot, r)
    return r
  }
  return {
    run,
    heatmap: (slot) => {
      const r = run(slot)
      const a = r.arrays!
      return nwHeatmap({ keys: Float64Array.from(a.xTrain), values: Float64Array.from(a.yTrain), queries: Float64Array.from(a.xQuery), kernel: r.kernel, sigma: r.sigma! }, 100, 100)
    },
  }
}

const data = chapterData()
const style = makeStyle('double', { height: 11 })

function drawn(id: string, colorScale: 'panel' | 'shared') {
  const fig = chapterFigure(id).build(data, { theme: LIGHT_THEME, colorScale })
  const option = figureOption(fig, exportDraw(style, layoutSize(style))) as Opt
  const { svg } = figureSvg(ssrInit, fig, style)
  return { fig, option, svg }
}

const shownBars = (o: Opt) => (o.visualMap ?? []).filter((v) => v.show).length
/** Colour bars in the SVG: ECharts draws each as gradient-filled shapes at one place (one transform). */
const svgBars = (svg: string) => new Set(Array.from(svg.matchAll(/<polygon [^>]*transform="([^"]*)"[^>]*fill="url\(#/g), (m) => m[1])).size

describe('multi-panel figures', () => {
  it('draws figure 7 as four panels, one kernel each, as the chapter does', () => {
    const { option, svg } = drawn('fig7', 'panel')
    expect(option.grid).toHaveLength(4)
    expect(option.series.map((s) => s.name)).toEqual(['Gaussian', 'Boxcar', 'Constant', 'Epanechikov (triangular)'])
    for (const name of ['Gaussian', 'Boxcar', 'Constant']) expect(svg).toContain(`>${name}</text>`)
  })

  it.each(['fig8', 'fig9'])('draws %s as eight panels with four colour bars, one per heatmap (the chapter scales each on its own)', (id) => {
    const { option, svg } = drawn(id, 'panel')
    expect(option.grid).toHaveLength(8)
    expect(option.series.filter((s) => s.type === 'heatmap')).toHaveLength(4)
    expect(shownBars(option)).toBe(4)
    expect(svgBars(svg)).toBe(4)
    const maxima = option.visualMap!.map((v) => v.max)
    // σ = 0.1 peaks near 1 and σ = 1 near 0.1: each panel uses its own range.
    expect(new Set(maxima).size).toBe(4)
  })

  it.each(['fig8', 'fig9'])('draws %s on one shared scale with a single colour bar when asked', (id) => {
    const { option, svg } = drawn(id, 'shared')
    expect(option.grid).toHaveLength(8)
    expect(shownBars(option)).toBe(1)
    expect(svgBars(svg)).toBe(1)
    expect(new Set(option.visualMap!.map((v) => v.max)).size).toBe(1)
  })

  it('gives figures 3 and 6 a colour bar', () => {
    for (const id of ['fig3', 'fig6']) {
      const { option, svg } = drawn(id, 'panel')
      expect(shownBars(option), id).toBe(1)
      expect(svgBars(svg), id).toBe(1)
    }
  })

  it('aligns the axes: panels of a column share their left edge, panels of a row their top and height', () => {
    const { option } = drawn('fig9', 'panel')
    const g = option.grid as { left: number; top: number; height: number }[]
    for (let c = 0; c < 4; c++) expect(g[c]!.left).toBeCloseTo(g[c + 4]!.left, 6)
    for (let c = 1; c < 4; c++) {
      expect(g[c]!.top).toBeCloseTo(g[0]!.top, 6)
      expect(g[c]!.height).toBeCloseTo(g[0]!.height, 6)
    }
  })

  it('defines every figure of the chapter, 1 to 9', () => {
    expect(CHAPTER_FIGURES.map((f) => f.id)).toEqual(['fig1', 'fig2', 'fig3', 'fig4', 'fig5', 'fig6', 'fig7', 'fig8', 'fig9'])
    for (const f of CHAPTER_FIGURES) expect(f.build(data, { theme: LIGHT_THEME, colorScale: 'panel' }).panels.length).toBeGreaterThan(0)
  })
})

describe('charts that tell the truth', () => {
  it('draws every kernel with peak 1 and says so: the caption gives the formula drawn, the axis the scaling', () => {
    for (const id of KERNEL_IDS) {
      const peak = sampleKernel(id, [0], 1)[0]
      expect(peak, id).toBe(1)
      expect(kernelCaption(id)).toContain(`Drawn: K(u) = ${KERNEL_PROFILES[id]}, scaled to peak 1`)
    }
    // The Gaussian's density constant is named as not drawn, not given as the drawn formula.
    expect(kernelCaption('gaussian')).toMatch(/^Drawn: K\(u\) = exp\(−u²\/2\), scaled to peak 1 \(the density is exp\(-u²\/2\) \/ √\(2π\)/)
    const o = kernelChartOption({ kernels: [{ id: 'epanechnikov' }] }, LIGHT_THEME) as Opt & { yAxis: { name: string; max: number }[] }
    expect(o.yAxis[0]!.name).toBe(KERNEL_AXIS)
    expect(o.yAxis[0]!.max).toBe(1)
  })

  it('titles trained weights with the fact, σ_eff, never a fixed "sharper"', () => {
    const run = { kernel: 'gaussian' as const, sigma: 1, mode: 'parametric' as const }
    expect(modelTitle({ ...run, w: 1 / 19.7 }, 'trained', 'weights')).toBe('Trained weights, σ_eff = 1/|w| = 19.7')
    expect(modelTitle({ ...run, w: -4.3 }, 'trained', 'weights')).toBe('Trained weights, σ_eff = 1/|w| = 0.233')
    expect(modelTitle({ ...run, w: 4.3 }, 'nonparametric', 'weights')).toBe('Nonparametric attention weights: Gaussian, σ = 1')
    for (const w of [0.05, 20]) expect(modelTitle({ ...run, w }, 'trained', 'weights')).not.toMatch(/sharper|wider/)
  })

  it('labels heatmap axes as ranks, with the input value at a few ranks', () => {
    const d = generateDataset(presetGeneratorParams('d2l-oldest', 0))
    const h: HeatmapData = nwHeatmap({ keys: d.xTrain, values: d.yTrain, queries: d.xQuery, kernel: 'gaussian', sigma: 1 }, 100, 100)
    const o = heatmapChartOption({ heatmap: h }, LIGHT_THEME) as Opt & { xAxis: { name: string; data: string[]; axisLabel: { interval: (i: number) => boolean } }[] }
    const x = o.xAxis[0]!
    expect(x.name).toMatch(/rank/)
    const shown = x.data.filter((_, i) => x.axisLabel.interval(i))
    expect(shown.length).toBeLessThanOrEqual(7)
    // Block k is the (k + 1)-th smallest input; its label gives that rank and the input.
    expect(shown[0]).toBe(`1\n(${Number(d.xTrain.slice().sort()[0]!.toPrecision(3))})`)
    for (const l of shown) expect(l).toMatch(/^\d+\n\(.+\)$/)
  })

  it('reads the weight on the colour bar hover marker (0.0397, not "0")', () => {
    const h: HeatmapData = { rows: 1, cols: 2, values: [0.0397, 0.12], max: 0.12, rowEdges: [0, 1], colEdges: [0, 1, 2] }
    const o = heatmapChartOption({ heatmap: h }, LIGHT_THEME) as Opt
    expect(o.visualMap![0]!.formatter(0.0397)).toBe('0.0397')
    expect(formatWeight(0.0004)).toBe('4.0e-4')
  })

  it('draws lines above the points, and fades and shrinks the points as n grows', () => {
    const n = 20_000
    const d = generateDataset({ fn: 'sin', n, noiseSd: 1, xMin: 0, xMax: 5, queryStep: 0.1, seed: 1 })
    const yHat = nwPredict({ keys: d.xTrain, values: d.yTrain, queries: d.xQuery, kernel: 'gaussian', sigma: 0.3 }).yHat
    const o = fitChartOption({ xQuery: d.xQuery, xTrain: d.xTrain, yTrain: d.yTrain, yTruth: d.yTruth, curves: [{ name: 'Pred', y: yHat }] }, LIGHT_THEME) as Opt
    const points = o.series.find((s) => s.type === 'scatter')!
    for (const line of o.series.filter((s) => s.type === 'line')) expect(line.z!, line.name).toBeGreaterThan(points.z!)
    expect(points.itemStyle!.opacity!).toBeLessThan(0.1)
    expect(pointStyle(50).opacity).toBeCloseTo(0.55)
    expect(pointStyle(10_000).opacity).toBeLessThan(pointStyle(1_000).opacity)
    expect(pointStyle(10_000).size).toBeLessThan(pointStyle(50).size)
    const panel = fitPanel({ xQuery: d.xQuery, xTrain: d.xTrain, yTrain: d.yTrain, curves: [{ name: 'Pred', y: yHat }], maxPoints: 2000 }, LIGHT_THEME)
    expect(panel.series.find((s) => s.type === 'scatter')!.x.length).toBe(2000)
  })
})
