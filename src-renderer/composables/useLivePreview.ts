import { nextTick, onScopeDispose, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import { chartsFinished, frameEnded, frameStarted } from '../live/frameGate'
import { logFrame } from '../live/drawLog'
import { afterPaint, inputHeardAt, installInputClock, inputTime } from '../live/inputClock'
import type { LiveTarget } from '../live/liveTarget'
import { PreviewCancelled, previewClient, type PreviewClient } from '../live/previewClient'
import type { FrameMetrics, FrameQuality, FrameRequest, LiveFrame, ViewSize } from '../live/protocol'

/**
 * The live preview of a target (the editor's data, kernel and sigma, or a
 * replayed epoch): frames computed in the preview workers and shown as they
 * come, newest input first.
 *
 * Latest wins. The interactive worker holds at most one frame in flight and
 * one waiting: a newer input replaces the waiting one, so a drag never builds
 * a queue, and a frame is only shown if no newer one is on screen. The
 * waiting input is asked for as soon as the page has drawn the frame before
 * it, so the workers compute while the browser paints; the page draws one
 * frame at a time (a reply that comes while one is drawn waits for its paint). Above
 * `coarseAbove` points (n + m) the first frame is coarse (a subsample) and the
 * exact one follows from the exact worker once the input rests; a newer input
 * stops that worker's work at once. The metrics a saved run stores (train
 * MSE, leave-one-out score) come last, from the curve's worker, in steps
 * that pause while a frame computes and stop when a newer input comes.
 */

export interface FrameTiming {
  /** From the input event to the painted coarse frame (large data only), and to the painted exact frame. */
  coarseMs: number | null
  exactMs: number | null
  /** The worker's share of the latest frame. */
  workerMs: number
  /** The workers had that frame already (a revisited sigma or kernel, frameMemo.ts). */
  reused: boolean
}

export interface LivePreviewOptions {
  view: ViewSize
  /** n + m above which the first frame is coarse. */
  coarseAbove?: number
  /** Quiet time after an input before exact work on large data starts. */
  exactDelayMs?: number
  metricsDelayMs?: number
  /** Compute metrics at all (the replay has none to show). */
  metrics?: boolean
  /** The workers' client (tests hand in one with in-process workers); default the page's. */
  client?: PreviewClient | null
}

export interface LivePreview {
  frame: ShallowRef<LiveFrame | null>
  /** The target of the frame on screen (may lag the current one while it computes). */
  shown: ShallowRef<LiveTarget | null>
  metrics: ShallowRef<{ key: string; metrics: FrameMetrics } | null>
  timing: ShallowRef<FrameTiming | null>
  /** Increases with every frame painted. */
  painted: Ref<number>
  computing: Ref<boolean>
  exactPending: Ref<boolean>
  error: Ref<string | null>
  available: boolean
}

export const COARSE_ABOVE = 300_000

interface Job {
  seq: number
  target: LiveTarget
  inputAt: number
  /** When the page heard the input, and when this watcher saw its target (for the frame log). */
  heardAt: number | null
  watchedAt: number
}

/** A frame from the workers, on its way to the screen. */
interface Reply {
  job: Job
  f: LiveFrame
  asked: number
  replied: number
  /** Called once the page has drawn the frame, put it aside or dropped it: the workers may take the next input. */
  drawn(): void
  /** Called once the frame is painted, replaced by a newer one, or dropped. */
  done(): void
}

export function useLivePreview(target: Ref<LiveTarget | null>, options: LivePreviewOptions): LivePreview {
  const client = options.client === undefined ? previewClient() : options.client
  const frame = shallowRef<LiveFrame | null>(null)
  const shown = shallowRef<LiveTarget | null>(null)
  const metrics = shallowRef<{ key: string; metrics: FrameMetrics } | null>(null)
  const timing = shallowRef<FrameTiming | null>(null)
  const painted = ref(0)
  const computing = ref(false)
  const exactPending = ref(false)
  const error = ref<string | null>(null)
  const coarseAbove = options.coarseAbove ?? COARSE_ABOVE
  installInputClock()

  let seq = 0
  let latest: Job | null = null
  /** The workers are computing a frame. */
  let inFlight = false
  /** The newest input that came while they were: asked next. */
  let waiting: Job | null = null
  /** A frame is being drawn, or drawn and not yet painted. */
  let drawing = false
  /** The newest reply that came meanwhile, drawn next. */
  let held: Reply | null = null
  let shownSeq = -1
  let shownQuality: FrameQuality = 'coarse'
  let exactTimer: ReturnType<typeof setTimeout> | undefined
  let metricsTimer: ReturnType<typeof setTimeout> | undefined
  let metricsJob: { cancel(): void } | null = null
  let resumeTimer: ReturnType<typeof setTimeout> | undefined
  let disposed = false

  const request = (t: LiveTarget, quality: FrameQuality): FrameRequest => ({ data: t.data, kernel: t.kernel, sigma: t.sigma, view: options.view, quality })
  const isLarge = (t: LiveTarget) => t.n + t.m > coarseAbove
  const report = (job: Job, e: unknown) => {
    if (!(e instanceof PreviewCancelled) && job === latest) error.value = (e as Error).message
  }

  function submit(job: Job): void {
    if (!client) return
    if (inFlight) {
      waiting = job
      return
    }
    inFlight = true
    computing.value = true
    client.pauseCurves()
    clearTimeout(resumeTimer)
    frameStarted()
    const asked = performance.now()
    // The fit and the heatmap at once, on two workers.
    client.splitFrame(request(job.target, isLarge(job.target) ? 'coarse' : 'exact')).then(
      (f) => {
        inFlight = false
        arrived({ job, f, asked, replied: performance.now(), drawn: askWaiting, done: frameDone })
      },
      (e: unknown) => {
        inFlight = false
        report(job, e)
        frameDone()
        askWaiting()
      },
    )
  }

  /**
   * Asks the workers for the input that waited while they computed. Called
   * as soon as the page has drawn the frame they sent (or has put it aside),
   * not after its paint: the workers compute the next frame while the browser
   * waits for the screen's refresh and paints.
   */
  function askWaiting(): void {
    if (inFlight || !waiting || disposed) return
    const next = waiting
    waiting = null
    submit(next)
  }

  function frameDone(): void {
    frameEnded()
    if (inFlight || drawing || held || waiting || !client) return
    computing.value = false
    // Leave-one-out curves go on once the interactive worker has been idle a moment.
    resumeTimer = setTimeout(() => client.resumeCurves(), 200)
  }

  /**
   * A frame reaches the page. One frame at a time is drawn and painted: a
   * reply that comes meanwhile waits, and a newer one replaces it unseen, so
   * the page never spends its time drawing frames the screen will not show.
   */
  function arrived(r: Reply): void {
    if (!drawing) {
      void draw(r)
      return
    }
    held?.done()
    held = r
    r.drawn()
  }

  async function draw(r: Reply): Promise<void> {
    drawing = true
    try {
      await show(r)
    } finally {
      drawing = false
      const next = held
      held = null
      // The next draw first, so that this frame's end does not find the preview idle.
      if (next) void draw(next)
      r.done()
    }
  }

  async function show({ job, f, asked, replied, drawn }: Reply): Promise<void> {
    if (disposed || job.seq < shownSeq || (job.seq === shownSeq && shownQuality === 'exact')) {
      drawn()
      return
    }
    shownSeq = job.seq
    shownQuality = f.quality
    frame.value = f
    shown.value = job.target
    if (job === latest) error.value = null
    await nextTick()
    const updated = performance.now()
    // The charts drew in the update (ECharts draws synchronously); one drawing progressively is waited for.
    await chartsFinished()
    const finished = performance.now()
    drawn()
    const at = await afterPaint()
    if (job.seq !== shownSeq) return
    const elapsed = at - job.inputAt
    const since = (t: number) => t - job.inputAt
    logFrame({ quality: f.quality, heard: job.heardAt === null ? NaN : since(job.heardAt), watched: since(job.watchedAt), asked: since(asked), replied: since(replied), workerMs: f.workerMs, parts: f.parts, reused: f.reused, updated: since(updated), finished: since(finished), painted: elapsed })
    const previous = timing.value
    timing.value =
      f.quality === 'coarse'
        ? { coarseMs: elapsed, exactMs: null, workerMs: f.workerMs, reused: f.reused }
        : { coarseMs: isLarge(job.target) && previous && previous.exactMs === null ? previous.coarseMs : null, exactMs: elapsed, workerMs: f.workerMs, reused: f.reused }
    painted.value++
    if (job !== latest) return
    if (f.quality === 'coarse') scheduleExact(job)
    else scheduleMetrics(job)
  }

  function scheduleExact(job: Job): void {
    clearTimeout(exactTimer)
    exactTimer = setTimeout(() => {
      if (!client || job !== latest) return
      exactPending.value = true
      frameStarted()
      const asked = performance.now()
      const done = () => {
        frameEnded()
        if (job === latest) exactPending.value = false
      }
      client.frame(request(job.target, 'exact'), 'exact').then(
        (f) => arrived({ job, f, asked, replied: performance.now(), drawn: () => undefined, done }),
        (e: unknown) => {
          report(job, e)
          done()
        },
      )
    }, options.exactDelayMs ?? 80)
  }

  function scheduleMetrics(job: Job): void {
    if (options.metrics === false) return
    clearTimeout(metricsTimer)
    metricsTimer = setTimeout(() => {
      if (!client || job !== latest) return
      const t = job.target
      metricsJob?.cancel()
      const running = client.metrics(t.data, t.kernel, t.sigma)
      metricsJob = running
      running.done.then(
        (m) => {
          if (job === latest) metrics.value = { key: t.key, metrics: m }
        },
        () => undefined,
      ).finally(() => {
        if (metricsJob === running) metricsJob = null
      })
    }, options.metricsDelayMs ?? 250)
  }

  /** Metrics for an input the user has moved on from: stopped between two of their steps (their worker goes on). */
  function stopMetrics(): void {
    clearTimeout(metricsTimer)
    metricsJob?.cancel()
    metricsJob = null
  }

  // 'sync': the worker is asked inside the input event's own task, as soon as the target changes. With
  // Vue's default ('pre') it was asked only in the next update, after every component before this one
  // (the editor's form, its validation, the bandwidth controls) had re-rendered: 2-10 ms of each frame at
  // n = 10^4. An action that sets several fields at once may start a frame for the first of them; the rest
  // wait as one (latest wins, see submit), so the cost is at most one extra frame, never a queue.
  watch(
    target,
    (t, old) => {
      if (!t || (old && t.key === old.key && latest)) {
        // Same picture (another field changed), or nothing valid to show: keep what is on screen.
        if (latest && t) latest = { ...latest, target: t }
        return
      }
      const inputAt = inputTime()
      const job: Job = { seq: ++seq, target: t, inputAt, heardAt: inputHeardAt(inputAt), watchedAt: performance.now() }
      latest = job
      clearTimeout(exactTimer)
      stopMetrics()
      exactPending.value = false
      // Exact work for an earlier input is moot now: stop it, and have the fresh worker make this data meanwhile.
      if (client?.busy('exact')) {
        client.abandonExact()
        if (isLarge(t)) client.warm('exact', t.data)
      }
      submit(job)
    },
    { immediate: true, flush: 'sync' },
  )

  onScopeDispose(() => {
    disposed = true
    latest = null
    clearTimeout(exactTimer)
    stopMetrics()
    clearTimeout(resumeTimer)
    client?.resumeCurves()
  })

  return { frame, shown, metrics, timing, painted, computing, exactPending, error, available: client !== null }
}
