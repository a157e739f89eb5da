import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { experimentSpecSchema } from '../../src-shared/api/spec'
import { openWorkbench, type E2E } from './harness'

let w: E2E
const ids: string[] = []

beforeAll(async () => {
  w = await openWorkbench({ width: 1500, height: 1100 })
  for (const sigma of [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1, 2]) {
    ids.push((await w.services.runner.create(experimentSpecSchema.parse({ name: `Gaussian bandwidth sweep, sigma ${sigma}, oldest edition`, data: { preset: 'd2l-oldest', seed: 1 }, kernel: 'gaussian', sigma }))).id)
  }
  for (const lr of [0.05, 0.2, 1, 5]) {
    ids.push((await w.services.runner.create(experimentSpecSchema.parse({ name: `trained, learning rate ${lr}`, data: { preset: 'd2l-oldest', seed: 1 }, mode: 'parametric', training: { w0: 1, lr, epochs: 20, loss: 'mean-half', loo: true, batchSize: null } }))).id)
  }
  for (const id of ids) await w.services.runner.waitFor(id)
}, 120_000)
afterAll(() => w.close())

describe('comparing twelve runs', () => {
  it('gives each run its own style, keeps legends off the axes, and colours by a numeric parameter on a log scale with its legend', async () => {
    const { page } = w
    await page.goto(`${w.server.url.replace(/\?token=.*/, '')}#/compare?ids=${ids.join(',')}`)
    await page.waitForSelector('[data-chart="compare-fit"] canvas')
    const swatches = await page.$$eval('.legend .swatch i', (els) => els.map((e) => `${getComputedStyle(e).backgroundColor}|${getComputedStyle(e).borderTopStyle}|${getComputedStyle(e).borderTopColor}`))
    expect(swatches).toHaveLength(12)
    expect(new Set(swatches).size).toBe(12)
    await w.shot('40-compare-12-runs')
    await page.selectOption('[data-field="colourBy"]', 'learning rate')
    await page.waitForSelector('[data-role="colour-scale"]')
    expect(await page.textContent('[data-role="colour-scale"]')).toMatch(/0\.05.*5.*log scale.*8 without it/s)
    await w.shot('41-compare-colour-by-lr')
    expect(w.problems).toEqual([])
  }, 60_000)
})
