import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { pacedSignal } from '../../src-renderer/composables/pacedSignal'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

/** Requests every `everyMs` for `forMs`, as a training's progress events arrive; the times the signal was given. */
async function stream(signal: ReturnType<typeof pacedSignal>, everyMs: number, forMs: number): Promise<void> {
  for (let t = 0; t < forMs; t += everyMs) {
    signal.request()
    await vi.advanceTimersByTimeAsync(everyMs)
  }
}

describe('pacedSignal', () => {
  it('gives the first request at once, then at most one signal per gap however fast requests come', async () => {
    const times: number[] = []
    const s = pacedSignal(() => times.push(Date.now()), 200, 0.25, () => Date.now())
    const start = Date.now()
    s.request()
    expect(times).toEqual([start])
    await stream(s, 30, 2000)
    // 33 requests a second: 2 s give about 10 signals, not 67, each at least 200 ms after the one before.
    expect(times.length).toBeGreaterThanOrEqual(9)
    expect(times.length).toBeLessThanOrEqual(11)
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(200)
  })

  it('spaces signals further when what they set off is slow, keeping it to its share of the time', async () => {
    const times: number[] = []
    // Each signal's work takes 100 ms (the clock moves while it runs): at a 25% share, signals come 400 ms apart.
    let clock = 0
    const s = pacedSignal(
      () => {
        times.push(clock)
        clock += 100
      },
      200,
      0.25,
      () => clock,
    )
    for (let t = 0; t < 4000; t += 30) {
      s.request()
      await vi.advanceTimersByTimeAsync(30)
      clock += 30
    }
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(400)
    expect(times.length).toBeGreaterThanOrEqual(6)
  })

  it('gives a pending signal at once on flush, and none after cancel', async () => {
    let n = 0
    const s = pacedSignal(() => n++, 200, 0.25, () => Date.now())
    s.request()
    s.request()
    expect(n).toBe(1)
    s.flush()
    expect(n).toBe(2)
    s.flush()
    expect(n).toBe(2)
    await vi.advanceTimersByTimeAsync(50)
    s.request()
    s.cancel()
    await vi.advanceTimersByTimeAsync(1000)
    expect(n).toBe(2)
  })
})
