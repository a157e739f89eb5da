import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { experimentSpecSchema } from '../../src-shared/api/spec'
import { compactVector } from '../../src-renderer/results/widthVector'
import { canvasSignature, openWorkbench, paintedPixels, SCREENSHOTS, type E2E } from './harness'

/**
 * A trained width vector in Chromium as a first-class run: its loss curve
 * and w per coordinate grow while it trains, a cancel keeps them, the header
 * chips and the library show the learned w compactly, and the compare
 * scatter places it at the geometric mean of its widths, saying so.
 */
let w: E2E
const ids = { done: '', scott: '', line: '' }
const data = { vectorFn: 'first-only' as const, d: 2, n: 120, noiseSd: 0.3, xMin: 0, xMax: 5, queryCount: 30, seed: 12 }

beforeAll(async () => {
  w = await openWorkbench({ height: 1600 })
  const base = { tags: ['vector'], notes: '', kernel: 'gaussian' as const }
  ids.done = (await w.services.runner.create(experimentSpecSchema.parse({ name: 'trained short', mode: 'parametric', data, training: { w0: 1, lr: 5, epochs: 40, loss: 'mean-half', batchSize: 40, seed: 3 } }))).id
  ids.scott = (await w.services.runner.create({ ...base, name: 'scott widths', mode: 'nonparametric', data, sigma: { rule: 'scott' } })).id
  ids.line = (await w.services.runner.create({ ...base, name: '1-D gaussian', mode: 'nonparametric', data: { preset: 'd2l-oldest', seed: 2 }, sigma: 0.5 })).id
  for (const id of Object.values(ids)) await w.services.runner.waitFor(id)
}, 90_000)
afterAll(async () => {
  await w?.close()
})

const epochsShown = () => w.page.$eval('[data-role="vector-training"]', (el) => Number(el.getAttribute('data-epochs')))

