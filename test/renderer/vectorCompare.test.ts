import { describe, expect, it } from 'vitest'
import type { RunDetail } from '../../src-shared/api/runs'
import { LIGHT_THEME } from '../../src-shared/charts/theme'
import { compareDifferencePanel, compareWidthsPanel, differenceRefusal, sharedSurfaceRange, vectorCompareFigure, type ComparedVectorRun } from '../../src-shared/charts/vectorCompareCharts'
import type { VectorViewReply } from '../../src-shared/experiment/vectorView'
import { compareKind } from '../../src-renderer/compare/compareKind'
import { diffRuns } from '../../src-renderer/compare/diff'

/** Comparing vector runs: which runs can be overlaid, and the numbers the compare charts draw, checked by hand. */
const info = (d: number, sigma: number[], extra: object = {}) => ({
  d,
  features: Array.from({ length: d }, (_, l) => `f${l + 1}`),
  target: 'y',
  task: 'regression' as const,
  estimator: 'nw' as const,
  scoring: 'distance' as const,
  sigma,
  labelNames: null,
  classCount: null,
  classMetrics: null,
  classCoverage: null,
  bands: null,
  ...extra,
})

function run(id: string, vector: ReturnType<typeof info> | null, extra: Partial<RunDetail> = {}): RunDetail {
  return { id, name: id, vector, status: 'done', epochs: [], metrics: {}, data: { label: 'x' }, ...extra } as unknown as RunDetail
}

function view(values: (number | null)[], v = info(2, [1, 1])): VectorViewReply {
  return { info: v, kernel: 'gaussian', points: { x: [0, 0], y: [1], every: 1 }, medians: [0, 0], surface: { xs: [0, 1], ys: [0, 2], values, classes: null }, slices: [], widths: [] }
}

const style = { color: '#123456' }

describe('which runs the compare view can overlay', () => {
  it('overlays one-dimensional runs, or vector runs of one d, and says why it cannot otherwise', () => {
    expect(compareKind([run('a', null), run('b', null)])).toEqual({ kind: 'one-dimensional' })
    expect(compareKind([run('a', info(2, [1, 1])), run('b', info(2, [2, 3]))])).toEqual({ kind: 'vector', d: 2 })
    const mixed = compareKind([run('line', null), run('cars', info(2, [1, 1]))])
    expect(mixed.kind).toBe('mixed')
    expect((mixed as { message: string }).message).toMatch(/^“line” is one-dimensional \(a fit over x\) and “cars” is a vector run \(d = 2: a fit over several inputs\), so .* not overlaid/)
    const dims = compareKind([run('a', info(2, [1, 1])), run('b', info(3, [1, 1, 1])), run('c', info(2, [1, 2]))])
    expect(dims).toEqual({ kind: 'dimensions', message: expect.stringMatching(/different dimensions \(d = 2: “a”, “c”; d = 3: “b”\)/) })
  })
})

describe('the compare charts of vector runs', () => {
  it('place each run’s widths at its coordinates, a trained run’s marked learned', () => {
    const runs: ComparedVectorRun[] = [
      { run: run('np', info(2, [0.5, 4])), style, view: null },
      { run: run('tr', info(2, [2, 8], { learned: { w0: [1, 1], w: [0.5, 0.125], scale: null } })), style, view: null },
    ]
    const p = compareWidthsPanel(runs)
    expect(p.series.map((s) => s.name)).toEqual(['np', 'tr (learned)'])
    expect(Array.from(p.series[1]!.y as number[])).toEqual([2, 8])
    // Side by side within each coordinate, centred on it.
    const x0 = p.series[0]!.x as number[]
    const x1 = p.series[1]!.x as number[]
    expect((x0[0]! + x1[0]!) / 2).toBeCloseTo(1, 12)
    expect((x0[1]! + x1[1]!) / 2).toBeCloseTo(2, 12)
    expect(p.y).toMatchObject({ min: 0.5 / 1.5, max: 8 * 1.5, log: true })
  })

  it('subtract two fits cell by cell on the same grid, and refuse other pairs with the reason', () => {
    const a: ComparedVectorRun = { run: run('a', info(2, [1, 1])), style, view: view([1, 2, 3, null]) }
    const b: ComparedVectorRun = { run: run('b', info(2, [1, 1])), style, view: view([1.5, 1, 3, 4]) }
    const p = compareDifferencePanel(a, b, LIGHT_THEME)!
    const cells = p.series[0] as unknown as { value: number[]; x: number[]; y: number[] }
    // b − a where both are defined: (0, 0) 0.5, (1, 0) −1, (0, 2) 0; the undefined cell is left out.
    expect(cells.value).toEqual([0.5, -1, 0])
    expect(cells.x).toEqual([0, 1, 0])
    expect(cells.y).toEqual([0, 0, 2])
    expect(p.title).toBe('b − a: −1 (blue) to +1 (red)')
    expect(differenceRefusal(a.view, { ...b.view!, surface: { ...b.view!.surface!, xs: [0, 1.5] } })).toMatch(/grids differ/)
    expect(differenceRefusal(a.view, { ...b.view!, info: info(2, [1, 1], { task: 'classification' }) })).toMatch(/regression fits/)
    expect(differenceRefusal(a.view, null)).toMatch(/both runs need a surface/)
    expect(sharedSurfaceRange([a.view!, b.view!])).toEqual({ lo: 1, hi: 4 })
  })

  it('export as one figure: widths, each surface, the difference, the trained runs’ loss', () => {
    const epochs = [
      { epoch: 1, loss: 3, w: [1, 1] },
      { epoch: 2, loss: 2, w: [1.2, 0.8] },
    ]
    const runs: ComparedVectorRun[] = [
      { run: run('a', info(2, [1, 1])), style, view: view([1, 2, 3, 4]) },
      { run: run('b', info(2, [1, 1], { learned: { w0: [1, 1], w: [1.2, 0.8], scale: null } }), { widthEpochs: epochs }), style, view: view([2, 2, 3, 4]) },
    ]
    const fig = vectorCompareFigure(runs, LIGHT_THEME, 'shared')
    expect(fig.panels.map((p) => p.id)).toEqual(['widths', 'surface-1', 'surface-2', 'difference', 'width-loss'])
    expect(fig.panels.map((p) => p.title)).toEqual(['Widths per coordinate', 'a', 'b', 'b − a: −1 (blue) to +1 (red)', 'Loss per epoch'])
  })

  it('add the vector rows to the table: widths, learned w, class metrics; none for one-dimensional runs', () => {
    const rows = diffRuns([run('np', info(2, [0.5, 4])), run('tr', info(2, [2, 8], { learned: { w0: [1, 1], w: [0.5, 0.125], scale: [1, 2] } }), { widthEpochs: [{ epoch: 1, loss: 3, w: [1, 1] }, { epoch: 2, loss: 2, w: [0.5, 0.125] }] })], false)
    const row = (label: string) => rows.find((r) => r.label === label)?.values
    expect(row('σ per coordinate')).toEqual(['(0.5, 4)', '(2, 8)'])
    expect(row('learned w')).toEqual([null, '(0.5, 0.125)'])
    expect(row('standardised inputs')).toEqual([null, 'yes'])
    expect(row('loss: last')).toEqual([null, 2])
    expect(row('loss: epoch of min')).toEqual([null, 2])
    expect(diffRuns([run('a', null), run('b', null)], false).map((r) => r.label)).not.toContain('σ per coordinate')
  })
})
