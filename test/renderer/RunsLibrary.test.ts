// @vitest-environment happy-dom
import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RunSummary } from '../../src-shared/api/runs'
import { partial, summary } from './fixtures/runs'
import { memoryApi } from './fixtures/mockApi'

const runs: RunSummary[] = []
const mock = memoryApi(runs)
vi.mock('../../src-renderer/api', () => ({
  connection: { kind: 'browser', onEvent: () => () => undefined, onStatus: () => () => undefined, bridge: null },
  api: mock.api,
}))

const { default: RunsLibrary } = await import('../../src-renderer/components/library/RunsLibrary.vue')
const { librarySelection } = await import('../../src-renderer/library/librarySelection')
const { route } = await import('../../src-renderer/state/router')

enableAutoUnmount(afterEach)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

beforeEach(() => {
  runs.length = 0
  for (let i = 0; i < 26; i++) runs.push(summary({ id: `run${String(i).padStart(5, '0')}`, tags: i < 3 ? ['sweep'] : i < 5 ? ['swim', 'x'] : [] }))
  // Near the top: only the rows in view (ten here, where nothing has a height) exist.
  runs.splice(1, 0, partial({ id: 'part00001', name: 'boxcar at σ 0.05' }))
  mock.listCalls.length = 0
  librarySelection.value = new Set()
  vi.clearAllMocks()
})

async function open(): Promise<VueWrapper> {
  const w = mount(RunsLibrary, { attachTo: document.body })
  await flushPromises()
  return w
}
const selectAllBox = (w: VueWrapper) => w.find('[data-field="selectAll"]').element as HTMLInputElement
const escape = () => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))