describe('a trained width vector in Chromium', () => {
  it('grows its loss curve and w per coordinate while it trains, and keeps them when cancelled', async () => {
    const { page } = w
    const run = await w.services.runner.create(
      experimentSpecSchema.parse({ name: 'trained long', mode: 'parametric', data: { ...data, n: 1500, seed: 4 }, training: { w0: 1, lr: 0.5, epochs: 100_000, loss: 'mean-half', seed: 8 } }),
    )
    await page.evaluate((id) => (location.hash = `#/workbench?run=${id}`), run.id)
    await page.waitForSelector('[data-role="vector-training"] [data-action="cancel"]', { timeout: 60_000 })
    await page.waitForFunction(() => Number(document.querySelector('[data-role="vector-training"]')?.getAttribute('data-epochs') ?? 0) >= 3, undefined, { timeout: 60_000 })
    await page.waitForSelector('[data-chart="vector-loss"] canvas')
    expect(await page.textContent('[data-role="status"]')).toBe('running')
    const before = await epochsShown()
    const picture = await canvasSignature(page, '[data-chart="vector-w"]')
    // More epochs arrive while the page watches, and the charts redraw with them.
    await page.waitForFunction((n) => Number(document.querySelector('[data-role="vector-training"]')?.getAttribute('data-epochs') ?? 0) > n + 2, before, { timeout: 60_000 })
    await page.waitForTimeout(300)
    expect(await canvasSignature(page, '[data-chart="vector-w"]')).not.toBe(picture)
    expect(await paintedPixels(page, '[data-chart="vector-loss"]')).toBeGreaterThan(2000)
    expect(await paintedPixels(page, '[data-chart="vector-w"]')).toBeGreaterThan(2000)
    expect(await page.textContent('[data-role="vector-epoch"]')).toMatch(/epoch \d+\/100000 · loss [\d.e-]+ · w = \(-?[\d.e-]+, -?[\d.e-]+\)/)
    const current = await page.$$eval('[data-role="vector-current-w"] tbody tr', (rows) => rows.map((r) => r.textContent ?? ''))
    expect(current[0]).toMatch(/^w-?[\d.e-]+-?[\d.e-]+$/)
    expect(current[1]).toMatch(/^σ_eff = 1\/\|w\|[\d.e+-]+[\d.e+-]+$/)
    await w.shot('80-vector-training-live')

    await page.click('[data-role="vector-training"] [data-action="cancel"]')
    await page.waitForFunction(() => document.querySelector('[data-role="status"]')?.textContent === 'cancelled', undefined, { timeout: 30_000 })
    await page.waitForSelector('[data-role="vector-partial"]')
    const kept = w.services.store.summary(run.id).epochsDone
    expect(kept).toBeGreaterThanOrEqual(5)
    await page.waitForFunction((k) => Number(document.querySelector('[data-role="vector-training"]')?.getAttribute('data-epochs')) === k, kept, { timeout: 30_000 })
    expect(await page.textContent('[data-role="vector-partial"]')).toContain(`Cancelled after ${kept} of 100000 epochs`)
    expect(await paintedPixels(page, '[data-chart="vector-loss"]')).toBeGreaterThan(2000)
    // The header says what w the run had reached.
    expect(await page.textContent('[data-metric="w"] dd')).toMatch(/^\(-?[\d.e-]+, -?[\d.e-]+\)$/)
    expect(await page.getAttribute('[data-metric="w"]', 'title')).toContain(`w after ${kept} epochs (the run was cancelled)`)
    await w.shot('81-vector-training-cancelled')
    expect(w.problems).toEqual([])
  }, 120_000)

  it('shows the learned w and σ_eff in the header chips, compact, with every digit in the tooltip', async () => {
    const { page } = w
    await page.evaluate((id) => (location.hash = `#/workbench?run=${id}`), ids.done)
    await page.waitForSelector('[data-role="vector-run"]')
    const learned = w.services.store.summary(ids.done).vector!.learned!.w
    expect(await page.textContent('[data-metric="w"] dd')).toBe(compactVector(learned))
    expect(await page.getAttribute('[data-metric="w"]', 'title')).toContain(`x1 ${learned[0]}, x2 ${learned[1]}`)
    expect(await page.textContent('[data-metric="sigmaEff"] dd')).toBe(compactVector(learned.map((x) => 1 / Math.abs(x))))
    expect(await page.locator('[data-metric="sigma"]').count()).toBe(0)
    // The finished run's curves: the whole 40 epochs, no progress bar.
    expect(await epochsShown()).toBe(40)
    expect(await page.locator('[data-role="vector-training"] progress').count()).toBe(0)
    await page.locator('header.card.head').screenshot({ path: join(SCREENSHOTS, '82-vector-run-header.png') })
    expect(w.problems).toEqual([])
  })

  it('shows the learned w vector in the library row', async () => {
    const { page } = w
    await page.click('[data-view="runs"]')
    await page.waitForSelector(`[data-run="${ids.done}"]`)
    const learned = w.services.store.summary(ids.done).vector!.learned!.w
    const cell = page.locator(`[data-run="${ids.done}"] [data-col="w"]`)
    expect(await cell.textContent()).toBe(compactVector(learned))
    expect(await cell.getAttribute('title')).toContain(`x1 ${learned[0]}`)
    expect(await page.textContent(`[data-run="${ids.scott}"] [data-col="sigma"]`)).toMatch(/^\([\d.]+, [\d.]+\)$/)
    await page.screenshot({ path: join(SCREENSHOTS, '83-library-vector-rows.png'), clip: { x: 0, y: 0, width: 1440, height: 420 } })
    expect(w.problems).toEqual([])
  })

  it('places vector runs on the compare scatter at the geometric mean of their widths, and says so', async () => {
    const { page } = w
    await page.evaluate((list) => (location.hash = `#/compare?ids=${list.join(',')}`), [ids.done, ids.scott, ids.line])
    await page.waitForSelector('[data-role="diff"]')
    await page.waitForSelector('[data-chart="compare-scatter"] canvas')
    expect(await page.textContent('[data-role="scatter-vector-note"]')).toMatch(/^2 vector runs are placed at the geometric mean of their widths/)
    expect(await paintedPixels(page, '[data-chart="compare-scatter"]')).toBeGreaterThan(1000)
    await page.locator('[data-chart="compare-scatter"]').locator('xpath=..').screenshot({ path: join(SCREENSHOTS, '84-compare-scatter-vector.png') })
    expect(w.problems).toEqual([])
  })
})
