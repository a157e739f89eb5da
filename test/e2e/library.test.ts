import { readFileSync } from 'node:fs'
import { DOMParser } from '@xmldom/xmldom'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleV2Schema } from '../../src-shared/api/bundle'
import { experimentSpecSchema } from '../../src-shared/api/spec'
import { normalizeSpec } from '../../src-shared/experiment/normalize'
import { openWorkbench, paintedPixels, type E2E } from './harness'

let w: E2E
const ids: string[] = []

beforeAll(async () => {
  w = await openWorkbench({ height: 1000 })
  const base = { mode: 'nonparametric' as const, tags: ['sweep'], notes: '' }
  for (const sigma of [0.1, 0.2, 0.5, 1]) ids.push((await w.services.runner.create({ ...base, name: `Gaussian sweep ${sigma}`, data: { preset: 'd2l-newest', seed: 1 }, kernel: 'gaussian', sigma })).id)
  for (const lr of [0.5, 0.1]) {
    ids.push(
      (await w.services.runner.create({
        name: `trained lr ${lr}`,
        data: { preset: 'd2l-oldest', seed: 1 },
        kernel: 'gaussian',
        sigma: 1,
        mode: 'parametric',
        training: { w0: 'random', lr, epochs: 8, loss: 'sum-half', loo: true, batchSize: null },
        tags: [],
        notes: '',
      })).id,
    )
  }
  for (const id of ids) await w.services.runner.waitFor(id)
}, 60_000)
afterAll(async () => {
  await w?.close()
})

const total = () => w.page.textContent('[data-role="total"]')

