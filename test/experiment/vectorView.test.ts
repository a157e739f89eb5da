import { describe, expect, it } from 'vitest'
import { experimentSpecSchema } from '../../src-shared/api/spec'
import { runExperiment } from '../../src-shared/experiment/execute'
import { normalizeSpec } from '../../src-shared/experiment/normalize'
import { computeVectorView } from '../../src-shared/experiment/vectorView'
import { vectorSliceOption, vectorSurfaceOption, vectorWidthsOption } from '../../src-shared/charts/vectorCharts'
import { LIGHT_THEME } from '../../src-shared/charts/theme'

/** The saved-run view of a vector run: grid values against a naive Nadaraya-Watson loop written here. */
function naive(keys: Float64Array, values: Float64Array, d: number, sigma: number[], q: number[]): number {
  let num = 0
  let den = 0
  for (let j = 0; j < values.length; j++) {
    let s = 0
    for (let l = 0; l < d; l++) s += ((q[l]! - keys[j * d + l]!) / sigma[l]!) ** 2
    const w = Math.exp(-0.5 * s)
    num += w * values[j]!
    den += w
  }
  return num / den
}

describe('the vector view', () => {
  const spec = normalizeSpec(experimentSpecSchema.parse({ data: { vectorFn: 'sin-linear-2d', d: 2, n: 60, queryCount: 5, seed: 3 }, sigma: [0.6, 0.9] }))
  const o = runExperiment(spec)
  const info = o.vector!.info
  const view = computeVectorView({ info, kernel: 'gaussian', xTrain: o.dataset.xTrain, yTrain: o.dataset.yTrain, grid: 12, sliceSteps: 9 })

  it('puts the fit on a grid over the training range, cell (i, j) at (xs[i], ys[j])', () => {
    const s = view.surface!
    expect(s.xs).toHaveLength(12)
    expect(s.values).toHaveLength(144)
    for (const [i, j] of [
      [0, 0],
      [5, 7],
      [11, 11],
    ] as const) {
      expect(s.values[j * 12 + i]).toBeCloseTo(naive(o.dataset.xTrain, o.dataset.yTrain, 2, [0.6, 0.9], [s.xs[i]!, s.ys[j]!]), 12)
    }
  })

  it('holds the other coordinates at their training medians along each slice', () => {
    const slice = view.slices[1]!
    expect(slice.xs).toHaveLength(9)
    expect(slice.fit![4]).toBeCloseTo(naive(o.dataset.xTrain, o.dataset.yTrain, 2, [0.6, 0.9], [view.medians[0]!, slice.xs[4]!]), 12)
  })

  it('lists the run’s widths beside the rules, leave-one-out CV and SGD, one per coordinate', () => {
    expect(view.widths.map((w) => w.label)).toEqual(['this run', "Silverman's rule", "Scott's rule", 'leave-one-out CV', 'learned by SGD (60 epochs)'])
    for (const w of view.widths) expect(w.sigma).toHaveLength(2)
    expect(view.widths[0]!.sigma).toEqual([0.6, 0.9])
  })

  it('makes chart options for the surface, each slice and the widths', () => {
    expect(vectorSurfaceOption(view, LIGHT_THEME).series).toHaveLength(2)
    expect(vectorSliceOption(view, 0, LIGHT_THEME).series).toHaveLength(2)
    expect(vectorWidthsOption(view, LIGHT_THEME).series).toHaveLength(5)
  })

  it('numbers the surface colour scale at both ends, by the fit and training values', () => {
    const map = vectorSurfaceOption(view, LIGHT_THEME, { range: { lo: -1.25, hi: 3.5 } }).visualMap as { text: string[]; min: number; max: number }
    expect([map.min, map.max]).toEqual([-1.25, 3.5])
    expect(map.text[0]).toMatch(/\n3\.5$/)
    expect(map.text[1]).toBe('-1.25')
  })
})
