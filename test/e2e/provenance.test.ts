import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openWorkbench, type E2E } from './harness'

/** Issue 10: what a run records and shows about itself (name, how σ was chosen, metric coverage). */
let w: E2E
beforeAll(async () => {
  w = await openWorkbench()
}, 60_000)
afterAll(async () => {
  await w?.close()
})

const newestRun = () => w.services.store.list({ offset: 0, limit: 1, sort: { by: 'createdAt', dir: 'desc' }, filter: {} }).runs[0]!

async function runAndWait(count: number) {
  const { page } = w
  await page.click('[data-action="run"]')
  await expect.poll(() => w.services.store.list({ offset: 0, limit: 1, sort: { by: 'createdAt', dir: 'desc' }, filter: {} }).total).toBe(count)
  await page.waitForSelector('[data-role="status"]:has-text("done")', { timeout: 30_000 })
}

describe('provenance in the workbench', () => {
  it('shows the coverage of each metric below every query, and marks the run incomplete (Boxcar, σ = 0.01)', async () => {
    const { page } = w
    await page.click('[data-kernel="boxcar"]')
    await page.fill('[data-field="sigma"]', '0.01')
    await page.fill('[data-field="name"]', 'narrow boxcar')
    await runAndWait(1)
    const run = newestRun()
    expect(run.name).toBe('narrow boxcar')
    const cov = run.coverage.testMse!
    expect(cov.covered).toBeLessThan(cov.total)
    expect(await page.textContent('[data-metric="testMse"]')).toContain(`· ${cov.covered}/${cov.total} queries`)
    expect(await page.textContent('[data-role="incomplete"]')).toContain('incomplete')
    // The name field emptied: the next run is not silently given the same name.
    expect(await page.inputValue('[data-field="name"]')).toBe('')
    await w.shot('40-coverage-in-metrics-bar')
  })

  it('records the rule a button chose σ with, and the value it gave', async () => {
    const { page } = w
    await page.click('[data-kernel="gaussian"]')
    await page.waitForFunction(() => !document.querySelector('[data-rule="silverman"]')?.hasAttribute('disabled') && /\d/.test(document.querySelector('[data-rule="silverman"] .value')?.textContent ?? ''))
    const shown = Number(await page.textContent('[data-rule="silverman"] .value'))
    await page.click('[data-rule="silverman"]')
    const field = Number(await page.inputValue('[data-field="sigma"]'))
    await runAndWait(2)
    const run = newestRun()
    expect(run.sigmaRule).toBe('silverman')
    expect(run.sigma).toBe(field)
    expect(Number(run.sigma!.toPrecision(3))).toBe(shown)
    expect(run.name).not.toBe('narrow boxcar')
    expect(await page.textContent('[data-metric="sigma"]')).toContain(`${shown} (chosen by silverman)`)
    await w.shot('41-sigma-chosen-by-rule')
    // An edit by hand drops the rule.
    await page.fill('[data-field="sigma"]', '0.5')
    await runAndWait(3)
    expect(newestRun()).toMatchObject({ sigma: 0.5, sigmaRule: null })
    expect(w.problems).toEqual([])
  })
})
