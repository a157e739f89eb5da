import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

// Figures are drawn and rasterised for real: allow for a loaded 2-core machine.
vi.setConfig({ testTimeout: 60_000 })
import type { RunDetail } from '../../src-shared/api/runs'
import { batchPoints, lossPanel } from '../../src-shared/charts/lossChart'
import { batchesOf } from '../../src-shared/charts/runCharts'
import { LIGHT_THEME } from '../../src-shared/charts/theme'
import { createServices, type Services } from '../../src-main/services'
import { tempDir } from '../cli/runCli'

let s: Services
let middle: RunDetail
let oldest: RunDetail

beforeAll(async () => {
  s = createServices({ databasePath: join(tempDir(), 'batch.db'), transport: 'cli', experimentWorkers: 1 })
  const a = await s.runner.create({ data: { preset: 'd2l-middle', seed: 3 }, kernel: 'gaussian', sigma: 1, mode: 'parametric', tags: [], notes: '' })
  const b = await s.runner.create({ data: { preset: 'd2l-oldest', seed: 3 }, kernel: 'gaussian', sigma: 1, mode: 'parametric', tags: [], notes: '' })
  await s.runner.waitFor(a.id)
  await s.runner.waitFor(b.id)
  middle = s.store.detail(a.id, 'full')
  oldest = s.store.detail(b.id, 'full')
})
afterAll(() => s.close())

describe('per-batch loss of minibatch runs (d2l’s trainer board)', () => {
  it('stores every batch’s loss: 5 epochs of 5 batches, which average to each epoch’s loss', () => {
    expect(middle.training!.batchSize).toBe(10)
    expect(middle.batchLoss).toHaveLength(25)
    // Mean-half loss: an epoch's loss is the batches' losses weighted by their sizes, over n.
    for (let e = 0; e < 5; e++) {
      const batches = middle.batchLoss!.slice(5 * e, 5 * e + 5)
      const epoch = batches.reduce((acc, l) => acc + l * 10, 0) / 50
      expect(epoch).toBeCloseTo(middle.epochs[e]!.loss, 12)
    }
  })

  it('keeps none for full-batch training, where a batch is the epoch', () => {
    expect(oldest.batchLoss).toBeNull()
    expect(batchesOf(oldest)).toBeNull()
  })

  it('plots them against fractional epochs, with the per-epoch view beside them', () => {
    const b = batchesOf(middle)!
    expect(b.perEpoch).toBe(5)
    expect(batchPoints(b.loss, b.perEpoch).map((p) => p[0])).toEqual(Array.from({ length: 25 }, (_, i) => (i + 1) / 5))
    const byBatch = lossPanel({ curves: [{ name: 'r', epochs: middle.epochs }], show: 'loss', batches: b, view: 'batch' }, LIGHT_THEME)
    expect(byBatch.series[0]!.name).toBe('loss per batch')
    expect(byBatch.x).toMatchObject({ min: 0, max: 5 })
    const byEpoch = lossPanel({ curves: [{ name: 'r', epochs: middle.epochs }], show: 'loss', batches: b, view: 'epoch' }, LIGHT_THEME)
    expect(Array.from(byEpoch.series[0]!.x)).toEqual([1, 2, 3, 4, 5])
  })

  it('travels in bundles', () => {
    const bundle = s.store.exportBundle([middle.id], 0)
    expect(Object.keys(bundle.runs[0]!.arrays)).toContain('batchLoss')
  })
})
