import { KERNEL_IDS, type KernelId } from '../../src-shared/engine/kernels'
import { DatasetCache } from './datasets'
import { computeFrame } from './frame'
import type { FrameRequest, ViewSize } from './protocol'

/**
 * The engine's code for a kernel runs slowly the first few times, until the
 * JavaScript engine has compiled it: the first switch to a kernel cost a
 * frame several times its usual time (about 200 ms instead of 10 at
 * n = 10^4). A worker that has shown a frame and then sits idle computes
 * frames on made-up data, above the size that takes the fast paths, so the
 * user's first switch finds that code compiled:
 *
 * - a few small frames per kernel, not one larger one: V8 compiles a
 *   function that has been called often, while one long call only gets its
 *   loop compiled for that call (on-stack replacement). In Node, after one
 *   frame of 2,000 points a first tricube frame at 10^4 took 37 ms for its
 *   fit (9 warm); after three frames of 600 points, 12-15 ms;
 * - then a few frames of 20,000 points: after the small frames alone, the
 *   first compact kernel on 10^5 points still took twice its time (80 ms
 *   instead of 40 for quartic's fit, 130-160 instead of 65 for its
 *   heatmap): the shared compact code, last recompiled from small frames'
 *   feedback, was compiled again during that frame. Two medium frames
 *   (one kernel in |u|, one in u^2) and the Gaussian's take it away.
 */

/** Points of the small made-up data: above the dense path's 200,000 pairs (600^2), small enough to take a millisecond or two. */
const SMALL_POINTS = 600
/** Frames per kernel, at these bandwidths (windows of different sizes take different branches). */
const SMALL_SIGMAS = [0.2, 0.05, 0.5, 0.12, 0.3, 0.8]
/** Points of the medium made-up data: 10-30 ms a frame once compiled. */
const MEDIUM_POINTS = 20_000
const MEDIUM_KERNELS: KernelId[] = ['tricube', 'epanechnikov', 'gaussian']
const MEDIUM_PARTS: NonNullable<FrameRequest['part']>[] = ['fit', 'heatmap']

type Compute = typeof computeFrame
type Step = { data: FrameRequest['data']; kernel: KernelId; sigma: number; small: boolean; part?: FrameRequest['part'] }

function madeUp(key: string, points: number): FrameRequest['data'] {
  const xTrain = Float64Array.from({ length: points }, (_, i) => (5 * (i + 0.5)) / points)
  return { key, kind: 'arrays', arrays: { xTrain, yTrain: xTrain.map((x) => Math.sin(2 * x)), xQuery: xTrain.map((x) => x + 0.001), yTruth: null } }
}

/** `poke` after each frame (re)starts the wait of `idleMs`; `cancel` stops warming until the next poke (a request came in). */
export function kernelWarmer(idleMs = 600, compute: Compute = computeFrame): { poke(view: ViewSize, current: KernelId): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined
  // Its own cache: the made-up data must not push the user's data sets out of the worker's.
  const cache = new DatasetCache()
  const small = madeUp('warm-up', SMALL_POINTS)
  const medium = madeUp('warm-up-medium', MEDIUM_POINTS)
  let steps: Step[] = [
    ...KERNEL_IDS.flatMap((kernel) => SMALL_SIGMAS.map((sigma) => ({ data: small, kernel, sigma, small: true }))),
    // Each medium frame in its two parts (the workers' own split), one per task: an input arriving meanwhile
    // waits for a part (5-20 ms) rather than a whole frame (10-40 ms).
    ...MEDIUM_KERNELS.flatMap((kernel) => MEDIUM_PARTS.map((part) => ({ data: medium, kernel, sigma: 0.3, small: false, part }))),
  ]
  let view: ViewSize | null = null

  const step = () => {
    timer = undefined
    const next = steps.shift()
    if (next === undefined || !view) return
    compute(cache.get(next.data), { data: next.data, kernel: next.kernel, sigma: next.sigma, view, quality: 'exact', ...(next.part ? { part: next.part } : {}) })
    // One frame per task, so a request waits at most one frame.
    timer = setTimeout(step, 0)
  }
  return {
    poke(v: ViewSize, current: KernelId) {
      view = v
      // The kernel in use first: the next input is most likely a new sigma for it, and one sigma's frames
      // leave another's branches cold (at n = 10^3 the first few typed sigmas took 40-190 ms, then 7).
      steps = [...steps.filter((s) => s.small && s.kernel === current), ...steps.filter((s) => !(s.small && s.kernel === current))]
      clearTimeout(timer)
      if (steps.length > 0) timer = setTimeout(step, idleMs)
    },
    cancel() {
      clearTimeout(timer)
      timer = undefined
    },
  }
}
