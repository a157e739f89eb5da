// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref, watch } from 'vue'
import type { WorkbenchEvent } from '../../src-shared/api/contract'
import type { RunDetail } from '../../src-shared/api/runs'
import { detail, trained } from './fixtures/runs'

let listener: ((e: WorkbenchEvent) => void) | null = null
const running = detail(trained({ id: 'long000001', w: 1, status: 'running', finishedAt: null, epochsDone: 0 }))
let stored: RunDetail = running
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
  api: { getExperiment: vi.fn(async () => stored) },
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
