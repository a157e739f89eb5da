import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openWorkbench, type E2E } from './harness'

/** The runs library's coverage marks, the run page and its provenance links, and routes that survive a reload. */
let w: E2E
const ids = { gaussian: '', boxcar: '', trained: '' }

beforeAll(async () => {
  w = await openWorkbench({ height: 1000 })
  const base = { mode: 'nonparametric' as const, tags: ['routes'], notes: '' }
  ids.gaussian = (await w.services.runner.create({ ...base, name: 'gaussian σ 0.5', data: { preset: 'd2l-oldest', seed: 1 }, kernel: 'gaussian', sigma: 0.5 })).id
  // A compact kernel narrower than the gaps between points: most queries get no estimate.
  ids.boxcar = (await w.services.runner.create({ ...base, name: 'boxcar σ 0.02', data: { preset: 'd2l-oldest', seed: 1 }, kernel: 'boxcar', sigma: 0.02 })).id
  ids.trained = (await w.services.runner.create({
    name: 'trained lr 0.5',
    data: { preset: 'd2l-oldest', seed: 1 },
    kernel: 'gaussian',
    sigma: 1,
    mode: 'parametric',
    training: { w0: 'random', lr: 0.5, epochs: 8, loss: 'sum-half', loo: true, batchSize: null },
    tags: ['routes'],
    notes: '',
  })).id
  for (const id of Object.values(ids)) await w.services.runner.waitFor(id)
}, 60_000)
afterAll(async () => {
  await w?.close()
})

const hash = () => w.page.evaluate(() => location.hash)

