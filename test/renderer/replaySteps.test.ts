import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, reactive } from 'vue'
import { useReplaySteps, type ReplaySource } from '../../src-renderer/composables/useReplaySteps'

const records = (n: number) => Array.from({ length: n }, (_, k) => ({ epoch: k + 1, loss: 1 / (k + 1), w: 1 + k }))

describe('the replay’s scrubber', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  function scrubber(start: ReplaySource) {
    const source = reactive(start)
    const scope = effectScope()
    const steps = scope.run(() => useReplaySteps(() => source))!
    return { source, steps, stop: () => scope.stop() }
  }

  it('keeps the epoch a step shows when the starting w arrives and epoch 0 comes in front', async () => {
    const { source, steps, stop } = scrubber({ w0: null, epochs: records(5), count: 5, running: true })
    steps.go(2)
    expect(steps.step.value!.epoch).toBe(3)
    source.w0 = 0.5
    await nextTick()
    vi.runAllTimers()
    expect(steps.step.value!.epoch).toBe(3)
    // Epoch 0 is reachable now: the starting w.
    steps.go(0)
    expect(steps.step.value).toEqual({ epoch: 0, w: 0.5 })
    stop()
  })

  it('follows the newest epoch while it sits at the end of a running training, and stays put elsewhere', async () => {
    const { source, steps, stop } = scrubber({ w0: 0.5, epochs: records(3), count: 3, running: true })
    expect(steps.step.value!.epoch).toBe(3)
    source.epochs.push(...records(6).slice(3))
    source.count = 6
    await nextTick()
    vi.advanceTimersByTime(1000)
    expect(steps.step.value!.epoch).toBe(6)
    steps.go(1)
    source.epochs.push(...records(8).slice(6))
    source.count = 8
    await nextTick()
    vi.runAllTimers()
    expect(steps.step.value!.epoch).toBe(1)
    expect(steps.lastEpoch.value).toBe(8)
    stop()
  })
})
