import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canvasSignature, openWorkbench, paintedPixels, type E2E } from './harness'

/**
 * The attention heatmap and the query probe of saved vector runs in
 * Chromium: drawn from worker replies, reordered by a coordinate or by
 * distance to the probed query, and the probe moved by choosing a query or
 * clicking the d = 2 surface.
 */
let w: E2E
const ids = { cars: '', penguins: '', line: '' }

beforeAll(async () => {
  w = await openWorkbench({ height: 1900 })
  const base = { mode: 'nonparametric' as const, tags: ['vector'], notes: '', kernel: 'gaussian' as const }
  ids.cars = (await w.services.runner.create({ ...base, name: 'cars scott', data: { dataset: 'cars', seed: 1, holdout: 0.25 }, sigma: { rule: 'scott' } })).id
  ids.penguins = (await w.services.runner.create({ ...base, name: 'penguins scott', data: { dataset: 'penguins', seed: 1, holdout: 0.25 }, sigma: { rule: 'scott' } })).id
  ids.line = (await w.services.runner.create({ ...base, name: '1-D gaussian', data: { preset: 'd2l-oldest', seed: 2 }, sigma: 0.5 })).id
  for (const id of Object.values(ids)) await w.services.runner.waitFor(id)
}, 90_000)
afterAll(async () => {
  await w?.close()
})

async function open(id: string): Promise<void> {
  await w.page.evaluate((run) => (location.hash = `#/workbench?run=${run}`), id)
  await w.page.waitForSelector('[data-role="vector-attention"]')
  await w.page.waitForSelector('[data-chart="vector-heatmap"] canvas', { timeout: 60_000 })
  await w.page.waitForSelector('[data-role="vector-attention"] [data-probe="effective-keys"]', { timeout: 60_000 })
}

const probeValue = async (what: string) => Number(await w.page.getAttribute(`[data-role="vector-attention"] [data-probe="${what}"]`, 'data-value'))

describe('the attention of a vector run in Chromium', () => {
  it('shows the heatmap ordered by a coordinate and the probe of the first query, then reorders by distance', async () => {
    const { page } = w
    await open(ids.cars)
    expect(await paintedPixels(page, '[data-chart="vector-heatmap"]')).toBeGreaterThan(20_000)
    expect(await paintedPixels(page, '[data-role="vector-attention"] [data-chart="probe"]')).toBeGreaterThan(2000)
    expect(await page.textContent('[data-role="vector-attention"] [data-probe="query"]')).toMatch(/^#1 \([\d.]+, [\d.]+\)$/)
    const keys = await probeValue('effective-keys')
    expect(keys).toBeGreaterThan(1)
    expect(await probeValue('entropy')).toBeGreaterThan(0)

    await page.fill('[data-field="probe-query"]', '5')
    await page.waitForFunction(() => document.querySelector('[data-role="vector-attention"] [data-probe="query"]')?.textContent?.startsWith('#5 '))
    await page.selectOption('[data-field="attention-order"]', 'distance')
    await page.waitForFunction(() => document.querySelector('[data-role="heatmap-order"]')?.textContent?.includes('distance to query 5'), undefined, { timeout: 30_000 })
    await w.shot('68-vector-attention-cars')
  }, 90_000)

  it('probes a point clicked on the d = 2 surface', async () => {
    const { page } = w
    await page.waitForSelector('[data-chart="vector-surface"] canvas')
    const box = (await page.locator('[data-chart="vector-surface"] .plot').boundingBox())!
    await page.mouse.click(box.x + box.width * 0.4, box.y + box.height * 0.5)
    await page.waitForFunction(() => document.querySelector('[data-role="vector-attention"] [data-probe="query"]')?.textContent?.endsWith(' clicked'), undefined, { timeout: 30_000 })
    expect(await probeValue('effective-keys')).toBeGreaterThan(0)
    await page.click('[data-action="probe-query-again"]')
    await page.waitForFunction(() => document.querySelector('[data-role="vector-attention"] [data-probe="query"]')?.textContent?.startsWith('#5 '))
  }, 60_000)

  it('shows class scores summing to 1 in the probe of a classification run', async () => {
    await open(ids.penguins)
    // The editor holds one-dimensional data: the vector run says it is not the current setup.
    expect(await w.page.textContent('[data-role="not-current"]')).toContain('data: vector inputs → one-dimensional')
    const line = (await w.page.textContent('[data-role="probe-classes"]'))!
    const scores = [...line.matchAll(/([\d.]+) %/g)].map((m) => Number(m[1]))
    expect(scores).toHaveLength(3)
    expect(Math.abs(scores.reduce((s, v) => s + v, 0) - 100)).toBeLessThan(0.2)
    // Inside the probe's panel (it was drawn below the panel's border).
    const panel = (await w.page.locator('[data-role="vector-attention"] [data-chart="probe"]').boundingBox())!
    const scoresBox = (await w.page.locator('[data-role="probe-classes"]').boundingBox())!
    expect(scoresBox.y + scoresBox.height).toBeLessThanOrEqual(panel.y + panel.height)
    await w.page.locator('[data-role="vector-attention"]').screenshot({ path: `${process.cwd()}/test-results/screenshots/69-vector-attention-penguins.png` })
    expect(w.problems).toEqual([])
  }, 60_000)

  it('draws local-linear beside Nadaraya-Watson on a one-dimensional fit when asked', async () => {
    const { page } = w
    await page.evaluate((run) => (location.hash = `#/workbench?run=${run}`), ids.line)
    await page.waitForSelector('[data-chart="fit-nonparametric"] canvas', { timeout: 60_000 })
    await page.waitForTimeout(500)
    const before = await canvasSignature(page, '[data-chart="fit-nonparametric"]')
    await page.check('[data-action="show-local-linear"]')
    await page.waitForFunction((sig) => Array.from(document.querySelectorAll('[data-chart="fit-nonparametric"] canvas'), (c) => (c as HTMLCanvasElement).toDataURL()).join('|') !== sig, before, { timeout: 30_000 })
    await page.locator('[data-chart="fit-nonparametric"]').screenshot({ path: `${process.cwd()}/test-results/screenshots/70-fit-local-linear.png` })
    expect(w.problems).toEqual([])
  }, 60_000)
})
