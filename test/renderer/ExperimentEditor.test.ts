// @vitest-environment happy-dom
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

const created: unknown[] = []
vi.mock('../../src-renderer/api', () => ({
  connection: { kind: 'browser', onEvent: () => () => undefined, onStatus: () => () => undefined, bridge: null },
  api: {
    createExperiment: vi.fn(async (spec: unknown) => {
      created.push(spec)
      return { id: 'run000000001' }
    }),
    suggestBandwidth: vi.fn(async () => [
      { method: 'silverman', sigma: 0.61, score: 0.3, error: null },
      { method: 'scott', sigma: 0.72, score: 0.31, error: null },
      { method: 'loo-cv', sigma: 0.157, score: 0.25, error: null },
    ]),
    previewData: vi.fn(async () => ({ xTrain: [1], yTrain: [1], xQuery: [1], yTruth: [1], nTrain: 1, nQuery: 1, thinned: false })),
  },
}))
// Charts need a canvas, which happy-dom has not: the editor's logic is what is under test here.
vi.mock('../../src-renderer/components/common/ChartView.vue', () => ({ default: { template: '<div class="chart-stub" />' } }))

const { default: ExperimentEditor } = await import('../../src-renderer/components/editor/ExperimentEditor.vue')
const { editorState, resetEditor } = await import('../../src-renderer/state/editor')
const { selectedRunId } = await import('../../src-renderer/state/selection')

enableAutoUnmount(afterEach)

beforeEach(() => {
  resetEditor()
  created.length = 0
  vi.useRealTimers()
})

describe('the experiment editor', () => {
  it('runs the default experiment and selects the new run', async () => {
    const w = mount(ExperimentEditor)
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(created[0]).toEqual({ data: { preset: 'd2l-oldest', seed: 0 }, kernel: 'gaussian', sigma: 1, mode: 'nonparametric' })
    expect(selectedRunId.value).toBe('run000000001')
  })

  it('shows a field’s error inline as soon as it is wrong, and does not run', async () => {
    const w = mount(ExperimentEditor)
    await w.find('[data-field="presetSeed"]').setValue('1.5')
    expect(w.find('[data-field="presetSeed"]').classes()).toContain('invalid')
    expect(w.text()).toContain('must be a whole number')
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(created).toEqual([])
    expect(w.find('[data-role="submit-error"]').text()).toBe('Fix the fields marked in red first.')
  })

  it('runs on Ctrl+Enter', async () => {
    mount(ExperimentEditor, { attachTo: document.body })
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true }))
    await flushPromises()
    expect(created).toHaveLength(1)
  })

  it('switches to parametric mode with its fields, and sends them', async () => {
    const w = mount(ExperimentEditor)
    await w.find('[data-mode="parametric"]').trigger('click')
    await w.find('[data-field="w0Random"]').setValue(false)
    await w.find('[data-field="w0"]').setValue('1.3')
    await w.find('[data-field="epochs"]').setValue('7')
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(created[0]).toMatchObject({ mode: 'parametric', training: { w0: 1.3, epochs: 7, lr: 0.5, loss: 'sum-half', loo: true, batchSize: null } })
  })

  it('sets sigma from a rule of thumb button, showing the value each gives', async () => {
    vi.useFakeTimers()
    const w = mount(ExperimentEditor)
    await vi.advanceTimersByTimeAsync(400)
    await flushPromises()
    const loo = w.find('[data-rule="loo-cv"]')
    expect(loo.text()).toContain('0.157')
    await loo.trigger('click')
    expect(editorState.sigma).toBe('0.157')
  })

  it('marks a leave-one-out optimum at the end of the search as a bound, and says why', async () => {
    vi.useFakeTimers()
    const { api } = await import('../../src-renderer/api')
    // Keyed on the data, not "the next call": a control left by an earlier test could take a one-off reply.
    const usual = vi.mocked(api.suggestBandwidth).getMockImplementation()!
    vi.mocked(api.suggestBandwidth).mockImplementation(async (req) =>
      (req.data as { seed?: number }).seed === 7
        ? [
            { method: 'silverman', sigma: 0.00519, score: 0.3, error: null },
            { method: 'scott', sigma: 0.00611, score: 0.31, error: null },
            { method: 'loo-cv', sigma: 4810, score: 0.25, error: null, limit: 'upper' },
          ]
        : usual(req),
    )
    try {
      editorState.presetSeed = '7'
      const w = mount(ExperimentEditor)
      await vi.advanceTimersByTimeAsync(400)
      await flushPromises()
      expect(w.find('[data-rule="loo-cv"]').text()).toContain('≥ 4810')
      expect(w.find('[data-role="loo-limit"]').text()).toContain('mean of the other points')
      // An optimum inside the search is a plain number with no note (the default mock's 0.157).
      editorState.presetSeed = '2'
      await vi.advanceTimersByTimeAsync(400)
      await flushPromises()
      expect(w.find('[data-rule="loo-cv"]').text()).not.toContain('≥')
      expect(w.find('[data-role="loo-limit"]').exists()).toBe(false)
    } finally {
      vi.mocked(api.suggestBandwidth).mockImplementation(usual)
    }
  })

  it('asks for no bandwidth suggestions once the control is gone (its debounced request did, after unmount)', async () => {
    vi.useFakeTimers()
    const { api } = await import('../../src-renderer/api')
    const w = mount(ExperimentEditor)
    const before = vi.mocked(api.suggestBandwidth).mock.calls.length
    w.unmount()
    await vi.advanceTimersByTimeAsync(1000)
    expect(vi.mocked(api.suggestBandwidth).mock.calls.length).toBe(before)
  })

  it('keeps the slider and the number field in step (log scale)', async () => {
    const w = mount(ExperimentEditor)
    await w.find('input[type="range"]').setValue('-1')
    expect(editorState.sigma).toBe('0.1')
    await w.find('[data-field="sigma"]').setValue('10')
    expect((w.find('input[type="range"]').element as HTMLInputElement).value).toBe('1')
  })

  it('refuses a sigma below the floor in the field, saying why', async () => {
    const w = mount(ExperimentEditor)
    await w.find('[data-field="sigma"]').setValue('1e-320')
    expect(w.text()).toContain('σ must be at least 1e-100 (below it, squared distances over σ² overflow)')
  })

  it('leaves the slider at the last valid sigma while the field holds an invalid one (it jumped to sigma = 1)', async () => {
    const w = mount(ExperimentEditor)
    await w.find('[data-field="sigma"]').setValue('0.01')
    for (const bad of ['0', '-1', 'abc']) {
      await w.find('[data-field="sigma"]').setValue(bad)
      expect((w.find('input[type="range"]').element as HTMLInputElement).value).toBe('-2')
    }
  })
})