describe('runs library, compare and export in Chromium', () => {
  it('lists, filters and sorts the runs', async () => {
    const { page } = w
    await page.click('[data-view="runs"]')
    await page.waitForSelector(`[data-run="${ids[0]}"]`)
    expect(await total()).toMatch(/^6 runs/)
    await page.fill('[data-field="search"]', 'sweep')
    await expect.poll(total).toMatch(/^4 runs/)
    await page.fill('[data-field="sigmaMin"]', '0.2')
    await page.fill('[data-field="sigmaMax"]', '0.5')
    await expect.poll(total).toMatch(/^2 runs/)
    await page.fill('[data-field="sigmaMin"]', '')
    await page.fill('[data-field="sigmaMax"]', '')
    await page.fill('[data-field="search"]', '')
    await expect.poll(total).toMatch(/^6 runs/)
    // Sort by σ, ascending on the second click.
    await page.click('button.cell:has-text("σ")')
    await page.click('button.cell:has-text("σ")')
    await expect.poll(() => page.$$eval('[data-run]', (rows) => rows[0]?.getAttribute('data-run'))).toBe(ids[0])
    await w.shot('20-library')
    // The default columns fit the default 1440 px window, and none of these runs' values is cut (Data and Tags
    // needed a horizontal scroll; a cell's text that overflows ends in an ellipsis).
    const fits = await page.$eval('[data-role="runs-table"]', (s) => ({ scroll: s.scrollWidth, client: s.clientWidth }))
    expect(fits.scroll).toBeLessThanOrEqual(fits.client)
    const cut = await page.$$eval('[data-run] .cell[data-col], .row.header button.cell', (cells) => cells.filter((c) => c.scrollWidth > c.clientWidth).map((c) => c.textContent))
    expect(cut).toEqual([])
  })

  it('keeps the chosen columns between launches', async () => {
    const { page } = w
    await page.click('[data-action="columns"]')
    await page.click('.chooser label:has-text("Kernel") input')
    expect(await page.$$eval('.row.header button.cell', (b) => b.map((x) => x.textContent?.trim()))).not.toContain('Kernel')
    await page.reload()
    await page.click('[data-view="runs"]')
    await page.waitForSelector('[data-run]')
    expect(await page.$$eval('.row.header button.cell', (b) => b.map((x) => x.textContent?.trim()))).not.toContain('Kernel')
    await page.click('[data-action="columns"]')
    await page.click('.chooser label:has-text("Kernel") input')
    await page.click('[data-action="columns"]')
  })

  it('compares runs: overlaid fits and curves, heatmaps on one scale, a diff table, a scatter', async () => {
    const { page } = w
    for (const id of ids) await page.click(`[data-run="${id}"] .check input`)
    await page.click('[data-action="compare"]')
    await page.waitForSelector('[data-chart="compare-heatmap"] canvas')
    await page.waitForTimeout(500)
    for (const chart of ['compare-fit', 'compare-loss', 'compare-w', 'compare-scatter']) {
      expect(await paintedPixels(page, `[data-chart="${chart}"]`), chart).toBeGreaterThan(2000)
    }
    expect(await page.$$('[data-chart="compare-heatmap"] canvas')).not.toHaveLength(0)
    const rowsDiff = await page.$$eval('[data-role="diff"] tbody tr', (r) => r.length)
    await page.uncheck('[data-field="onlyDiff"]')
    const rowsAll = await page.$$eval('[data-role="diff"] tbody tr', (r) => r.length)
    expect(rowsAll).toBeGreaterThan(rowsDiff)
    const header = await page.$$eval('[data-role="diff"] tbody th', (t) => t.map((x) => x.textContent))
    expect(header).toEqual(expect.arrayContaining(['loss: min', 'loss: last', 'w: min', 'w: last']))
    await page.selectOption('[data-field="colourBy"]', 'learning rate')
    await w.shot('21-compare')
  })

  it('exports a chart for print as SVG and as PNG, as a download in browser mode', async () => {
    const { page } = w
    const fit = page.locator('[data-chart="compare-fit"]')
    const exportAs = async (format: string) => {
      await fit.hover()
      await fit.locator('[data-action="export-menu"]').click()
      await fit.locator('[data-field="exportFormat"]').selectOption(format)
      const [d] = await Promise.all([page.waitForEvent('download'), fit.locator('[data-action="export-go"]').click()])
      return d
    }
    const svgDownload = await exportAs('svg')
    expect(svgDownload.suggestedFilename()).toBe('compare-6-runs-fit.svg')
    const svg = readFileSync((await svgDownload.path())!, 'utf8')
    const errors: string[] = []
    const doc = new DOMParser({ onError: (l: string, m: string) => errors.push(`${l} ${m}`) }).parseFromString(svg, 'image/svg+xml')
    expect(errors).toEqual([])
    expect(doc.documentElement!.nodeName).toBe('svg')
    expect(svg).toContain('trained lr 0.5')
    // Nothing of the app: no zoom slider (its handle icon), no hover styles.
    expect(svg).not.toContain('M0 1.6L0 2M0 0L0 0.4')
    expect(svg).not.toMatch(/:hover|class="/)
    const png = readFileSync((await (await exportAs('png')).path())!)
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    // Single column at 300 dpi: 8.5 cm is 1004 pixels.
    expect(png.readUInt32BE(16)).toBe(1004)
  }, 60_000)

  it('exports the selection as a bundle that the API accepts back, and deletes with undo', async () => {
    const { page } = w
    await page.click('[data-view="runs"]')
    await page.waitForSelector('[data-run]')
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="export-bundle"]')])
    const bundle = bundleV2Schema.parse(JSON.parse(readFileSync((await download.path())!, 'utf8')))
    expect(bundle.runs.map((r) => r.id).sort()).toEqual([...ids].sort())
    await page.click('[data-action="delete"]')
    await expect.poll(total).toMatch(/^0 runs/)
    await w.shot('22-deleted-undo')
    await page.click('[data-action="toast-action"]')
    await expect.poll(total).toMatch(/^6 runs/)
  })

  it('stays smooth with 10,000 runs: only the rows in view exist, pages load as they scroll in', async () => {
    const { page, services } = w
    const spec = normalizeSpec(experimentSpecSchema.parse({ data: { preset: 'd2l-oldest', seed: 1 }, kernel: 'boxcar', sigma: 0.5 }))
    services.store.batch(() => {
      for (let i = 0; i < 10_000; i++) services.store.createQueued(`bulk${String(i).padStart(8, '0')}`, { ...spec, name: `bulk ${i}` }, 1 + i)
    })
    services.events.emit({ type: 'runs.changed', ids: [] })
    await expect.poll(total, { timeout: 10_000 }).toMatch(/^10,006 runs/)
    const scroller = page.locator('[data-role="runs-table"]')
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight))
    // The oldest bulk run is the last row, newest first.
    await page.waitForSelector('[data-run="bulk00000000"]', { timeout: 10_000 })
    expect(await page.$$eval('[data-run]', (rows) => rows.length)).toBeLessThan(120)
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight / 2))
    await page.waitForSelector('[data-run="bulk00005000"], [data-run="bulk00004999"], [data-run="bulk00005001"]', { timeout: 10_000 })
    await w.shot('23-library-10000')
    expect(w.problems).toEqual([])
    // Seeding 10,000 runs writes each into every library order index (migration 5): seconds on a loaded machine.
  }, 60_000)
})
