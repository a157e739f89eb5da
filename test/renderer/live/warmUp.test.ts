import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { generateDataset } from '../../../src-shared/engine/data'
import { makePlan } from '../../../src-shared/engine/fast/plan'
import { prepareKeys, prepareQueries } from '../../../src-shared/engine/fast/prepared'
import { KERNEL_IDS, type KernelId } from '../../../src-shared/engine/kernels'
import { DatasetCache } from '../../../src-renderer/live/datasets'
import { computeFrame } from '../../../src-renderer/live/frame'
import type { DataArrays, DataRef, FrameRequest } from '../../../src-renderer/live/protocol'
import { kernelWarmer } from '../../../src-renderer/live/warmUp'

const view = { fitPoints: 100, trainPoints: 100, heatRows: 20, heatCols: 20 }
/** Data too small for the fast paths: no warm frames of their own. */
const tiny: DataRef = { key: 'tiny', kind: 'arrays', arrays: { xTrain: Float64Array.of(0, 1, 2), yTrain: Float64Array.of(0, 1, 0), xQuery: Float64Array.of(0.5), yTruth: null } }
const users = new DatasetCache()
const frameAt = (data: DataRef, kernel: KernelId, sigma = 0.3, extra: Partial<FrameRequest> = {}): [FrameRequest, ReturnType<DatasetCache['get']>] => [
  { data, kernel, sigma, view, quality: 'exact', ...extra },
  users.get(data),
]

/** The preview bench's data: n uniform points on [0, 5), queries every 5 / n. */
function benchData(n: number): DataRef & { kind: 'arrays'; arrays: DataArrays } {
  const d = generateDataset({ fn: 'sin-pow', n, noiseSd: 0.5, xMin: 0, xMax: 5, queryStep: 5 / n, seed: 1 })
  return { key: `bench-${n}`, kind: 'arrays', arrays: { xTrain: d.xTrain, yTrain: d.yTrain, xQuery: d.xQuery, yTruth: d.yTruth } }
}

