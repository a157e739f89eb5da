import { readFileSync } from 'node:fs'
import { DOMParser } from '@xmldom/xmldom'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openWorkbench, paintedPixels, type E2E } from './harness'

/**
 * Trained width vectors and the comparison of vector runs in Chromium: a
 * parametric vector run started from the editor (its loss curve, learned
 * widths and the probe's point marked on its surface), compared with a
 * nonparametric run on the same data (widths overlaid, surfaces side by
 * side with their difference, the table, the exports), and the sentence
 * that says why a one-dimensional run or another d cannot be overlaid.
 */
let w: E2E
const ids = { scott: '', trained: '', line: '', d3: '' }

beforeAll(async () => {
  w = await openWorkbench({ height: 2000 })
  const base = { mode: 'nonparametric' as const, tags: ['vector'], notes: '', kernel: 'gaussian' as const }
  ids.scott = (await w.services.runner.create({ ...base, name: 'cars scott', data: { dataset: 'cars', seed: 1, holdout: 0.25 }, sigma: { rule: 'scott' } })).id
  ids.line = (await w.services.runner.create({ ...base, name: '1-D gaussian', data: { preset: 'd2l-oldest', seed: 2 }, sigma: 0.5 })).id
  ids.d3 = (await w.services.runner.create({ ...base, name: 'first-only d=3', data: { vectorFn: 'first-only', d: 3, n: 100, noiseSd: 0.5, xMin: 0, xMax: 5, queryCount: 20, seed: 4 }, sigma: [0.5, 1, 1] })).id
  for (const id of [ids.scott, ids.line, ids.d3]) await w.services.runner.waitFor(id)
}, 90_000)
afterAll(async () => {
  await w?.close()
})

async function openCompare(runIds: string[]): Promise<void> {
  await w.page.evaluate((list) => (location.hash = `#/compare?ids=${list.join(',')}`), runIds)
  await w.page.waitForSelector('[data-role="diff"]')
}

