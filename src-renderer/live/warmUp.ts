import { gather } from '../../src-shared/arrays'
import { isCompactKernel, KERNEL_IDS, type KernelId } from '../../src-shared/engine/kernels'
import { takesDensePath } from '../../src-shared/engine/route'
import { DatasetCache, type PreparedData } from './datasets'
import { evenPositions } from './decimate'
import { computeFrame } from './frame'
import type { FrameRequest, ViewSize } from './protocol'
import { FUSED_SPLIT } from './splitBalance'

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

/**
 * The user's own data, too. After the made-up frames alone the preview bench
 * in Chromium still showed slow first frames: the first typed sigma at 10^3
 * (a sixth of the one in use) 20-30 ms for its fit instead of 2, the first
 * Epanechnikov frame at 10^5 106 ms instead of 20. A V8 trace of such a
 * first call in Node showed the Gaussian's truncated window, which no
 * made-up frame had taken, running uncompiled, and code deoptimised on a
 * branch the made-up data never took. Which branches run follows the data's
 * size and spacing against sigma, so the warm frames take every key of the
 * user's data, at sigmas around the one in use and every kernel at it, with
 * a few of its queries (the per-key work, what differs most with n, is
 * whole; a frame costs a few milliseconds at 10^4, tens at 10^5). Each is
 * the part the worker was last asked for: a lane computes one kind of part.
 */
const OWN_QUERIES = 2_000
/** Larger data sets are shown coarse while dragging (frame.ts): the medium frames stand for them. */
const OWN_MAX_KEYS = 300_000
/**
 * Sigmas tried around the one in use, as factors, nearest first (the next
 * typed or dragged sigma is most likely near it), out to a factor of 16
 * either way: the Gaussian's algorithm changes with sigma (its truncated
 * window below some width, the transform above), and code never run stays
 * slow the first time (a first sigma typed at a sixth of the one in use took
 * 15-20 ms for a fit of 10^3 points in a window never compiled, 2 after).
 */
const OWN_SIGMA_FACTORS = [0.5, 2, 0.125, 8, 0.25, 4, 1 / 16, 16]

/** Points of the small made-up data: above the dense path's 200,000 pairs (600^2), small enough to take a millisecond or two. */
const SMALL_POINTS = 600
/**
 * Frames per kernel, at these bandwidths (windows of different sizes take
 * different branches; the Gaussian takes its truncated window below about
 * 0.03 here, the transform above).
 */
const SMALL_SIGMAS = [0.2, 0.02, 0.5, 0.05, 0.01, 0.12, 0.3, 0.8]
/** Points of the medium made-up data: 10-30 ms a frame once compiled. */
const MEDIUM_POINTS = 20_000
const MEDIUM_KERNELS: KernelId[] = ['tricube', 'epanechnikov', 'gaussian']
const MEDIUM_PARTS: NonNullable<FrameRequest['part']>[] = ['fit', 'heatmap']

type Compute = typeof computeFrame
type Step = { data: FrameRequest['data']; kernel: KernelId; sigma: number; kind: 'own' | 'small' | 'medium'; part?: FrameRequest['part']; split?: number }

function madeUp(key: string, points: number): FrameRequest['data'] {
  const xTrain = Float64Array.from({ length: points }, (_, i) => (5 * (i + 0.5)) / points)
  return { key, kind: 'arrays', arrays: { xTrain, yTrain: xTrain.map((x) => Math.sin(2 * x)), xQuery: xTrain.map((x) => x + 0.001), yTruth: null } }
}

/** Every key of the user's data set and a few of its queries, evenly spread in x. */
function ownSample(p: PreparedData): FrameRequest['data'] {
  const { xTrain, yTrain, xQuery } = p.data
  const xQueryFew = gather(xQuery, evenPositions(xQuery.length, OWN_QUERIES), p.queryOrder)
  return { key: ownSampleKey(p), kind: 'arrays', arrays: { xTrain, yTrain, xQuery: xQueryFew, yTruth: null } }
}

const ownSampleKey = (p: PreparedData) => `warm-up-own:${p.key}`

/**
 * The frames on the user's data after a frame at `request` that `warmed`
 * has not seen: its kernel at sigmas around its sigma (once per data set,
 * kernel and part), and every other kernel at its sigma (once per data set
 * and part, not again after each switch: at 10^5 that is half a second of
 * work a worker would otherwise redo while the user switches on).
 */
function ownSteps(request: FrameRequest, p: PreparedData, warmed: Set<string>): Step[] {
  if (!ownWarmable(request, p)) return []
  // One sample for both groups, made only if one of them is queued.
  let sample: FrameRequest['data'] | null = null
  const frames = (at: [KernelId, number][]) => ownFrames(request, (sample ??= ownSample(p)), at)
  const once = (key: string, steps: () => Step[]): Step[] => {
    const full = `${p.key}|${request.part ?? 'whole'}|${key}`
    if (warmed.has(full)) return []
    warmed.add(full)
    return steps()
  }
  return [
    ...once(`sigmas of ${request.kernel}`, () => frames(aroundSigma(request))),
    ...once('kernels', () => frames(KERNEL_IDS.filter((k) => k !== request.kernel).map((k) => [k, request.sigma]))),
  ]
}