describe('run page and routes in Chromium', () => {
  it('marks the incomplete run in the library, with each metric’s coverage, and sorts it last by a metric', async () => {
    const { page } = w
    await page.click('[data-view="runs"]')
    expect(await hash()).toBe('#/runs')
    const row = page.locator(`[data-run="${ids.boxcar}"]`)
    await row.waitFor()
    expect(await row.locator('[data-role="incomplete"]').textContent()).toBe('◐')
    expect(await row.locator('[data-col="testMse"] [data-role="coverage"]').textContent()).toMatch(/ · \d+\/50$/)
    expect(await page.locator(`[data-run="${ids.gaussian}"] [data-role="incomplete"]`).count()).toBe(0)
    // Ascending test MSE: the incomplete run last while the switch is on, whatever its value.
    await page.click('[data-sort="testMse"]')
    await page.click('[data-sort="testMse"]')
    const order = () => page.$$eval('[data-run]', (rows) => rows.map((r) => r.getAttribute('data-run')))
    await expect.poll(async () => (await order()).at(-1)).toBe(ids.boxcar)
    await w.shot('30-library-incomplete')
    await page.uncheck('[data-field="incompleteLast"]')
    await page.check('[data-field="incompleteLast"]')
  })

  it('opens the run page from the library, re-runs it exactly, and links the re-run and its original both ways', async () => {
    const { page } = w
    await page.click(`[data-run="${ids.boxcar}"] [data-col="status"]`)
    await page.waitForSelector('[data-role="run-page"] [data-role="run-metrics"]')
    expect(await hash()).toBe(`#/run/${ids.boxcar}`)
    expect(await page.textContent('[data-metric="testMse"] [data-role="coverage"]')).toMatch(/^◐ \d+\/50/)
    expect(JSON.parse((await page.textContent('[data-role="run-spec"]'))!)).toMatchObject({ kernel: 'boxcar', sigma: 0.02 })
    await page.click('[data-action="rerun"]')
    const rerunLink = page.locator('[data-role="rerun-link"]')
    await rerunLink.waitFor({ timeout: 20_000 })
    expect(await rerunLink.textContent()).toBe('boxcar σ 0.02 · re-run')
    await rerunLink.click()
    await page.waitForSelector('[data-role="parent-link"]')
    const childHash = await hash()
    expect(childHash).toMatch(/^#\/run\/[a-z0-9]+$/)
    expect(childHash).not.toBe(`#/run/${ids.boxcar}`)
    await page.waitForSelector('[data-role="run-page"] [data-role="status"]:has-text("done")', { timeout: 20_000 })
    await w.shot('31-run-page')
    await page.click('[data-role="parent-link"]')
    await expect.poll(hash).toBe(`#/run/${ids.boxcar}`)
    await page.waitForSelector('[data-role="rerun-link"]')
    // Back and forward walk the same pages.
    await page.goBack()
    await expect.poll(hash).toBe(childHash)
    await page.waitForSelector('[data-role="parent-link"]')
    await page.goBack()
    await expect.poll(hash).toBe(`#/run/${ids.boxcar}`)
    await page.goBack()
    await expect.poll(hash).toBe('#/runs')
    await page.waitForSelector(`[data-run="${ids.boxcar}"]`)
  })

  it('reaches the run page from the workbench, and a reload keeps the workbench on its run', async () => {
    const { page } = w
    await page.evaluate((id) => (location.hash = `#/workbench?run=${id}`), ids.trained)
    await page.waitForSelector('[data-role="status"]:has-text("done")')
    await page.reload()
    await page.waitForSelector('[data-action="run-page"]')
    expect(await page.locator('.results h2').textContent()).toBe('trained lr 0.5')
    await page.click('[data-action="run-page"]')
    await page.waitForSelector('[data-role="run-model"]')
    expect(await hash()).toBe(`#/run/${ids.trained}`)
    expect(await page.textContent('[data-role="run-model"]')).toContain('σ_eff = 1/|w|')
  })

  it('reloads a compare route with the same runs and colour, and opens a run page from it', async () => {
    const { page } = w
    await page.click('[data-view="runs"]')
    for (const id of [ids.gaussian, ids.trained]) await page.click(`[data-run="${id}"] .check input`)
    await page.click('[data-action="compare"]')
    await page.waitForSelector('[data-role="diff"]')
    await page.selectOption('[data-field="colourBy"]', 'learning rate')
    expect(await hash()).toBe(`#/compare?ids=${ids.gaussian},${ids.trained}&color=lr`)
    const legend = () => page.$$eval('.legend .swatch button.link', (b) => b.map((x) => x.textContent))
    expect(await legend()).toEqual(['gaussian σ 0.5', 'trained lr 0.5'])
    await page.reload()
    await page.waitForSelector('[data-role="diff"]')
    expect(await legend()).toEqual(['gaussian σ 0.5', 'trained lr 0.5'])
    expect(await page.inputValue('[data-field="colourBy"]')).toBe('learning rate')
    const diff = await page.$$eval('[data-role="diff"] tbody tr', (rows) => rows.map((r) => Array.from(r.children, (c) => c.textContent?.trim())))
    expect(diff.find((r) => r[0] === 'σ_eff = 1/|w|')?.[1]).toBe('—')
    await w.shot('32-compare-route')
    await page.click(`.legend [data-role="run-page-link"] >> nth=1`)
    await expect.poll(hash).toBe(`#/run/${ids.trained}`)
  })

  it('tags a selection at once, and the tag filter completes from the tags in use', async () => {
    const { page } = w
    await page.click('[data-view="runs"]')
    await page.waitForSelector(`[data-run="${ids.trained}"]`)
    await page.check(`[data-run="${ids.gaussian}"] .check input`)
    await page.check(`[data-run="${ids.boxcar}"] .check input`)
    await page.uncheck(`[data-run="${ids.trained}"] .check input`)
    expect(await page.$eval('[data-field="selectAll"]', (el) => (el as HTMLInputElement).indeterminate)).toBe(true)
    await page.click('[data-action="bulk-tags"]')
    await page.fill('[data-field="bulkAddTag"]', 'paper fig 2')
    await page.press('[data-field="bulkAddTag"]', 'Enter')
    await page.waitForSelector('[data-role="bulk-tags"] [data-tag="paper fig 2"]')
    await page.keyboard.press('Escape')
    expect(await page.locator('[data-role="bulk-tags"]').count()).toBe(0)
    await page.fill('[data-field="tagFilter"]', 'pa')
    await page.waitForSelector('[data-role="tag-suggestions"] [data-tag="paper fig 2"]')
    await w.shot('35-tag-autocomplete')
    await page.press('[data-field="tagFilter"]', 'ArrowDown')
    await page.press('[data-field="tagFilter"]', 'Enter')
    await expect.poll(() => page.textContent('[data-role="total"]')).toMatch(/^2 runs/)
    await page.press('[data-field="tagFilter"]', 'Backspace')
    await expect.poll(() => page.textContent('[data-role="total"]')).toMatch(/^4 runs/) // with the re-run made above
  })

  it('says clearly what is wrong with a bad address instead of failing', async () => {
    const { page } = w
    await page.evaluate((id) => (location.hash = `#/compare?ids=${id},not-an-id!`), ids.gaussian)
    expect(await page.textContent('[data-role="route-problem"]')).toContain('Left out an id that is not a run id (“not-an-id!”)')
    await expect.poll(hash).toBe(`#/compare?ids=${ids.gaussian}`)
    await w.shot('34-route-problem')
    await page.evaluate(() => (location.hash = '#/run/zzzz9999'))
    await page.waitForSelector('[data-role="run-missing"]')
    expect(await page.textContent('[data-role="run-missing"]')).toContain('There is no run zzzz9999 here')
    await w.shot('33-run-missing')
    expect(w.problems).toEqual([])
  })
})