describe('what a run is called and how its sigma was chosen', () => {
  it('empties the name field after a run starts, so the next run is not given the same name unasked', async () => {
    const w = mount(ExperimentEditor)
    await w.find('[data-field="name"]').setValue('my fit')
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(created[0]).toMatchObject({ name: 'my fit' })
    expect(editorState.name).toBe('')
    expect((w.find('[data-field="name"]').element as HTMLInputElement).value).toBe('')
    // The placeholder says what a blank name becomes (the store numbers repeats: "… (2)").
    expect(w.find('[data-field="name"]').attributes('placeholder')).toBe('Run name (blank: Gaussian, σ = 1 on d2l-oldest (seed 0))')
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(created[1]).not.toHaveProperty('name')
  })

  it('sends the rule a button chose, with the value it gave in the field, until sigma is edited by hand', async () => {
    vi.useFakeTimers()
    const w = mount(ExperimentEditor)
    await vi.advanceTimersByTimeAsync(400)
    await flushPromises()
    await w.find('[data-rule="silverman"]').trigger('click')
    expect(editorState.sigma).toBe('0.61')
    expect(w.find('[data-role="sigma-rule"]').text()).toContain('Silverman')
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(created[0]).toMatchObject({ sigma: { rule: 'silverman' } })
    await w.find('[data-field="sigma"]').setValue('0.62')
    expect(editorState.sigmaRule).toBeNull()
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(created[1]).toMatchObject({ sigma: 0.62 })
    // The slider is an edit by hand too.
    await w.find('[data-rule="scott"]').trigger('click')
    expect(editorState.sigmaRule).toBe('scott')
    await w.find('input[type="range"]').setValue('-1')
    expect(editorState.sigmaRule).toBeNull()
  })
})
