import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openWorkbench, paintedPixels, SCREENSHOTS, type E2E } from './harness'

/** Saved vector runs in Chromium: the d = 2 surface and decision regions, slices per coordinate, widths per coordinate. */
let w: E2E
const ids = { cars: '', penguins: '', friedman: '' }

beforeAll(async () => {
  w = await openWorkbench({ height: 1400 })
  const base = { mode: 'nonparametric' as const, tags: ['vector'], notes: '', kernel: 'gaussian' as const }
  ids.cars = (await w.services.runner.create({ ...base, name: 'cars loo-cv', data: { dataset: 'cars', seed: 1, holdout: 0.25 }, sigma: { rule: 'loo-cv' } })).id
  ids.penguins = (await w.services.runner.create({ ...base, name: 'penguins scott', data: { dataset: 'penguins', seed: 1, holdout: 0.25 }, sigma: { rule: 'scott' } })).id
  ids.friedman = (await w.services.runner.create({ ...base, name: 'friedman1 d=6', data: { vectorFn: 'friedman1', d: 6, n: 300, noiseSd: 0.5, xMin: 0, xMax: 1, queryCount: 100, seed: 2 }, sigma: [0.2, 0.2, 0.3, 0.3, 0.3, 1] })).id
  for (const id of Object.values(ids)) await w.services.runner.waitFor(id)
}, 90_000)
afterAll(async () => {
  await w?.close()
})

async function open(id: string): Promise<void> {
  await w.page.evaluate((run) => (location.hash = `#/workbench?run=${run}`), id)
  await w.page.waitForSelector('[data-role="vector-run"]')
  await w.page.waitForSelector('[data-chart="vector-widths"] canvas', { timeout: 60_000 })
}

describe('vector runs in Chromium', () => {
  it('draw a regression run with d = 2 as a coloured surface with its training points, slices and widths', async () => {
    await open(ids.cars)
    await w.page.waitForSelector('[data-chart="vector-surface"] canvas')
    expect(await paintedPixels(w.page, '[data-chart="vector-surface"]')).toBeGreaterThan(50_000)
    expect(await paintedPixels(w.page, '[data-chart="vector-slice-1"]')).toBeGreaterThan(1000)
    expect(await w.page.textContent('[data-role="vector-widths"]')).toMatch(/^σ = \([\d.]+, [\d.]+\)$/)
    await w.shot('60-vector-cars-surface')
  })

  it('draw a classification run as decision regions with the class metrics', async () => {
    await open(ids.penguins)
    await w.page.waitForSelector('[data-chart="vector-surface"] canvas')
    expect(await w.page.textContent('[data-chart="vector-surface"] h3')).toBe('Decision regions')
    expect(await w.page.textContent('[data-role="class-metrics"]')).toMatch(/accuracy \d+\.\d %.*classes Adelie, Chinstrap, Gentoo/s)
    expect(await paintedPixels(w.page, '[data-chart="vector-surface"]')).toBeGreaterThan(50_000)
    await w.shot('61-vector-penguins-regions')
  })

  it('draw a d > 2 run as one slice per coordinate and no surface', async () => {
    await open(ids.friedman)
    await w.page.waitForSelector('[data-chart="vector-slice-5"] canvas')
    expect(await w.page.locator('[data-chart="vector-surface"]').count()).toBe(0)
    await w.shot('62-vector-friedman-slices')
    expect(w.problems).toEqual([])
  })

  it('run vector data chosen in the editor: a shipped set with its features, and an imported CSV through the column picker', async () => {
    const { page } = w
    await page.evaluate(() => (location.hash = '#/workbench'))
    await page.click('[data-source="vector"]')
    await page.waitForSelector('[data-role="vector-editor"]')
    await page.selectOption('[data-field="vector.dataset"]', 'penguins')
    // beak_length and flipper_length are the defaults; add body_mass for a d = 3 run.
    await page.check('[data-feature="body_mass"]')
    await page.selectOption('[data-field="vector.sigmaRule"]', 'scott')
    await w.shot('63-vector-editor-dataset')
    await page.click('[data-action="run"]')
    await page.waitForSelector('[data-role="class-metrics"]', { timeout: 60_000 })
    expect(await page.textContent('[data-role="vector-run"]')).toMatch(/d = 3 · beak_length, flipper_length, body_mass → species/)
    await page.waitForSelector('[data-chart="vector-slice-2"] canvas', { timeout: 60_000 })

    await page.evaluate(() => (location.hash = '#/workbench'))
    await page.click('[data-action="vector-csv"]')
    const rows = ['u,v,w,kind']
    for (let i = 0; i < 40; i++) rows.push(`${(i % 8) * 0.5},${Math.floor(i / 8)},${i},${i % 8 < 4 ? 'left' : 'right'}`)
    await page.setInputFiles('[data-field="vector.file"]', { name: 'two.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) })
    await page.waitForSelector('[data-feature="u"]')
    // The text column is taken as the class; the picker starts with every numeric column as a feature.
    expect(await page.inputValue('[data-field="vector.target"]')).toBe('kind')
    expect(await page.inputValue('[data-field="vector.task"]')).toBe('classification')
    await page.uncheck('[data-feature="w"]')
    await page.selectOption('[data-field="vector.sigmaRule"]', 'given')
    await page.fill('[data-field="vector.sigma"]', '0.6, 1')
    await w.shot('64-vector-editor-csv')
    await page.click('[data-action="run"]')
    await page.waitForSelector('[data-chart="vector-surface"] canvas', { timeout: 60_000 })
    expect(await page.textContent('[data-role="vector-widths"]')).toBe('σ = (0.6, 1)')
    expect(await page.textContent('[data-role="class-metrics"]')).toMatch(/classes left, right/)
    await w.shot('65-vector-csv-regions')
    expect(w.problems).toEqual([])
  })

  it('answer exercises 1 and 3 in the gallery: the agreement count with the decision regions, and the weights on and off the circle', async () => {
    const { page } = w
    await page.click('[data-view="gallery"]')
    await page.click('[data-action="run-exercise-parzen"]')
    await page.click('[data-action="run-exercise-unit-sphere"]')
    await page.waitForSelector('[data-exercise="parzen"] [data-role="parzen-agreement"] [data-kernel="triangular"]', { timeout: 90_000 })
    await page.waitForSelector('[data-exercise="parzen"] [data-figure="exercise-parzen"][data-ready="yes"] canvas', { timeout: 90_000 })
    expect(await page.textContent('[data-exercise="parzen"] [data-role="exercise-answer"]')).toMatch(/: always, as theory says/)
    await page.waitForSelector('[data-exercise="unit-sphere"] [data-figure="exercise-unit-sphere"][data-ready="yes"] canvas', { timeout: 90_000 })
    expect(await page.textContent('[data-exercise="unit-sphere"] [data-role="exercise-answer"]')).toMatch(/^On the unit circle the distance and dot-product weights agree to/)
    await page.locator('[data-exercise="parzen"]').screenshot({ path: `${SCREENSHOTS}/66-exercise-1-parzen.png` })
    await page.locator('[data-exercise="unit-sphere"]').screenshot({ path: `${SCREENSHOTS}/67-exercise-3-unit-sphere.png` })
    expect(w.problems).toEqual([])
  }, 120_000)
})
