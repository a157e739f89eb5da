import { nwPredict } from '../../src-shared/engine/estimate'
import { compareNumbers } from './compare'
import { DatasetCache, MissingDataError, type PreparedData } from './datasets'
import { computeFrame } from './frame'
import { frameMetrics } from './frameMetrics'
import { FrameMemo } from './frameMemo'
import { evaluateLooCurve } from './looCurve'
import { nextTask } from './nextTask'
import { probeAt } from './probe'
import type { LiveFrame, WorkerReply, WorkerRequest } from './protocol'
import { kernelWarmer } from './warmUp'

/**
 * What a preview worker does with each request: one handler per worker (its
 * own data sets, its own cancelled curves), so the worker file only wires it
 * to its global scope and tests can run it in-process.
 */
export function createWorkerHandler(post: (message: WorkerReply, transfer: Transferable[]) => void): (msg: WorkerRequest) => void {
  const cache = new DatasetCache()
  const frames = new FrameMemo()
  const cancelled = new Set<number>()
  let paused = false
  let resumeWaiters: (() => void)[] = []
  const warmer = kernelWarmer()

  function reply(message: WorkerReply, transfer: Transferable[] = []): void {
    post(message, transfer)
  }

  function fail(id: number, e: unknown): void {
    if (e instanceof MissingDataError) reply({ type: 'missing-data', id, key: e.key })
    else reply({ type: 'error', id, message: e instanceof Error ? e.message : String(e) })
  }

  function handle(msg: WorkerRequest): void {
    switch (msg.type) {
      case 'frame': {
        const start = performance.now()
        // Whole frames only (the exact lane's): the page keeps the frames it joined from parts (previewClient.ts).
        const whole = msg.request.part === undefined
        let frame = whole ? frames.get(msg.request) : null
        const reused = frame !== null
        // The data set this frame was computed from (none for a kept frame: its data may have left the cache).
        let data: PreparedData | null = null
        if (!frame) {
          data = cache.get(msg.request.data)
          frame = computeFrame(data, msg.request)
          if (whole) frames.set(msg.request, frame)
        }
        frame.workerMs = performance.now() - start
        frame.reused = reused
        reply({ type: 'frame', id: msg.id, frame }, frameBuffers(frame))
        warmer.poke(msg.request, data)
        return
      }
      case 'metrics': {
        // In steps, like the curve: paused while a frame computes, stopped by a cancel (frameMetrics.ts).
        const { id } = msg
        settle(id, frameMetrics(cache.get(msg.data), msg.kernel, msg.sigma, betweenSteps(id)), (metrics) => reply({ type: 'metrics', id, metrics }))
        return
      }
      case 'probe': {
        const r = msg.request
        const p = cache.get(r.data)
        const probe = probeAt(r.query, p.data.xTrain, p.data.yTrain, p.keyOrder, r.kernel, r.sigma, r.shadeIndex, r.maxBars)
        reply({ type: 'probe', id: msg.id, probe })
        return
      }
      case 'compare': {
        const { xTrain: keys, yTrain: values, xQuery: queries } = cache.get(msg.data).data
        const yHat = nwPredict({ keys, values, queries, kernel: msg.kernel, sigma: msg.sigma }).yHat
        reply({ type: 'compare', id: msg.id, comparison: compareNumbers(msg.run, { xTrain: keys, yTrain: values, yHat }) })
        return
      }
      case 'loo-curve': {
        const { id, request } = msg
        const p = cache.get(request.data)
        const done = evaluateLooCurve(p, request.kernel, request.points, {
          between: betweenSteps(id),
          update: (update, final) => reply({ type: 'loo-curve', id, update, final }),
        })
        settle(id, done.then((finished) => (finished ? true : null)), () => undefined)
        return
      }
      case 'warm':
        cache.get(msg.data)
        reply({ type: 'warm', id: msg.id })
        return
      case 'cancel':
        cancelled.add(msg.id)
        wake()
        return
      case 'pause':
        paused = true
        return
      case 'resume':
        paused = false
        wake()
        return
    }
  }

  /**
   * What background work (a curve, metrics) awaits between two steps:
   * yields often enough that a cancel or a pause is read within a few
   * milliseconds of work, waits while paused, and says whether to go on.
   */
  function betweenSteps(id: number): () => Promise<boolean> {
    let lastYield = performance.now()
    return async () => {
      if (paused || performance.now() - lastYield > 8) {
        await nextTask()
        lastYield = performance.now()
      }
      while (paused && !cancelled.has(id)) await new Promise<void>((resolve) => resumeWaiters.push(resolve))
      return !cancelled.has(id)
    }
  }

  /** Ends a background request: `done` with its result, 'cancelled' when stopped (null), or an error. */
  function settle<T>(id: number, work: Promise<T | null>, done: (result: T) => void): void {
    work.then(
      (result) => {
        if (result === null) reply({ type: 'cancelled', id })
        else done(result)
        cancelled.delete(id)
      },
      (e: unknown) => {
        cancelled.delete(id)
        fail(id, e)
      },
    )
  }

  function wake(): void {
    const waiters = resumeWaiters
    resumeWaiters = []
    for (const w of waiters) w()
  }

  return (msg: WorkerRequest) => {
    // Any request comes first; warming goes on once the worker is idle again.
    if (msg.type !== 'frame') warmer.cancel()
    try {
      handle(msg)
    } catch (err) {
      if ('id' in msg) fail(msg.id, err)
    }
  }
}

/**
 * The buffers a frame's reply hands over instead of copying: every array
 * the frame made for itself (a worker keeps none of them: the memo holds its
 * own copy). The drawn training points' positions are the data set's cached
 * array, so they are copied; each buffer appears once.
 */
function frameBuffers(frame: LiveFrame): ArrayBuffer[] {
  const h = frame.heatmap
  const arrays = [frame.xs, frame.yHat, frame.yTruth, frame.xTrain, frame.yTrain, h.values, h.rowEdges, h.colEdges]
  const out = new Set<ArrayBuffer>()
  for (const a of arrays) if (a && a.buffer.byteLength > 0) out.add(a.buffer as ArrayBuffer)
  return [...out]
}
