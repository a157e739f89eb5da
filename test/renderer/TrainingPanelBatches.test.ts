// @vitest-environment happy-dom
import { enableAutoUnmount, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

// The chart is a stub that keeps its option: the panel's choice of view is under test.
vi.mock('../../src-renderer/components/common/ChartView.vue', () => ({
  default: { name: 'ChartView', props: ['option', 'label', 'exportName', 'csv'], template: '<div class="chart" :data-export="exportName" />' },
}))

const { default: TrainingPanel } = await import('../../src-renderer/components/results/TrainingPanel.vue')
enableAutoUnmount(afterEach)

interface Series {
  name?: string
  data?: unknown[]
}
const lossSeries = (option: unknown): Series[] => ((option as { series: Series[] }).series ?? []).filter((s) => (s.data?.length ?? 0) > 0)

describe('the training panel of a minibatch run', () => {
  // 3 epochs of 4 batches: the loss of every batch, and per epoch their record.
  const epochs = [1, 2, 3].map((epoch) => ({ epoch, loss: 10 / epoch, w: epoch }))
  const batches = { loss: Array.from({ length: 12 }, (_, i) => 12 - i), perEpoch: 4 }
  const props = { epochs, count: 3, total: 3, running: false, name: 'run', runId: 'r1' }

  it('draws the loss per batch against fractional epochs, with per epoch one switch away', async () => {
    const w = mount(TrainingPanel, { props: { ...props, batches } })
    const chart = () => w.findComponent({ name: 'ChartView' })
    const points = (o: unknown) => Math.max(...lossSeries(o).map((s) => s.data!.length))
    expect(points(chart().props('option'))).toBe(12)
    expect(chart().attributes('data-export')).toBe('r1-loss-per-batch')
    await w.find('[data-field="loss-view"]').setValue('epoch')
    expect(points(chart().props('option'))).toBe(3)
    expect(chart().attributes('data-export')).toBe('r1-loss-per-epoch')
    expect(w.find('h3').text()).toContain('per epoch')
  })

  it('offers no switch for a full-batch run', () => {
    const w = mount(TrainingPanel, { props })
    expect(w.find('[data-field="loss-view"]').exists()).toBe(false)
  })
})
