import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openWorkbench, type E2E } from './harness'

/**
 * Issue 10: reload the page during training. The editor keeps its draft,
 * and the results pane shows the whole curve so far: the stored epochs,
 * then the live ones, each epoch once.
 */
let w: E2E
beforeAll(async () => {
  w = await openWorkbench()
}, 60_000)
afterAll(async () => {
  await w?.close()
})

/** The epoch the loss chart's head reports, or 0. */
async function shownEpoch(): Promise<number> {
  const head = (await w.page.textContent('[data-chart="loss"] .head .mono').catch(() => null)) ?? ''
  return Number(/epoch (\d+)\//.exec(head)?.[1] ?? 0)
}

/** The training curve as the chart holds it, through the chart's own CSV export. */
async function curveEpochs(): Promise<number[]> {
  const { page } = w
  const chart = page.locator('[data-chart="loss"]')
  await chart.hover()
  await chart.locator('[data-action="export-menu"]').click()
  await chart.locator('[data-field="exportFormat"]').selectOption('csv')
  const [d] = await Promise.all([page.waitForEvent('download'), chart.locator('[data-action="export-go"]').click()])
  const rows = readFileSync((await d.path())!, 'utf8').trim().split('\n').slice(1)
  return rows.map((r) => r.split(',')).filter((c) => c[0] === 'loss').map((c) => Number(c[1]))
}

function expectWhole(epochs: number[], atLeast: number) {
  expect(epochs.length).toBeGreaterThanOrEqual(atLeast)
  // Every epoch 1..k present exactly once, in order: no gap, no duplicate.
  const missing = epochs.findIndex((e, k) => e !== k + 1)
  expect(missing, `epoch ${missing + 1} is ${epochs[missing]} in ${epochs.slice(Math.max(0, missing - 3), missing + 3).join(', ')}`).toBe(-1)
}

describe('reloading the page during a training', () => {
  it('keeps the editor draft and shows the whole curve so far, stored then live, each epoch once', async () => {
    const { page } = w
    await page.click('[data-mode="parametric"]')
    await page.click('button[role="tab"]:has-text("Generator")')
    // 10^5 points make an epoch take tens of milliseconds, so the run stays
    // below the 2,000 epochs past which the chart (and its CSV) thins the curve
    // to bucket extremes, and every epoch can still be checked.
    await page.fill('[data-field="gen.n"]', '100000')
    await page.fill('[data-field="epochs"]', '100000')
    await page.fill('[data-field="lr"]', '0.0001')
    await page.fill('[data-field="sigma"]', '0.77')
    await page.click('[data-action="run"]')
    await page.waitForFunction(() => /epoch (\d+)\//.exec(document.querySelector('[data-chart="loss"] .head .mono')?.textContent ?? '')?.[1] !== undefined, null, { timeout: 30_000 })
    await expect.poll(shownEpoch, { timeout: 30_000 }).toBeGreaterThanOrEqual(20)
    const before = await shownEpoch()

    await page.reload()
    await page.waitForSelector('[data-action="run"]')
    // The draft: the fields as they were typed, not the defaults.
    expect(await page.inputValue('[data-field="gen.n"]')).toBe('100000')
    expect(await page.inputValue('[data-field="epochs"]')).toBe('100000')
    expect(await page.inputValue('[data-field="sigma"]')).toBe('0.77')
    // Live epochs keep coming after the reload, well past where the stored part ends.
    await expect.poll(shownEpoch, { timeout: 30_000 }).toBeGreaterThanOrEqual(before + 30)
    expect(await page.textContent('[data-role="status"]')).toContain('running')
    // A second for the store's next append, which fills any gap at the joint.
    await page.waitForTimeout(1500)
    expectWhole(await curveEpochs(), before + 30)
    await w.shot('30-reloaded-mid-training')
  }, 120_000)

  it('reattaches to the run in progress when the page opens with no run in its address', async () => {
    const { page } = w
    await page.goto(`${w.server.url.split('#')[0]}#/workbench`)
    await page.reload()
    await page.waitForSelector('[data-action="run"]')
    await expect.poll(() => page.url(), { timeout: 10_000 }).toMatch(/#\/workbench\?run=/)
    const at = await shownEpoch()
    await expect.poll(shownEpoch, { timeout: 30_000 }).toBeGreaterThanOrEqual(at + 20)
    await page.waitForTimeout(1500)
    expectWhole(await curveEpochs(), at + 20)
    await page.click('[data-action="cancel"]')
    await page.waitForSelector('[data-role="status"]:has-text("cancelled")', { timeout: 10_000 })
    expect(w.problems).toEqual([])
  }, 120_000)
})
