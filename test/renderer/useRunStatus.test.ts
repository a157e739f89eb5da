// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { effectScope, ref } from 'vue'
import type { WorkbenchEvent } from '../../src-shared/api/contract'
import type { RunDetail } from '../../src-shared/api/runs'
import { detail, trained } from './fixtures/runs'

let listener: ((e: WorkbenchEvent) => void) | null = null
const queued = detail(trained({ id: 'race000001', w: 1, status: 'queued', finishedAt: null, epochsDone: 0 }))
/** The read of the run in flight: answered when the test says. */
let answer: ((d: RunDetail) => void) | null = null
vi.mock('../../src-renderer/api', () => ({
  connection: {
    kind: 'browser',
    onEvent: (l: (e: WorkbenchEvent) => void) => {
      listener = l
      return () => (listener = null)
    },
    onStatus: () => () => undefined,
    bridge: null,
  },
  api: { getExperiment: vi.fn(() => new Promise<RunDetail>((resolve) => (answer = resolve))) },
}))
const { useRun } = await import('../../src-renderer/composables/useRun')

const status = (s: 'running' | 'done' | 'queued'): WorkbenchEvent => ({ type: 'run.status', runId: 'race000001', status: s, run: { ...queued, status: s } }) as WorkbenchEvent

describe('a run’s status on the page', () => {
  it('keeps a start heard while the run was being read, when the read answers from before it', async () => {
    const scope = effectScope()
    const view = scope.run(() => useRun(ref('race000001')))!
    // The run was just queued; the page reads it, and the runner starts it before the read answers.
    listener!(status('running'))
    answer!(queued)
    await vi.waitFor(() => expect(view.run.value).not.toBeNull())
    expect(view.run.value!.status).toBe('running')
    // An event further along is taken; one behind what the page has is not.
    listener!(status('done'))
    expect(view.run.value!.status).toBe('done')
    listener!(status('running'))
    expect(view.run.value!.status).toBe('done')
    scope.stop()
  })

  it('takes the stored run as it is when no event came, or the event was older', async () => {
    const scope = effectScope()
    const view = scope.run(() => useRun(ref('race000001')))!
    listener!(status('queued'))
    answer!({ ...queued, status: 'running' })
    await vi.waitFor(() => expect(view.run.value).not.toBeNull())
    expect(view.run.value!.status).toBe('running')
    scope.stop()
  })
})