describe('the runs library', () => {
  it('has a tri-state select-all box: mixed for 1 of 27, checked for all, clear for none', async () => {
    const w = await open()
    expect(w.find('[data-role="total"]').text()).toBe('27 runs')
    await w.find('[data-run="run00003"] .check input').setValue(true)
    expect(w.find('[data-role="total"]').text()).toBe('27 runs · 1 selected')
    expect(selectAllBox(w).checked).toBe(false)
    expect(selectAllBox(w).indeterminate).toBe(true)
    await w.find('[data-field="selectAll"]').trigger('click')
    await flushPromises()
    expect(librarySelection.value.size).toBe(27)
    expect(selectAllBox(w).checked).toBe(true)
    expect(selectAllBox(w).indeterminate).toBe(false)
    await w.find('[data-field="selectAll"]').trigger('click')
    await flushPromises()
    expect(librarySelection.value.size).toBe(0)
    expect(selectAllBox(w).checked).toBe(false)
    expect(selectAllBox(w).indeterminate).toBe(false)
  })

  it('closes the Columns popover on Escape and on a click elsewhere', async () => {
    const w = await open()
    await w.find('[data-action="columns"]').trigger('click')
    expect(w.find('[data-role="columns-menu"]').exists()).toBe(true)
    escape()
    await flushPromises()
    expect(w.find('[data-role="columns-menu"]').exists()).toBe(false)
    await w.find('[data-action="columns"]').trigger('click')
    document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }))
    await flushPromises()
    expect(w.find('[data-role="columns-menu"]').exists()).toBe(false)
  })

  it('filters by tag, completing the typed prefix from the tags in use (most used first)', async () => {
    const w = await open()
    const input = w.find('[data-field="tagFilter"]')
    await input.trigger('focus')
    await input.setValue('sw')
    await sleep(200)
    await flushPromises()
    expect(mock.api.suggestTags).toHaveBeenLastCalledWith({ prefix: 'sw', limit: 8 })
    const shown = w.findAll('[data-role="tag-suggestions"] li')
    expect(shown.map((li) => li.attributes('data-tag'))).toEqual(['sweep', 'swim'])
    expect(shown[0]!.text()).toBe('sweep 3')
    await input.trigger('keydown', { key: 'ArrowDown' })
    await input.trigger('keydown', { key: 'Enter' })
    expect(w.find('[data-role="tag-filter"] [data-tag="sweep"]').exists()).toBe(true)
    await sleep(250)
    await flushPromises()
    expect(mock.listCalls.at(-1)!.filter).toEqual({ tags: ['sweep'] })
    expect(w.find('[data-role="total"]').text()).toBe('3 runs')
    await input.trigger('blur')
    await input.trigger('focus')
    await sleep(200)
    await flushPromises()
    // Tags already in the filter are not offered again.
    expect(w.findAll('[data-role="tag-suggestions"] li').map((li) => li.attributes('data-tag'))).toEqual(['swim', 'x'])
    // Suggestions of an earlier prefix that no longer fit the text are not offered while newer ones load.
    await input.setValue('s')
    expect(w.findAll('[data-role="tag-suggestions"] li').map((li) => li.attributes('data-tag'))).toEqual(['swim'])
    // Escape closes the list of suggestions.
    await input.trigger('keydown', { key: 'Escape' })
    expect(w.find('[data-role="tag-suggestions"]').exists()).toBe(false)
  })

  it('tags and untags the whole selection at once', async () => {
    const w = await open()
    expect(w.find('[data-action="bulk-tags"]').attributes('disabled')).toBeDefined()
    for (const id of ['run00000', 'run00007']) await w.find(`[data-run="${id}"] .check input`).setValue(true)
    await w.find('[data-action="bulk-tags"]').trigger('click')
    await flushPromises()
    // What the selection carries: sweep on one of the two.
    expect(w.find('[data-role="bulk-tags"] [data-tag="sweep"]').text()).toContain('1/2')
    const add = w.find('[data-field="bulkAddTag"]')
    await add.setValue('paper figure 3')
    await add.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(mock.api.tagExperiments).toHaveBeenCalledWith({ ids: ['run00000', 'run00007'], add: ['paper figure 3'] })
    expect(runs.filter((r) => r.tags.includes('paper figure 3')).map((r) => r.id)).toEqual(['run00000', 'run00007'])
    expect(w.find('[data-role="bulk-tags"] [data-tag="paper figure 3"]').text()).toContain('2/2')
    await w.find('[data-role="bulk-tags"] [data-tag="sweep"] button').trigger('click')
    await flushPromises()
    expect(mock.api.tagExperiments).toHaveBeenLastCalledWith({ ids: ['run00000', 'run00007'], remove: ['sweep'] })
    expect(runs.find((r) => r.id === 'run00000')!.tags).toEqual(['paper figure 3'])
    expect(w.find('[data-role="bulk-tags"] [data-tag="sweep"]').exists()).toBe(false)
    // Escape closes the popover too.
    escape()
    await flushPromises()
    expect(w.find('[data-role="bulk-tags"]').exists()).toBe(false)
  })

  it('shows a metric’s coverage beside it when below every point, and marks the incomplete run', async () => {
    const w = await open()
    const row = w.find('[data-run="part00001"]')
    const test = row.find('[data-col="testMse"]')
    expect(test.text()).toBe('0.0358 · 5/50')
    expect(test.attributes('title')).toMatch(/^test MSE covers only 5 of 50 queries: 45 have no estimate/)
    expect(row.find('[data-col="looScore"]').text()).toBe('0.9 · 12/50')
    expect(row.find('[data-role="incomplete"]').attributes('title')).toBe(
      'Incomplete: test MSE 5/50, leave-one-out score 12/50. Sorted after complete runs while “incomplete runs last” is on.',
    )
    expect(row.classes()).toContain('incomplete')
    const complete = w.find('[data-run="run00001"]')
    expect(complete.find('[data-col="testMse"]').text()).toBe('0.1')
    expect(complete.find('[data-role="incomplete"]').exists()).toBe(false)
  })

  it('sorts incomplete runs last by default, and the switch turns that off', async () => {
    const w = await open()
    await w.find('[data-sort="testMse"]').trigger('click')
    await flushPromises()
    expect(mock.listCalls.at(-1)!.sort).toEqual({ by: 'testMse', dir: 'desc', incompleteLast: true })
    const box = w.find('[data-field="incompleteLast"]')
    expect((box.element as HTMLInputElement).checked).toBe(true)
    await box.setValue(false)
    await flushPromises()
    expect(mock.listCalls.at(-1)!.sort).toEqual({ by: 'testMse', dir: 'desc', incompleteLast: false })
  })

  it('shows the full creation date and time on hover, and opens the run page from a row', async () => {
    const w = await open()
    const created = w.find('[data-run="run00002"] [data-col="created"]')
    expect(created.attributes('title')).toMatch(/^Created .*2026.*\(2026-03-03T14:05:33\.000Z\)$/)
    expect(w.find('[data-run="run00002"] .name-link').attributes('href')).toBe('#/run/run00002')
    await w.find('[data-run="run00002"] [data-col="status"]').trigger('click')
    expect(route.value).toEqual({ view: 'run', id: 'run00002' })
    expect(window.location.hash).toBe('#/run/run00002')
  })
})
