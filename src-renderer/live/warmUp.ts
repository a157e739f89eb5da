import { KERNEL_IDS, type KernelId } from '../../src-shared/engine/kernels'
import { DatasetCache } from './datasets'
import { computeFrame } from './frame'
import type { ViewSize } from './protocol'

/**
 * The engine's code for a kernel runs slowly the first few times, until the
 * JavaScript engine has compiled it: the first switch to a kernel cost a
 * frame several times its usual time (about 200 ms instead of 10 at
 * n = 10^4). A worker that has shown a frame and then sits idle computes one
 * small frame per kernel on made-up data, above the size that takes the
 * fast paths, so the user's first switch finds that code compiled.
 */

/** Points of the made-up data: above the dense path's 200,000 pairs, small enough to take milliseconds. */
const POINTS = 2_000

/** `poke` after each frame (re)starts the wait of `idleMs`; `cancel` stops warming until the next poke (a request came in). */
export function kernelWarmer(idleMs = 600): { poke(view: ViewSize, current: KernelId): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined
  const left = new Set<KernelId>(KERNEL_IDS)
  // Its own cache: the made-up data must not push the user's data sets out of the worker's.
  const cache = new DatasetCache()
  const xTrain = Float64Array.from({ length: POINTS }, (_, i) => (5 * (i + 0.5)) / POINTS)
  const data = {
    key: 'warm-up',
    kind: 'arrays' as const,
    arrays: { xTrain, yTrain: xTrain.map((x) => Math.sin(2 * x)), xQuery: xTrain.map((x) => x + 0.001), yTruth: null },
  }
  let view: ViewSize | null = null

  const step = () => {
    timer = undefined
    const kernel = left.values().next().value
    if (kernel === undefined || !view) return
    left.delete(kernel)
    computeFrame(cache.get(data), { data, kernel, sigma: 0.2, view, quality: 'exact' })
    // One kernel per task, so a request waits at most one small frame.
    timer = setTimeout(step, 0)
  }
  return {
    poke(v: ViewSize, current: KernelId) {
      view = v
      left.delete(current)
      clearTimeout(timer)
      if (left.size > 0) timer = setTimeout(step, idleMs)
    },
    cancel() {
      clearTimeout(timer)
      timer = undefined
    },
  }
}
