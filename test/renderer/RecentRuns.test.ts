// @vitest-environment happy-dom
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

const LONG = 'kernel sweep, tricube at the leave-one-out optimum, seed 7, replicate 3 of 5 (paper figure 2b)'
vi.mock('../../src-renderer/api', () => ({
  api: {
    listExperiments: async () => ({
      runs: [
        { id: 'a', name: LONG, status: 'done', createdAt: 0 },
        { id: 'b', name: 'short', status: 'running', createdAt: 0 },
      ],
    }),
  },
  connection: {},
}))
vi.mock('../../src-renderer/composables/useEvents', () => ({ useWorkbenchEvents: () => undefined }))

const { default: RecentRuns } = await import('../../src-renderer/components/results/RecentRuns.vue')
const { selectedRunId } = await import('../../src-renderer/state/selection')
enableAutoUnmount(afterEach)

describe('the recent runs select', () => {
  it('names the chosen run whole in its tooltip, since the closed select cuts a long name', async () => {
    const w = mount(RecentRuns)
    await flushPromises()
    const select = w.find('select')
    expect(select.attributes('title')).toBeUndefined()
    selectedRunId.value = 'a'
    await flushPromises()
    expect(select.attributes('title')).toContain(LONG)
    expect(select.attributes('title')).toContain('done')
    expect(w.findAll('option').map((o) => o.attributes('title') ?? null)).toEqual([null, expect.stringContaining(LONG), expect.stringContaining('short')])
    selectedRunId.value = null
  })
})
