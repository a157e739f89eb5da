import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { unzipSync } from 'fflate'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunModel } from '../../src-shared/charts/runCharts'
import { CHAPTER_FIGURES, chapterFigure, figureHeight } from '../../src-shared/figures/chapter'
import { exportTheme } from '../../src-shared/figures/draw'
import { exportFigure, type FigureFormat } from '../../src-shared/figures/exportFigure'
import { makeStyle } from '../../src-shared/figures/style'
import { NODE_PLATFORM } from '../../src-main/export/nodePlatform'
import { runHeatmap } from '../../src-main/export/runExports'
import { openWorkbench, paintedPixels, SCREENSHOTS, type E2E } from './harness'

let w: E2E
beforeAll(async () => {
  w = await openWorkbench({ height: 1800 })
}, 60_000)
afterAll(async () => {
  await w?.close()
})

/** The gallery's runs by slot, as the command line builds the same figure from them. */
function cliFigure(id: string, format: FigureFormat, column: 'single' | 'double') {
  const runs = w.services.store.list({ offset: 0, limit: 100, sort: { by: 'createdAt', dir: 'desc' }, filter: { tags: ['gallery'] } }).runs
  const data = {
    run: (slot: string) => w.services.store.detail(runs.find((r) => r.tags.includes(slot))!.id, 'full'),
    heatmap: (slot: string, model: RunModel) => runHeatmap(w.services.store, data.run(slot), model, 100, 100),
  }
  const base = makeStyle(column)
  const fig = chapterFigure(id).build(data, { theme: exportTheme(base), colorScale: 'panel', lossView: 'batch' })
  return exportFigure(NODE_PLATFORM, fig, makeStyle(column, { height: figureHeight(fig, base.width) }), format)
}

async function download(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent('download'), click()])
  return readFileSync((await d.path())!)
}

describe('the chapter gallery', () => {
  it('reproduces every figure in one click, each saved as a run', async () => {
    const { page } = w
    await page.click('[data-view="gallery"]')
    await page.click('[data-action="reproduce"]')
    // 3 + 3 figures of the oldest edition, and 8 + 8 panels of figures 8 and 9 (all but figures 4 and 7 come from runs).
    await page.waitForFunction(() => document.querySelectorAll('[data-ready="yes"]').length === 22, null, { timeout: 90_000 })
    await page.waitForTimeout(500)
    const figures = await page.$$('figure[data-ready="yes"]')
    for (const f of figures) expect(await f.$('canvas')).not.toBeNull()
    // Figure 7: four panels, one kernel each.
    expect(await page.$$eval('[data-figure="kernels"] figure', (els) => els.length)).toBe(4)
    expect(await paintedPixels(page, '[data-figure="kernels"]')).toBeGreaterThan(3000)
    expect(await page.textContent('[data-figure="bmm"]')).toContain('[[4.5000]], [[14.5000]]')
    const runs = w.services.store.list({ offset: 0, limit: 100, sort: { by: 'createdAt', dir: 'desc' }, filter: { tags: ['gallery'] } })
    // 11 figure slots from 10 distinct runs: figure 8's Gaussian is figure 9's σ = 1.
    expect(runs.total).toBe(10)
    expect(runs.runs.every((r) => r.status === 'done')).toBe(true)
    await w.shot('10-gallery')
    expect(w.problems).toEqual([])
  })

  it('reuses the saved runs when nothing changed, and says so', async () => {
    const { page } = w
    await page.click('[data-action="reproduce"]')
    await expect.poll(() => page.textContent('[data-role="reproduced"]').catch(() => null)).toBe('Nothing changed: all 11 figures show the runs already saved for them.')
    const runs = w.services.store.list({ offset: 0, limit: 100, sort: { by: 'createdAt', dir: 'desc' }, filter: {} })
    expect(runs.total).toBe(10)
    await page.waitForFunction(() => document.querySelectorAll('[data-ready="yes"]').length === 22, null, { timeout: 30_000 })
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.screenshot({ path: join(SCREENSHOTS, '10b-gallery-reused.png'), clip: { x: 0, y: 0, width: 1440, height: 220 } })
    expect(w.problems).toEqual([])
  })

  it('exports a figure from the app with the same SVG, PNG pixels and PDF as the command line', async () => {
    const { page } = w
    for (const [id, format, column] of [
      ['fig9', 'svg', 'double'],
      ['fig3', 'png', 'single'],
      ['fig6', 'pdf', 'double'],
    ] as const) {
      await page.click(`[data-export-figure="${id}"]`)
      await page.waitForSelector('[data-role="export-dialog"]')
      await page.selectOption('[data-role="export-dialog"] [data-field="exportFormat"]', format)
      if (id === 'fig9') await page.locator('[data-role="export-dialog"]').screenshot({ path: join(SCREENSHOTS, '11-export-dialog.png') })
      const app = await download(page, () => page.click('[data-role="export-dialog"] [data-action="export-go"]'))
      const cli = (await cliFigure(id, format, column))[0]!.data
      writeFileSync(join(SCREENSHOTS, `export-${id}.${format}`), app)
      expect(Buffer.compare(app, Buffer.from(cli)), `${id}.${format}`).toBe(0)
    }
    expect(w.problems).toEqual([])
  }, 120_000)

  it('exports all figures, one file per figure, in one zip', async () => {
    const { page } = w
    await page.click('[data-action="export-all"]')
    await page.selectOption('[data-role="export-dialog"] [data-field="exportFormat"]', 'svg')
    const zip = unzipSync(await download(page, () => page.click('[data-role="export-dialog"] [data-action="export-go"]')))
    expect(Object.keys(zip).sort()).toEqual(CHAPTER_FIGURES.map((f) => `${f.id}.svg`).sort())
    expect(w.problems).toEqual([])
  }, 120_000)
})
