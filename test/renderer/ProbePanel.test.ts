// @vitest-environment happy-dom
import { enableAutoUnmount, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'

const { default: ProbePanel } = await import('../../src-renderer/components/results/ProbePanel.vue')

enableAutoUnmount(afterEach)

describe('the query probe from the keyboard', () => {
  it('probes the x typed in its field, and leaves the probe alone while the field holds no number', async () => {
    const w = mount(ProbePanel, { props: { probe: null, step: 0.025 } })
    const field = w.find('[data-field="probe-x"]')
    expect(field.attributes('aria-label')).toBe('Probe query x')
    expect(field.attributes('step')).toBe('0.025')
    await field.setValue('1.5')
    expect(w.emitted('set')).toEqual([[1.5]])
    await field.setValue('')
    expect(w.emitted('set')).toEqual([[1.5]])
    await field.setValue('-0.25')
    expect(w.emitted('set')).toEqual([[1.5], [-0.25]])
  })

  it('has no field where the panel probes by other means (vector runs name their query instead)', () => {
    const w = mount(ProbePanel, { props: { probe: null, queryText: '#3' } })
    expect(w.find('[data-field="probe-x"]').exists()).toBe(false)
  })
})