describe('kernelWarmer', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('computes several frames of every kernel, the one in use first, one per task, once the worker is idle', () => {
    const calls: { kernel: string; sigma: number; points: number; part?: string }[] = []
    const warmer = kernelWarmer(600, (problem, request) => {
      calls.push({ kernel: request.kernel, sigma: request.sigma, points: problem.data.xTrain.length, part: request.part })
      return computeFrame(problem, request)
    })
    warmer.poke(...frameAt(tiny, 'gaussian'))
    vi.advanceTimersByTime(599)
    expect(calls).toEqual([])
    vi.advanceTimersByTime(1)
    // One frame per task: a request arriving now waits for one small frame at most.
    expect(calls).toHaveLength(1)
    vi.runAllTimers()
    const perKernel = new Map<string, number[]>()
    const small = calls.filter((c) => c.points < 1000 && c.points > 3)
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
      if (problem.data.xTrain.length < 1000 && problem.data.xTrain.length > 3) calls.push(`${request.kernel} ${request.sigma}`)
      return computeFrame(problem, request)
    })
    warmer.poke(...frameAt(tiny, 'gaussian'))
    vi.advanceTimersByTime(600)
    vi.advanceTimersByTime(0)
    warmer.cancel()
    const before = calls.length
    vi.advanceTimersByTime(10_000)
    expect(calls).toHaveLength(before)
    // The user's frame was a kernel the warmer had not reached: its frames come next.
    const untouched = KERNEL_IDS.find((k) => !calls.some((c) => c.startsWith(`${k} `)))!
    warmer.poke(...frameAt(tiny, untouched))
    vi.advanceTimersByTime(600)
    vi.advanceTimersByTime(0)
    expect(calls[before]!.startsWith(`${untouched} `)).toBe(true)
    vi.runAllTimers()
    expect(new Set(calls).size).toBe(calls.length)
  })

  it("warms the user's own data first: every key, a few queries, the kernel in use from 1/16 to 16 times its sigma (both of the Gaussian's algorithms), then every other kernel, as the worker's part", () => {
    const data = benchData(1_000)
    const calls: { key: string; kernel: string; sigma: number; keys: number; queries: number; part?: string; split?: number; xTrain: Float64Array; xQuery: Float64Array }[] = []
    const warmer = kernelWarmer(600, (problem, request) => {
      const { xTrain, xQuery } = problem.data
      calls.push({ key: problem.key, kernel: request.kernel, sigma: request.sigma, keys: xTrain.length, queries: xQuery.length, part: request.part, split: request.split, xTrain, xQuery })
      return computeFrame(problem, request)
    })
    warmer.poke(...frameAt(data, 'gaussian', 0.3, { part: 'fit', split: 0.25 }))
    vi.runAllTimers()
    // First (the refresh at the end is another test's).
    const own = calls.slice(0, calls.findIndex((c) => c.keys !== 1_000))
    expect(own.every((c) => c.queries <= 2_000 && c.part === 'fit' && c.split === 0.25)).toBe(true)
    const sigmas = own.filter((c) => c.kernel === 'gaussian').map((c) => c.sigma)
    expect(own.slice(0, sigmas.length).every((c) => c.kernel === 'gaussian')).toBe(true)
    expect(Math.min(...sigmas)).toBeLessThanOrEqual(0.3 / 16 + 1e-12)
    expect(Math.max(...sigmas)).toBeGreaterThanOrEqual(0.3 * 16 - 1e-12)
    expect(own.slice(sigmas.length).map((c) => c.kernel).sort()).toEqual(KERNEL_IDS.filter((k) => k !== 'gaussian').sort())
    expect(own.slice(sigmas.length).every((c) => c.sigma === 0.3)).toBe(true)
    // The preview bench's first typed sigma (0.05, a sixth of 0.3) takes the truncated window on these data (the
    // made-up frames had left it uncompiled): the warm frames run it and the transform (what the engine plans for them).
    const { xTrain, xQuery } = own[0]!
    const keys = prepareKeys(xTrain, data.arrays.yTrain)
    const algorithms = new Set(sigmas.map((sigma) => makePlan(keys, prepareQueries(xQuery).queries, 'gaussian', sigma).algorithm))
    expect([...algorithms].sort()).toEqual(['fgt', 'window'])
    const full = data.arrays
    expect(makePlan(prepareKeys(full.xTrain, full.yTrain), full.xQuery, 'gaussian', 0.05).algorithm).toBe('window')
  })

  it("warms the user's data once per data set and part (the kernel in use's sigmas once per kernel), drops what is left of a data set no longer shown, and skips coarse frames", () => {
    const first = benchData(2_000)
    const second = benchData(3_000)
    const keysSeen: number[] = []
    const warmer = kernelWarmer(600, (problem, request) => {
      keysSeen.push(problem.data.xTrain.length)
      return computeFrame(problem, request)
    })
    warmer.poke(...frameAt(first, 'epanechnikov', 0.2, { part: 'heatmap', split: 0.1 }))
    vi.advanceTimersByTime(600)
    vi.advanceTimersByTime(0)
    warmer.cancel()
    const started = keysSeen.length
    expect(keysSeen.every((k) => k === 2_000)).toBe(true)
    // Another data set: its frames, none of the first's.
    warmer.poke(...frameAt(second, 'epanechnikov', 0.2, { part: 'heatmap', split: 0.1 }))
    vi.runAllTimers()
    const after = keysSeen.slice(started)
    expect(after.filter((k) => k === 2_000)).toEqual([])
    // Its kernel's sigmas, every other kernel, and its kernel's sigmas again last (after the made-up frames).
    expect(after.filter((k) => k === 3_000)).toHaveLength(8 + KERNEL_IDS.length - 1 + 8)
    // Another kernel on the same data: its sigmas only (every kernel had its frame already).
    const beforeSwitch = keysSeen.length
    warmer.poke(...frameAt(second, 'tricube', 0.2, { part: 'heatmap', split: 0.1 }))
    vi.runAllTimers()
    expect(keysSeen.slice(beforeSwitch).filter((k) => k === 3_000)).toHaveLength(8)
    // The same data, kernel and part again (a drag): nothing more; a coarse frame: nothing.
    const done = keysSeen.length
    warmer.poke(...frameAt(second, 'epanechnikov', 0.25, { part: 'heatmap', split: 0.1 }))
    warmer.poke(...frameAt(benchData(4_000), 'gaussian', 0.2, { quality: 'coarse' }))
    vi.runAllTimers()
    expect(keysSeen).toHaveLength(done)
  })

  it('ends with the kernel in use on the user\'s data again, after the frames of everything else, and only when something else ran since', () => {
    const data = benchData(1_000)
    const calls: { kernel: string; sigma: number; keys: number; part?: string }[] = []
    const warmer = kernelWarmer(600, (problem, request) => {
      calls.push({ kernel: request.kernel, sigma: request.sigma, keys: problem.data.xTrain.length, part: request.part })
      return computeFrame(problem, request)
    })
    warmer.poke(...frameAt(data, 'gaussian', 0.3, { part: 'fit', split: 0.25 }))
    vi.runAllTimers()
    // The made-up frames and the other kernels' frames come before the last ones, which are the kernel in use
    // around its sigma on the user's data, as the worker's part (V8 had recompiled the shared code for the others).
    const last = calls.slice(-8)
    expect(last.every((c) => c.kernel === 'gaussian' && c.keys === 1_000 && c.part === 'fit')).toBe(true)
    expect(Math.min(...last.map((c) => c.sigma))).toBeLessThanOrEqual(0.3 / 16 + 1e-12)
    expect(calls.slice(0, -8).some((c) => c.keys !== 1_000)).toBe(true)
    // Another sigma of the same kernel with nothing else run since: no frame more.
    const done = calls.length
    warmer.poke(...frameAt(data, 'gaussian', 0.2, { part: 'fit', split: 0.25 }))
    vi.runAllTimers()
    expect(calls).toHaveLength(done)
    // A kernel switch on the same data: its sigmas once, the last frames again its own (no refresh needed).
    warmer.poke(...frameAt(data, 'tricube', 0.2, { part: 'fit', split: 0.25 }))
    vi.runAllTimers()
    expect(calls.slice(done).map((c) => c.kernel)).toEqual(Array(8).fill('tricube'))
    // New data: its frames for every kernel, then the kernel in use last again.
    const second = benchData(2_000)
    const before = calls.length
    warmer.poke(...frameAt(second, 'tricube', 0.2, { part: 'fit', split: 0.25 }))
    vi.runAllTimers()
    const after = calls.slice(before)
    expect(after.slice(-8).every((c) => c.kernel === 'tricube' && c.keys === 2_000)).toBe(true)
    expect(after.slice(0, -8).map((c) => c.kernel)).toContain('gaussian')
  })
})
