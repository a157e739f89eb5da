import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StudySummary } from '../../src-shared/api/studies'
import { consistencyStudy } from '../../src-shared/study/exercises/definitions'
import { openWorkbench, paintedPixels, type E2E } from './harness'

let w: E2E

async function call<T>(method: string, request: unknown): Promise<T> {
  const r = await w.services.dispatch(method, request)
  if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`)
  return r.value as T
}

beforeAll(async () => {
  w = await openWorkbench({ height: 1300 })
}, 60_000)
afterAll(async () => {
  await w?.close()
})

describe('studies in Chromium', () => {
  it('the editor shows the cell count and an estimated time, and refuses a bad axis in words', async () => {
    const { page } = w
    await page.click('[data-view="studies"]')
    await page.click('[data-action="new-study"]')
    // The default draft: 3 kernels x 8 widths, 5 replicates.
    await expect.poll(() => page.textContent('[data-role="cell-count"]')).toBe('24')
    expect(await page.textContent('[data-role="run-count"]')).toBe('120')
    expect(await page.textContent('[data-role="estimate"]')).toMatch(/under a second|about \d+ s/)
    await page.fill('[data-field="replicates"]', '3')
    await expect.poll(() => page.textContent('[data-role="run-count"]')).toBe('72')
    await w.shot('40-study-editor')
    const values = page.locator('[data-field="axisValues"]')
    await values.fill('gaussian, gausian')
    await expect.poll(() => page.textContent('[data-role="study-error"]')).toContain('axis "kernel" = "gausian" makes an invalid spec')
    await values.fill('gaussian, boxcar, epanechnikov')
    await expect.poll(() => page.$('[data-role="study-error"]')).toBeNull()
  })

  it('runs the study with progress, then shows the metric with bands, parallel coordinates and the best cells', async () => {
    const { page } = w
    await page.fill('[data-field="studyName"]', 'kernels by width')
    await page.click('[data-action="run-study"]')
    await page.waitForSelector('[data-study-page]')
    await expect.poll(() => page.textContent('[data-role="study-status"]'), { timeout: 60_000 }).toBe('done')
    await page.waitForTimeout(800)
    expect(await page.getAttribute('[data-figure="study-metric"]', 'data-lines')).toBe('3')
    expect(await paintedPixels(page, '[data-figure="study-metric"]')).toBeGreaterThan(5000)
    expect(await paintedPixels(page, '[data-figure="study-parallel"]')).toBeGreaterThan(5000)
    expect(await page.$$eval('[data-role="best-cells"] tbody tr', (r) => r.length)).toBe(10)
    await w.shot('41-study-page')
    await page.selectOption('[data-field="studyBand"]', 'ci')
    await page.waitForTimeout(300)
    await w.shot('42-study-page-ci')
    expect(w.problems).toEqual([])
  }, 90_000)

  it('compares two studies along a shared parameter', async () => {
    const { page } = w
    const other = await call<StudySummary>('createStudy', {
      study: { name: 'kernels by width, noisier', base: { data: { fn: 'sin-linear', n: 40, noiseSd: 2, seed: 0 }, kernel: 'gaussian' }, axes: { kernel: ['gaussian', 'boxcar'], sigma: { log: [0.05, 2], count: 8 } }, replicates: 3 },
    })
    await w.services.studies.waitFor(other.id)
    await page.waitForSelector(`[data-study="${other.id}"]`)
    await page.check(`[data-study="${other.id}"] input[type="checkbox"]`)
    const first = await page.$$eval('[data-study]', (rows) => rows.map((r) => r.getAttribute('data-study')!))
    await page.check(`[data-study="${first.find((id) => id !== other.id)}"] input[type="checkbox"]`)
    await page.click('[data-action="compare-studies"]')
    await page.waitForSelector('[data-role="study-compare"] [data-figure="study-metric"]')
    await page.waitForTimeout(800)
    expect(Number(await page.getAttribute('[data-role="study-compare"] [data-figure="study-metric"]', 'data-lines'))).toBe(5)
    expect(await paintedPixels(page, '[data-role="study-compare"] [data-figure="study-metric"]')).toBeGreaterThan(5000)
    // Each best-cells table says whose cells they are.
    const names = await page.$$eval('[data-role="study-compare"] [data-role="best-cells-study"]', (els) => els.map((e) => e.textContent))
    expect(new Set(names).size).toBe(2)
    await w.shot('43-study-compare')
  }, 60_000)

  it('groups each study’s runs in the runs library', { timeout: 60_000 }, async () => {
    const { page } = w
    const standalone = await w.services.runner.create({ data: { preset: 'd2l-oldest', seed: 2 }, kernel: 'gaussian', sigma: 1, mode: 'nonparametric', tags: [], notes: '' })
    await w.services.runner.waitFor(standalone.id)
    await page.click('[data-view="runs"]')
    await page.waitForSelector('[data-role="study-groups"]')
    // The table lists only the run outside studies.
    await expect.poll(() => page.textContent('[data-role="total"]')).toMatch(/^1 run/)
    const group = page.locator('[data-group]').first()
    await group.locator('.row').click()
    await expect.poll(() => group.locator('[data-study-run]').count()).toBe(48)
    await w.shot('44-library-groups')
    await page.click('label:has([data-field="groupStudies"])')
    await expect.poll(() => page.textContent('[data-role="total"]')).toMatch(/^121 runs/)
  })

  it('runs exercise 2 from the gallery and states its answer, with curves and bands', async () => {
    const { page } = w
    // Exercise 4's figure from a small study of the same shape (n up to 1,000; the full one takes minutes; its numbers are tested in test/study).
    const small = await call<StudySummary>('createStudy', {
      exercise: 'consistency',
      study: { ...consistencyStudy(1, [1, 2, 3, 4].map((d) => ({ d, maxN: 1000 })), 3, 2), name: 'consistency (small)' },
    })
    await w.services.studies.waitFor(small.id)
    await page.click('[data-view="gallery"]')
    await page.click('[data-action="run-exercise-learning-widths"]')
    const widths = '[data-exercise="learning-widths"] [data-figure="exercise-learning-widths"]'
    await page.waitForSelector(`${widths}[data-ready="yes"]`, { timeout: 150_000 })
    await page.waitForSelector('[data-exercise="consistency"] [data-figure="exercise-consistency"][data-ready="yes"]', { timeout: 30_000 })
    await page.waitForTimeout(800)
    const answer = await page.textContent(`${widths} [data-role="exercise-answer"]`)
    expect(answer).toContain('Without leave-one-out, w grows without bound')
    expect(answer).toContain('With leave-one-out, w settles')
    expect(await paintedPixels(page, widths)).toBeGreaterThan(15_000)
    expect(await page.textContent('[data-exercise="consistency"] [data-role="exercise-answer"]')).toContain('d = 4 (n = 100 to 1,000): the leave-one-out σ* shrinks as n^')
    const ex = await page.$('[data-exercise="learning-widths"]')
    await ex!.screenshot({ path: `${__dirname}/../../test-results/screenshots/45-exercise-2.png` })
    const ex4 = await page.$('[data-exercise="consistency"]')
    await ex4!.screenshot({ path: `${__dirname}/../../test-results/screenshots/46-exercise-4.png` })
    expect(w.problems).toEqual([])
  }, 240_000)

  it('labels an axis of objects by their content, not their JSON (sigma rules; exercise 4’s data axis)', async () => {
    const { page } = w
    const rules = await call<StudySummary>('createStudy', {
      study: { name: 'sigma rules', base: { data: { fn: 'sin-linear', n: 60, noiseSd: 0.5, seed: 3 }, kernel: 'gaussian' }, axes: { sigma: [{ rule: 'loo-cv' }, { rule: 'silverman' }, { rule: 'scott' }], kernel: ['gaussian', 'epanechnikov'] }, replicates: 2 },
    })
    await w.services.studies.waitFor(rules.id)
    await page.click('[data-view="studies"]')
    await page.click(`[data-study="${rules.id}"]`)
    await page.waitForSelector('[data-study-page] [data-role="best-cells"]')
    await page.selectOption('[data-field="studyX"]', 'sigma')
    await page.waitForTimeout(800)
    const table = (await page.textContent('[data-role="best-cells"]'))!
    expect(table).toContain('silverman')
    expect(table).not.toContain('{"rule"')
    await w.shot('47-study-sigma-rules')
    const small = await call<{ studies: StudySummary[] }>('listStudies', {}).then((p) => p.studies.find((x) => x.name === 'consistency (small)')!)
    await page.click(`[data-study="${small.id}"]`)
    await page.waitForSelector('[data-study-page] [data-role="best-cells"]')
    await page.selectOption('[data-field="studyX"]', 'data')
    await page.waitForTimeout(800)
    const cells = (await page.textContent('[data-role="best-cells"]'))!
    expect(cells).toMatch(/d = [1-4], n = \d+/)
    expect(cells).not.toContain('"vectorFn"')
    await w.shot('48-study-data-axis')
    expect(w.problems).toEqual([])
  }, 90_000)
})