describe('trained width vectors and vector comparisons in Chromium', () => {
  it('trains a width vector from the editor: loss per epoch, w per coordinate, learned widths beside the rules, the probe marked on the surface', async () => {
    const { page } = w
    await page.evaluate(() => (location.hash = '#/workbench'))
    await page.click('[data-source="vector"]')
    await page.waitForSelector('[data-role="vector-editor"]')
    // Vector data are valid: the live preview says it draws one-dimensional data, not that the editor is wrong.
    expect(await page.textContent('[data-role="preview-vector"]')).toContain('the editor holds vector data')
    expect(await page.$('[data-role="preview-held"]')).toBeNull()
    await page.fill('[data-field="vector.seed"]', '1')
    await page.click('[data-mode="parametric"]')
    await page.waitForSelector('[data-role="vector-trained"]')
    expect(await page.isChecked('[data-field="vector.standardize"]')).toBe(true)
    await page.uncheck('[data-field="w0Random"]')
    await page.fill('[data-field="w0"]', '1')
    await page.fill('[data-field="epochs"]', '60')
    await page.selectOption('[data-field="loss"]', 'mean-half')
    await page.fill('[data-field="name"]', 'cars trained')
    await w.shot('70-vector-editor-parametric')
    await page.click('[data-action="run"]')
    await page.waitForSelector('[data-role="vector-learned"]', { timeout: 60_000 })
    ids.trained = await page.evaluate(() => new URLSearchParams(location.hash.split('?')[1]).get('run') ?? '')
    expect(ids.trained).not.toBe('')
    expect(await page.textContent('[data-role="vector-learned"]')).toMatch(/^\s*learned w = \([-\d.e]+, [-\d.e]+\) from w0 = \(1, 1\) on standardised inputs\s*$/)
    expect(await page.textContent('[data-role="vector-widths"]')).toMatch(/^σ = sd\/\|w\| = \([\d.e+]+, [\d.e+]+\)$/)
    await page.waitForSelector('[data-chart="vector-loss"] canvas')
    await page.waitForSelector('[data-chart="vector-widths"] canvas', { timeout: 60_000 })
    expect(await paintedPixels(page, '[data-chart="vector-loss"]')).toBeGreaterThan(2000)
    expect(await paintedPixels(page, '[data-chart="vector-w"]')).toBeGreaterThan(2000)
    // The probe answers for query 1, and the surface marks that point.
    await page.waitForFunction(() => (document.querySelector('[data-chart="vector-surface"]')?.getAttribute('data-probed') ?? '') !== '', undefined, { timeout: 60_000 })
    const first = await page.getAttribute('[data-chart="vector-surface"]', 'data-probed')
    await page.fill('[data-field="probe-query"]', '7')
    await page.waitForFunction((before) => (document.querySelector('[data-chart="vector-surface"]')?.getAttribute('data-probed') ?? before) !== before, first, { timeout: 30_000 })
    const probed = (await page.getAttribute('[data-chart="vector-surface"]', 'data-probed'))!.split(',').map(Number)
    const query = (await page.textContent('[data-role="vector-attention"] [data-probe="query"]'))!
    expect(query).toMatch(/^#7 /)
    expect(probed).toHaveLength(2)
    await w.shot('71-vector-trained-run')
    await page.locator('[data-chart="vector-surface"]').screenshot({ path: `${process.cwd()}/test-results/screenshots/72-vector-surface-probe-marker.png` })
    expect(w.problems).toEqual([])
  }, 90_000)

  it('compares two vector runs: widths overlaid, the surfaces side by side and their difference, the loss of the trained one, the table', async () => {
    const { page } = w
    await openCompare([ids.scott, ids.trained])
    await page.waitForSelector('[data-role="vector-compare"]')
    await page.waitForSelector('[data-chart="compare-widths"] canvas')
    await page.waitForSelector('[data-chart="compare-difference"] canvas', { timeout: 60_000 })
    await page.waitForTimeout(500)
    expect(await page.locator('[data-chart="compare-surface"] canvas').count()).toBeGreaterThanOrEqual(2)
    for (const chart of ['compare-widths', 'compare-width-loss', 'compare-difference']) {
      expect(await paintedPixels(page, `[data-chart="${chart}"]`), chart).toBeGreaterThan(2000)
    }
    const surfaces = page.locator('[data-chart="compare-surface"]')
    for (let k = 0; k < 2; k++) expect(await paintedPixels(page, `[data-chart="compare-surface"]:nth-child(${k + 1})`)).toBeGreaterThan(50_000)
    expect(await surfaces.count()).toBe(2)
    expect(await page.locator('[data-chart="compare-fit"]').count()).toBe(0)
    expect(await page.locator('[data-role="compare-note"]').count()).toBe(0)
    const header = await page.$$eval('[data-role="diff"] tbody th', (t) => t.map((x) => x.textContent))
    expect(header).toEqual(expect.arrayContaining(['mode', 'σ per coordinate', 'learned w', 'standardised inputs', 'loss: last']))
    const sigmaRow = await page.$$eval('[data-role="diff"] tbody tr', (rows) => rows.find((r) => r.querySelector('th')?.textContent === 'σ per coordinate')?.textContent ?? '')
    expect(sigmaRow).toMatch(/\([\d.]+, [\d.]+\).*\([\d.e+]+, [\d.e+]+\)/)
    await w.shot('73-compare-vector-runs')
    expect(w.problems).toEqual([])
  }, 90_000)

  it('exports the compare charts like the one-dimensional ones: one chart as SVG, the whole comparison as one figure', async () => {
    const { page } = w
    const widths = page.locator('[data-chart="compare-widths"]')
    await widths.hover()
    await widths.locator('[data-action="export-menu"]').click()
    await widths.locator('[data-field="exportFormat"]').selectOption('svg')
    const [one] = await Promise.all([page.waitForEvent('download'), widths.locator('[data-action="export-go"]').click()])
    expect(one.suggestedFilename()).toBe('compare-2-runs-widths.svg')
    const svg = readFileSync((await one.path())!, 'utf8')
    const errors: string[] = []
    new DOMParser({ onError: (l: string, m: string) => errors.push(`${l} ${m}`) }).parseFromString(svg, 'image/svg+xml')
    expect(errors).toEqual([])
    expect(svg).toContain('cars scott')
    expect(svg).toContain('cars trained (learned)')

    await page.click('[data-action="export-compare"]')
    await page.locator('.popup [data-field="exportFormat"]').selectOption('svg')
    const [all] = await Promise.all([page.waitForEvent('download'), page.locator('.popup [data-action="export-go"]').click()])
    expect(all.suggestedFilename()).toBe('compare-2-vector-runs.svg')
    const figure = readFileSync((await all.path())!, 'utf8')
    expect(figure).toContain('2 vector runs compared')
    expect(figure).toContain('cars trained − cars scott')
    expect(figure).toContain('Loss per epoch')
    expect(w.problems).toEqual([])
  }, 60_000)

  it('says why a one-dimensional run, or a vector run of another d, cannot be overlaid, and still compares them in the table', async () => {
    const { page } = w
    await openCompare([ids.line, ids.scott])
    await page.waitForSelector('[data-role="compare-note"]')
    expect(await page.textContent('[data-role="compare-note"]')).toMatch(/“1-D gaussian” is one-dimensional .* “cars scott” is a vector run \(d = 2: .*not overlaid/)
    await page.waitForSelector('[data-chart="compare-fit"] canvas')
    expect(await page.textContent('[data-chart="compare-fit"] h3')).toMatch(/one-dimensional runs only/)
    expect(await page.locator('[data-role="vector-compare"]').count()).toBe(0)
    expect(await page.$$eval('[data-role="diff"] thead th', (t) => t.length)).toBe(3)
    await w.shot('74-compare-mixed')

    await openCompare([ids.scott, ids.d3])
    await page.waitForFunction(() => document.querySelector('[data-role="compare-note"]')?.textContent?.includes('different dimensions'))
    expect(await page.textContent('[data-role="compare-note"]')).toMatch(/different dimensions \(d = 2: “cars scott”; d = 3: “first-only d=3”\)/)
    expect(await page.locator('[data-role="vector-compare"]').count()).toBe(0)
    expect(await page.locator('[data-chart="compare-fit"]').count()).toBe(0)
    expect(w.problems).toEqual([])
  }, 60_000)
})
