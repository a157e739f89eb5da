// @vitest-environment happy-dom
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

// A canvas is what happy-dom lacks: the chart itself is a stub, its export menu is under test.
vi.mock('vue-echarts', () => ({ default: { name: 'VChart', template: '<div class="chart" />' } }))
vi.mock('../../src-renderer/charts/echarts', () => ({}))
// Nor is there a server: the real client would open its event socket to happy-dom's localhost:3000.
vi.mock('../../src-renderer/api', () => ({ api: {}, connection: {} }))

const { default: ChartView } = await import('../../src-renderer/components/common/ChartView.vue')
enableAutoUnmount(afterEach)

describe('a chart’s export dialog', () => {
  it('closes on Escape, handing focus back to its button, and on a click elsewhere', async () => {
    const w = mount(ChartView, { props: { option: {}, exportName: 'fit' }, attachTo: document.body })
    const toggle = w.find('[data-action="export-menu"]')
    await toggle.trigger('click')
    expect(w.find('.export-dialog').exists()).toBe(true)
    ;(w.find('[data-action="export-go"]').element as HTMLElement).focus()
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))
    await flushPromises()
    expect(w.find('.export-dialog').exists()).toBe(false)
    expect(document.activeElement).toBe(toggle.element)
    await toggle.trigger('click')
    document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }))
    await flushPromises()
    expect(w.find('.export-dialog').exists()).toBe(false)
  })
})
