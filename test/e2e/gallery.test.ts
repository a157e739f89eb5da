import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openWorkbench, paintedPixels, type E2E } from './harness'

let w: E2E
beforeAll(async () => {
  w = await openWorkbench({ height: 1800 })
}, 60_000)
afterAll(async () => {
  await w?.close()
})

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
    expect(await paintedPixels(page, '[data-figure="kernels"]')).toBeGreaterThan(3000)
    expect(await page.textContent('[data-figure="bmm"]')).toContain('[[4.5000]], [[14.5000]]')
    const runs = w.services.store.list({ offset: 0, limit: 100, sort: { by: 'createdAt', dir: 'desc' }, filter: { tags: ['gallery'] } })
    expect(runs.total).toBe(11)
    expect(runs.runs.every((r) => r.status === 'done')).toBe(true)
    await w.shot('10-gallery')
    expect(w.problems).toEqual([])
  })
})