/** The dense path (small data) has no branches that follow the data; coarse frames and data beyond OWN_MAX_KEYS go to the medium frames. */
function ownWarmable(request: FrameRequest, p: PreparedData): boolean {
  return request.quality === 'exact' && p.data.xTrain.length <= OWN_MAX_KEYS && !takesDensePath(p.data.xTrain.length * p.data.xQuery.length)
}

/** The kernel of `request` at sigmas around its sigma. */
function aroundSigma(request: FrameRequest): [KernelId, number][] {
  return OWN_SIGMA_FACTORS.map((f) => [request.kernel, request.sigma * f])
}

/** Frames on `data` (a sample of the user's data, made only when a frame is queued: a drag pokes on every frame) as `request`'s part. */
function ownFrames(request: FrameRequest, data: FrameRequest['data'], at: [KernelId, number][]): Step[] {
  const part = request.part ? { part: request.part, split: request.split ?? 0 } : {}
  return at.map(([kernel, sigma]) => ({ data, kernel, sigma, kind: 'own', ...part }))
}

/**
 * How long a worker waits after its last frame before it warms: longer than
 * the gaps between a drag's frames (16-50 ms), shorter than the pause before
 * a user types a new sigma (the preview bench types one 0.4-0.5 s after the
 * last frame settled; with 600 ms the warm frames had not begun, and the
 * first typed sigma at 10^3 still took 13-24 ms for its fit instead of 1-2).
 */
export const WARM_AFTER_IDLE_MS = 200

/**
 * `poke` after each frame (re)starts the wait of `idleMs`; `cancel` stops
 * warming until the next poke (a request came in). The user's data are
 * warmed once (ownSteps): a drag's frames do not start them again.
 */
export function kernelWarmer(
  idleMs = WARM_AFTER_IDLE_MS,
  compute: Compute = computeFrame,
): { poke(request: FrameRequest, data: PreparedData | null): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined
  // Its own cache: the made-up data must not push the user's data sets out of the worker's.
  const cache = new DatasetCache()
  const small = madeUp('warm-up', SMALL_POINTS)
  const medium = madeUp('warm-up-medium', MEDIUM_POINTS)
  let steps: Step[] = [
    ...KERNEL_IDS.flatMap((kernel) => SMALL_SIGMAS.map((sigma): Step => ({ data: small, kernel, sigma, kind: 'small' }))),
    // Each medium frame in its two parts (the workers' own split), one per task: an input arriving meanwhile
    // waits for a part (5-20 ms) rather than a whole frame (10-40 ms).
    // A compact kernel's parts as the page splits them (each with the fit at its rows: splitBalance.ts).
    ...MEDIUM_KERNELS.flatMap((kernel) =>
      MEDIUM_PARTS.map((part): Step => ({ data: medium, kernel, sigma: 0.3, kind: 'medium', part, ...(isCompactKernel(kernel) ? { split: FUSED_SPLIT } : {}) })),
    ),
  ]
  const warmedOwn = new Set<string>()
  let view: ViewSize | null = null
  // The user's last frame that its own data can warm for, and whether a frame of anything else ran since the
  // last warm frame of its kernel on those data.
  let latest: { request: FrameRequest; data: PreparedData } | null = null
  let strayed = false

  const step = () => {
    timer = undefined
    if (steps.length === 0 && strayed && latest) {
      // Last, the kernel in use around its sigma again. The other kernels' frames and the made-up data run
      // the shared code with other feedback, and V8 recompiles it for them: after the whole warm-up, the
      // first typed sigma at 10^3 still took 12-17 ms for its fit instead of 1 (its kernel's warm frames
      // had come first, at the head of the queue).
      steps = ownFrames(latest.request, ownSample(latest.data), aroundSigma(latest.request))
    }
    const next = steps.shift()
    if (next === undefined || !view) return
    strayed = !(latest && next.kind === 'own' && next.kernel === latest.request.kernel && next.data.key === ownSampleKey(latest.data))
    const request: FrameRequest = { data: next.data, kernel: next.kernel, sigma: next.sigma, view, quality: 'exact' }
    if (next.part) request.part = next.part
    if (next.split !== undefined) request.split = next.split
    compute(cache.get(next.data), request)
    // One frame per task, so a request waits at most one frame.
    timer = setTimeout(step, 0)
  }
  return {
    poke(request: FrameRequest, data: PreparedData | null) {
      view = request.view
      const current = request.kernel
      if (data) latest = ownWarmable(request, data) ? { request, data } : null
      else if (latest && latest.data.key === request.data.key) latest = { request, data: latest.data }
      else latest = null
      // No data: a frame the worker had kept, whose data set was warmed when it was first computed.
      const own = data ? ownSteps(request, data, warmedOwn) : []
      // The user's data first, then the kernel in use: the next input is most likely a new sigma for it, and
      // one sigma's frames leave another's branches cold (at n = 10^3 the first few typed sigmas took 40-190 ms, then 7).
      // Frames left for a data set no longer in use are dropped.
      const ownData = data ? ownSampleKey(data) : null
      const rest = steps.filter((s) => s.kind !== 'own' || ownData === null || s.data.key === ownData)
      steps = [...own, ...rest.filter((s) => s.kind === 'small' && s.kernel === current), ...rest.filter((s) => !(s.kind === 'small' && s.kernel === current))]
      clearTimeout(timer)
      if (steps.length > 0 || (strayed && latest)) timer = setTimeout(step, idleMs)
    },
    cancel() {
      clearTimeout(timer)
      timer = undefined
    },
  }
}
