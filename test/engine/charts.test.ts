import { describe, expect, it } from 'vitest'
import { curvePoints } from '../../src-shared/charts/lossChart'

describe('drawing a long loss curve', () => {
  const epochs = Array.from({ length: 100_000 }, (_, i) => ({ epoch: i + 1, loss: 1 / (i + 1) + (i === 54_321 ? 5 : 0), w: i }))
  it('keeps short curves whole', () => {
    expect(curvePoints(epochs.slice(0, 50), 'loss')).toEqual(epochs.slice(0, 50).map((e) => [e.epoch, e.loss]))
  })
  it('thins long ones to the bucket minima and maxima, keeping spikes, the best value and the last epoch', () => {
    const pts = curvePoints(epochs, 'loss', 2000)
    expect(pts.length).toBeLessThanOrEqual(2001)
    expect(pts).toContainEqual([54_322, epochs[54_321]!.loss])
    expect(pts[pts.length - 1]).toEqual([100_000, epochs[99_999]!.loss])
    expect(Math.min(...pts.map((p) => p[1]))).toBe(epochs[99_999]!.loss)
    for (let i = 1; i < pts.length; i++) expect(pts[i]![0]).toBeGreaterThan(pts[i - 1]![0])
  })
})

describe('the fit of a run with undefined queries', () => {
  it('draws a lone defined estimate as a marker, since a line through one point is invisible', async () => {
    const { fitPanel, isolatedEstimates } = await import('../../src-shared/charts/fitChart')
    const { LIGHT_THEME } = await import('../../src-shared/charts/theme')
    const x = [0, 1, 2, 3, 4, 5, 6]
    const y = [null, 1.5, null, 2, 2.5, null, 3]
    expect(isolatedEstimates(x, y)).toEqual({ x: [1, 6], y: [1.5, 3] })
    const panel = fitPanel({ xQuery: x, xTrain: [0, 1], yTrain: [1, 2], curves: [{ name: 'Prediction', y }] }, LIGHT_THEME)
    const markers = panel.series.filter((s) => s.type === 'scatter' && s.name === 'Prediction')
    expect(markers).toHaveLength(1)
    expect(Array.from(markers[0]!.x)).toEqual([1, 6])
  })
})

describe('the fit figure’s axes', () => {
  it('take the chapter’s box for data that fill a good part of it, and the data’s own range for data in a corner of it', async () => {
    const { fitAxes } = await import('../../src-shared/charts/fitChart')
    const chapter = fitAxes([[0, 0.1, 4.9]], [[0.2, 3.9]])
    expect(chapter).toEqual({ x: [0, 5], y: [-1, 5] })
    // x in [0, 0.05] (the generator's x max 0.05): the data filled the leftmost 1% of [0, 5].
    const corner = fitAxes([[0, 0.05]], [[0.01, 0.2]])
    expect(corner.x[0]).toBeLessThanOrEqual(0)
    expect(corner.x[1]).toBeGreaterThanOrEqual(0.05)
    expect(corner.x[1] - corner.x[0]).toBeLessThan(0.1)
    expect(corner.y[1] - corner.y[0]).toBeLessThan(0.5)
    expect(fitAxes([[0, 0.05]], [[0.01, 0.2]], 'chapter')).toEqual({ x: [0, 5], y: [-1, 5] })
  })
})
