import { DOMParser } from '@xmldom/xmldom'
import { describe, expect, it } from 'vitest'
import { experimentSpecSchema } from '../../src-shared/api/spec'
import { vectorSliceOption, vectorSurfaceOption, vectorWidthsOption } from '../../src-shared/charts/vectorCharts'
import { viridisAt } from '../../src-shared/charts/vectorFigures'
import { LIGHT_THEME } from '../../src-shared/charts/theme'
import { runExperiment } from '../../src-shared/experiment/execute'
import { normalizeSpec } from '../../src-shared/experiment/normalize'
import { computeVectorView } from '../../src-shared/experiment/vectorView'
import { exportFigure } from '../../src-shared/figures/exportFigure'
import { figureSourceOf } from '../../src-shared/figures/registry'
import { exportTheme } from '../../src-shared/figures/draw'
import { makeStyle } from '../../src-shared/figures/style'
import { NODE_PLATFORM } from '../../src-main/export/nodePlatform'

/**
 * A vector run's charts export as every other chart does: the figure behind
 * each on-screen option (the surface or decision regions, each slice, the
 * widths) as SVG, PNG, PDF, tidy CSV and a matplotlib script, with the
 * numbers of the view in the CSV.
 */
function viewOf(input: unknown) {
  const spec = normalizeSpec(experimentSpecSchema.parse(input))
  const o = runExperiment(spec)
  return computeVectorView({ info: o.vector!.info, kernel: spec.kernel, xTrain: o.dataset.xTrain, yTrain: o.dataset.yTrain, grid: 10, sliceSteps: 7 })
}

const regression = viewOf({ data: { vectorFn: 'sin-linear-2d', d: 2, n: 60, queryCount: 5, seed: 3 }, sigma: [0.6, 0.9] })
const classes = viewOf({ data: { dataset: 'penguins', seed: 4, features: ['beak_length', 'flipper_length'] }, sigma: [3, 8] })
const style = makeStyle('single')
const theme = exportTheme(style)

function csvRows(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trim().split('\n')
  const names = head!.split(',')
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, k) => [names[k]!, v])))
}

describe('vector charts for print', () => {
  it('register the figure behind the surface, each slice and the widths', () => {
    expect(figureSourceOf(vectorSurfaceOption(regression, LIGHT_THEME))).toBeTypeOf('function')
    expect(figureSourceOf(vectorSliceOption(regression, 1, LIGHT_THEME))).toBeTypeOf('function')
    expect(figureSourceOf(vectorWidthsOption(regression, LIGHT_THEME))).toBeTypeOf('function')
  })

  it('write the surface’s cells with the fit at each, coloured on the viridis scale, and the training points', async () => {
    const fig = figureSourceOf(vectorSurfaceOption(regression, LIGHT_THEME))!(theme)
    const [csv] = await exportFigure(NODE_PLATFORM, fig, style, 'csv')
    const rows = csvRows(csv!.data as string)
    const cells = rows.filter((r) => r.series === 'fit')
    expect(cells).toHaveLength(100)
    const s = regression.surface!
    // Cell (i, j) sits at (xs[i], ys[j]) and shows the view's value there.
    expect(Number(cells[23]!.x)).toBe(s.xs[3])
    expect(Number(cells[23]!.y)).toBe(s.ys[2])
    expect(Number(cells[23]!.value)).toBe(s.values[23])
    let lo = Infinity
    let hi = -Infinity
    for (const v of [...s.values, ...regression.points.y]) if (v !== null) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)]
    expect(cells[23]!.fill).toBe(viridisAt((s.values[23]! - lo) / (hi - lo)))
    expect(rows.filter((r) => r.series === 'training points')).toHaveLength(60)
    expect(viridisAt(0)).toBe('#440154')
    expect(viridisAt(1)).toBe('#fde725')
  })

  it('export as SVG, PNG, PDF and a Python script', async () => {
    for (const option of [vectorSurfaceOption(classes, LIGHT_THEME), vectorSliceOption(classes, 0, LIGHT_THEME), vectorWidthsOption(regression, LIGHT_THEME)]) {
      const fig = figureSourceOf(option)!(theme)
      const [svg] = await exportFigure(NODE_PLATFORM, fig, style, 'svg')
      const errors: string[] = []
      const doc = new DOMParser({ onError: (level: string, msg: string) => errors.push(`${level}: ${msg}`) }).parseFromString(svg!.data as string, 'image/svg+xml')
      expect(errors).toEqual([])
      const texts = Array.from(doc.getElementsByTagName('text'), (t) => t.textContent ?? '')
      if (fig.name === 'vector-regions') {
        expect(texts).toEqual(expect.arrayContaining(['Adelie', 'Chinstrap', 'Gentoo', 'beak_length', 'flipper_length']))
        // One filled rectangle per cell, in its class's colour.
        expect(doc.getElementsByTagName('path').length).toBeGreaterThanOrEqual(100)
      }
      if (fig.name === 'vector-widths') expect(texts.join(' ')).toMatch(/coordinate: 1 x1, 2 x2/)
      const [png] = await exportFigure(NODE_PLATFORM, fig, style, 'png')
      expect(Array.from((png!.data as Uint8Array).slice(1, 4), (c) => String.fromCharCode(c)).join('')).toBe('PNG')
      const [pdf] = await exportFigure(NODE_PLATFORM, fig, style, 'pdf')
      expect(new TextDecoder('latin1').decode((pdf!.data as Uint8Array).slice(0, 5))).toBe('%PDF-')
      const py = await exportFigure(NODE_PLATFORM, fig, style, 'py')
      expect(py.map((f) => f.name)).toContain(`${fig.name}.py`)
    }
    const regions = figureSourceOf(vectorSurfaceOption(classes, LIGHT_THEME))!(theme)
    const py = await exportFigure(NODE_PLATFORM, regions, style, 'py')
    expect(py[0]!.data as string).toMatch(/PatchCollection\(\[Rectangle/)
  }, 60_000)
})
