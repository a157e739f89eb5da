// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref, watch } from 'vue'
import type { WorkbenchEvent } from '../../src-shared/api/contract'
import type { RunDetail } from '../../src-shared/api/runs'
import { detail, trained } from './fixtures/runs'

let listener: ((e: WorkbenchEvent) => void) | null = null
const running = detail(trained({ id: 'long000001', w: 1, status: 'running', finishedAt: null, epochsDone: 0 }))
let stored: RunDetail = running
const getExperiment = vi.fn(async () => stored)
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
  api: { getExperiment },
}))
const { useRun } = await import('../../src-renderer/composables/useRun')

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] }))
afterEach(() => vi.useRealTimers())

const progress = (epoch: number): WorkbenchEvent => ({ type: 'run.progress', runId: 'long000001', epoch, epochs: 100000, loss: 1 / epoch, w: 1, records: [{ epoch, loss: 1 / epoch, w: 1 }] })

describe('a run training live', () => {
  it('shows its epochs at the pace the page keeps, not at every progress event, and all of them when it ends', async () => {
    const scope = effectScope()
    const view = scope.run(() => useRun(ref('long000001')))!
    await vi.advanceTimersByTimeAsync(0)
    let shown = 0
    scope.run(() => watch(view.epochs, () => shown++, { flush: 'sync' }))
    // A long training sends its epochs every 30 ms: 2 s of it.
    let epoch = 0
    for (let t = 0; t < 2000; t += 30) {
      listener!(progress(++epoch))
      await vi.advanceTimersByTimeAsync(30)
    }
    // Signalled per event, each would redraw the loss and sigma charts: 67 redraws in 2 s; twice a second, 4 or 5.
    expect(shown).toBeGreaterThanOrEqual(3)
    expect(shown).toBeLessThanOrEqual(6)
    expect(view.epochs.value.length).toBe(epoch)
    // The run ends: its last epochs are shown at once, before the stored run is read back.
    listener!(progress(++epoch))
    const before = shown
    stored = { ...running, status: 'done' }
    listener!({ type: 'run.status', runId: 'long000001', status: 'done', run: { status: 'done' } } as WorkbenchEvent)
    await nextTick()
    expect(shown).toBeGreaterThan(before)
    expect(view.epochs.value.at(-1)!.epoch).toBe(epoch)
    scope.stop()
  })
})

describe('a run’s status on the page', () => {
  const queued = { ...running, status: 'queued' as const }
  const status = (s: 'running' | 'done' | 'queued'): WorkbenchEvent => ({ type: 'run.status', runId: 'long000001', status: s, run: { ...queued, status: s } }) as WorkbenchEvent
  /** The next read of the run, answered when the test says. */
  function readInFlight(): (d: RunDetail) => void {
    let answer: ((d: RunDetail) => void) | null = null
    getExperiment.mockImplementationOnce(() => new Promise<RunDetail>((resolve) => (answer = resolve)))
    return (d) => answer!(d)
  }

  it('keeps a start heard while the run was being read, when the read answers from before it', async () => {
    const answer = readInFlight()
    const scope = effectScope()
    const view = scope.run(() => useRun(ref('long000001')))!
    // The run was just queued; the page reads it, and the runner starts it before the read answers.
    listener!(status('running'))
    answer(queued)
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
    const answer = readInFlight()
    const scope = effectScope()
    const view = scope.run(() => useRun(ref('long000001')))!
    listener!(status('queued'))
    answer({ ...queued, status: 'running' })
    await vi.waitFor(() => expect(view.run.value).not.toBeNull())
    expect(view.run.value!.status).toBe('running')
    scope.stop()
  })
})
