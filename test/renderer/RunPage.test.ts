// @vitest-environment happy-dom
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RunDetail } from '../../src-shared/api/runs'
import { detail, partial, summary, trained } from './fixtures/runs'

const stored = new Map<string, RunDetail>()
const api = {
  getExperiment: vi.fn(async ({ id }: { id: string }) => {
    const r = stored.get(id)
    if (!r) throw Object.assign(new Error(`getExperiment: no run ${id}`), { name: 'NotFoundError', reason: `no run ${id}` })
    return r
  }),
  renameExperiment: vi.fn(async ({ id, name }: { id: string; name: string }) => ({ ...stored.get(id)!, name })),
  suggestTags: vi.fn(async () => []),
  tagExperiment: vi.fn(async () => undefined),
}
vi.mock('../../src-renderer/api', () => ({
  connection: { kind: 'browser', onEvent: () => () => undefined, onStatus: () => () => undefined, bridge: null },
  api,
}))

const { default: RunPage } = await import('../../src-renderer/components/run/RunPage.vue')
const { route } = await import('../../src-renderer/state/router')

enableAutoUnmount(afterEach)

const parent = detail(partial({ id: 'parent0001', name: 'boxcar sweep 0.05' }), {
  spec: { name: 'boxcar sweep 0.05', data: { preset: 'd2l-oldest', seed: 1 }, kernel: 'boxcar', sigma: 0.05, mode: 'nonparametric' },
  undefinedQueries: Array.from({ length: 45 }, (_, k) => k),
  reruns: [{ id: 'child00001', name: 'boxcar sweep 0.05 · re-run' }],
  fit: { algorithm: 'sorted-window', errorBound: 2.5e-12 },
})
const child = detail(partial({ id: 'child00001', name: 'boxcar sweep 0.05 · re-run', parentId: 'parent0001' }), { parent: { id: 'parent0001', name: 'boxcar sweep 0.05' } })
const interrupted = detail(
  trained({ id: 'train00001', w: 4, status: 'interrupted', finishedAt: null, epochsDone: 3, error: { name: 'InterruptedError', message: 'the app closed while this run was training (epoch 3 of 8 saved)' } }),
)
const plain = detail(summary({ id: 'plain00001' }))
const widths = detail(
  trained({
    id: 'vector0001',
    // A trained width vector has no scalar w: its w is per coordinate, under vector.learned.
    ...{ w: null as unknown as number },
    sigmaEff: null,
    sigma: null,
    epochsDone: 3,
    vector: {
      d: 2,
      features: ['horsepower', 'weight'],
      target: 'mpg',
      task: 'regression',
      estimator: 'nw',
      scoring: 'distance',
      sigma: [10.05, 205.5],
      labelNames: null,
      classCount: null,
      classMetrics: null,
      classCoverage: null,
      bands: null,
      learned: { w0: [1, 1], w: [3.753, 4.176], scale: [37.7, 858.2] },
    },
  }),
)

beforeEach(() => {
  stored.clear()
  for (const r of [parent, child, interrupted, plain, widths]) stored.set(r.id, r)
  vi.clearAllMocks()
})

async function page(id: string) {
  const w = mount(RunPage, { props: { id }, attachTo: document.body })
  await flushPromises()
  return w
}
const facts = (w: Awaited<ReturnType<typeof page>>, role: string) =>
  Object.fromEntries(w.findAll(`[data-role="${role}"] dt`).map((dt, k) => [dt.text(), w.findAll(`[data-role="${role}"] dd`)[k]!.text()]))

