import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { KERNEL_IDS } from '../../../src-shared/engine/kernels'
import { computeFrame } from '../../../src-renderer/live/frame'
import { kernelWarmer } from '../../../src-renderer/live/warmUp'

const view = { fitPoints: 100, trainPoints: 100, heatRows: 20, heatCols: 20 }

describe('kernelWarmer', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('computes several frames of every kernel, the one in use first, one per task, once the worker is idle', () => {
    const calls: { kernel: string; sigma: number; points: number; part?: string }[] = []
    const warmer = kernelWarmer(600, (problem, request) => {
      calls.push({ kernel: request.kernel, sigma: request.sigma, points: problem.data.xTrain.length, part: request.part })
      return computeFrame(problem, request)
    })
    warmer.poke(view, 'gaussian')
    vi.advanceTimersByTime(599)
    expect(calls).toEqual([])
    vi.advanceTimersByTime(1)
    // One frame per task: a request arriving now waits for one small frame at most.
    expect(calls).toHaveLength(1)
    vi.runAllTimers()
    const perKernel = new Map<string, number[]>()
    const small = calls.filter((c) => c.points < 1000)
    for (const c of small) perKernel.set(c.kernel, [...(perKernel.get(c.kernel) ?? []), c.sigma])
    expect([...perKernel.keys()].sort()).toEqual([...KERNEL_IDS].sort())
    // The kernel in use first: the next input is most likely another sigma for it, whose branches are still cold.
    expect(small.slice(0, perKernel.get('gaussian')!.length).every((c) => c.kernel === 'gaussian')).toBe(true)
    // More than one call each (V8 compiles what is called often; one long call leaves the next one slow), at different widths.
    for (const sigmas of perKernel.values()) {
      expect(sigmas.length).toBeGreaterThanOrEqual(3)
      expect(new Set(sigmas).size).toBe(sigmas.length)
    }
    // Then a few frames of medium data, last: the code compiled from small frames alone was compiled again
    // during the first frame of 10^5 points (and ran at half speed meanwhile).
    const medium = calls.slice(small.length)
    expect(medium.length).toBeGreaterThan(0)
    expect(medium.every((c) => c.points >= 10_000)).toBe(true)
    expect(medium.map((c) => c.kernel)).toContain('tricube')
    // Each in its two parts, one task each: an input waits for a part, not for a whole medium frame.
    for (const kernel of new Set(medium.map((c) => c.kernel))) {
      expect(medium.filter((c) => c.kernel === kernel).map((c) => c.part)).toEqual(['fit', 'heatmap'])
    }
  })

  it('stops when a request comes in and goes on after the next frame, the new kernel in use first, repeating no frame', () => {
    const calls: string[] = []
    const warmer = kernelWarmer(600, (problem, request) => {
      if (problem.data.xTrain.length < 1000) calls.push(`${request.kernel} ${request.sigma}`)
      return computeFrame(problem, request)
    })
    warmer.poke(view, 'gaussian')
    vi.advanceTimersByTime(600)
    vi.advanceTimersByTime(0)
    warmer.cancel()
    const before = calls.length
    vi.advanceTimersByTime(10_000)
    expect(calls).toHaveLength(before)
    // The user's frame was a kernel the warmer had not reached: its frames come next.
    const untouched = KERNEL_IDS.find((k) => !calls.some((c) => c.startsWith(`${k} `)))!
    warmer.poke(view, untouched)
    vi.advanceTimersByTime(600)
    vi.advanceTimersByTime(0)
    expect(calls[before]!.startsWith(`${untouched} `)).toBe(true)
    vi.runAllTimers()
    expect(new Set(calls).size).toBe(calls.length)
  })
})