describe('the run page', () => {
  it('shows every metric with its coverage, the algorithm and error bound, the data size and the full spec', async () => {
    const w = await page('parent0001')
    const rows = w.findAll('[data-role="run-metrics"] tbody tr').map((tr) => tr.findAll('th, td').map((c) => c.text()))
    expect(rows).toEqual([
      ['training loss', '—', '—'],
      ['training MSE', '0.01', '50/50 (100%)'],
      ['test MSE', '0.0358', '◐ 5/50 (10%)'],
      ['leave-one-out score', '0.9', '◐ 12/50 (24%)'],
    ])
    expect(w.find('[data-metric="testMse"]').attributes('title')).toMatch(/covers only 5 of 50 queries/)
    expect(w.find('[data-role="incomplete-note"]').exists()).toBe(true)
    expect(w.text()).toContain('45 of 50 queries have no estimate.')
    expect(facts(w, 'run-fit')).toEqual({ 'Computed by': 'sorted-window', 'Error bound': '≤ 2.50e-12' })
    expect(facts(w, 'run-data')).toMatchObject({ 'Training points': '50', Queries: '50', Seed: '1' })
    expect(facts(w, 'run-timing')).toMatchObject({ Duration: '2.5 s', 'App version': '0.1.0' })
    expect(facts(w, 'run-timing').Created).toMatch(/2026/)
    expect(w.find('[data-role="run-timing"] dd').attributes('title')).toBe('2026-03-03T14:05:33.000Z')
    expect(JSON.parse(w.find('[data-role="run-spec"]').text())).toEqual(parent.spec)
  })

  it('links a re-run to its original and the original to its re-runs', async () => {
    const w = await page('child00001')
    expect(w.find('[data-role="parent-link"]').attributes('href')).toBe('#/run/parent0001')
    expect(w.find('[data-role="provenance"]').text()).toContain('Re-run of boxcar sweep 0.05')
    const p = await page('parent0001')
    expect(p.findAll('[data-role="rerun-link"]').map((a) => a.attributes('href'))).toEqual(['#/run/child00001'])
  })

  it('says why a run was interrupted, and shows "—" for what does not apply', async () => {
    const w = await page('train00001')
    expect(w.find('[data-role="run-error"]').text()).toContain('Interrupted: the app closed while this run was training (epoch 3 of 8 saved)')
    expect(facts(w, 'run-model')).toMatchObject({ 'σ (nonparametric fit)': '1', 'Learned w': '4', 'σ_eff = 1/|w|': '0.25', Epochs: '3 of 8' })
    expect(facts(w, 'run-timing').Duration).toBeUndefined()
    const np = await page('plain00001')
    expect(facts(np, 'run-model')).toMatchObject({ σ: '0.5', 'Learned w': '—', 'σ_eff = 1/|w|': '—' })
    expect(facts(np, 'run-model').Epochs).toBeUndefined()
  })

  it('shows a trained width vector as one w and one width per coordinate', async () => {
    const w = await page('vector0001')
    const model = facts(w, 'run-model')
    expect(model).toMatchObject({ 'Learned w': '(3.753, 4.176)', 'σ = sd/|w|': '(10.05, 205.5)', Epochs: '3 of 8' })
    expect(model['σ_eff = 1/|w|']).toBeUndefined()
    expect(model['σ (nonparametric fit)']).toBeUndefined()
  })

  it('says clearly when the address names a run that is not there', async () => {
    const w = await page('gone000001')
    expect(w.find('[data-role="run-missing"]').text()).toContain('There is no run gone000001 here: it was deleted, or the address was mistyped.')
  })

  it('compares with the original in one click from “Compare with…”, whose menu Escape closes', async () => {
    const w = await page('child00001')
    await w.find('[data-action="compare-with"]').trigger('click')
    expect(w.find('[data-role="compare-menu"]').exists()).toBe(true)
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))
    await flushPromises()
    expect(w.find('[data-role="compare-menu"]').exists()).toBe(false)
    await w.find('[data-action="compare-with"]').trigger('click')
    await w.find('[data-compare="parent"]').trigger('click')
    expect(route.value).toEqual({ view: 'compare', ids: ['parent0001', 'child00001'], color: null })
  })

  it('renames the run on Enter', async () => {
    const w = await page('plain00001')
    await w.find('[data-field="rename"]').setValue('σ = 0.5, the chapter’s choice')
    await w.find('[data-field="rename"]').trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(api.renameExperiment).toHaveBeenCalledWith({ id: 'plain00001', name: 'σ = 0.5, the chapter’s choice' })
  })
})
