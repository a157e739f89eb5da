import { parentPort, workerData } from 'node:worker_threads'
import type { RunError } from '../../src-shared/api/runs'
import { CancelledError } from '../../src-shared/errors'
import type { JobContext, JobHandlers, JobTable } from './jobTable'
import { CANCEL_REQUESTED, type FromWorker, type ToWorker, type WorkerStartData } from './protocol'
import { lowerThisThreadsPriority } from './threadPriority'

/** Typed-array buffers in a result, moved to main instead of copied. */
function transferables(value: unknown, out: ArrayBuffer[] = [], depth = 0): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    const buf = value.buffer
    if (buf instanceof ArrayBuffer && !out.includes(buf)) out.push(buf)
  } else if (value && typeof value === 'object' && depth < 3) {
    for (const v of Object.values(value)) transferables(v, out, depth + 1)
  }
  return out
}

/**
 * The worker side of the pool: runs each job with its kind's handler and
 * reports the reply, the error, or (a handler that stopped with
 * CancelledError) the cancellation with what was done so far.
 */
export function serveJobs<T extends JobTable>(handlers: JobHandlers<T>): void {
  const port = parentPort
  if (!port) throw new Error('serveJobs must run in a worker thread')
  if ((workerData as WorkerStartData | undefined)?.background) lowerThisThreadsPriority()
  port.on('message', (msg: ToWorker) => {
    const flag = new Int32Array(msg.cancel)
    const post = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer)
    const ctx: JobContext<unknown> = {
      progress: (progress) => post({ type: 'progress', jobId: msg.jobId, progress }),
      shouldStop: () => Atomics.load(flag, 0) === CANCEL_REQUESTED,
    }
    const fail = (e: unknown) => {
      if (e instanceof CancelledError) {
        post({ type: 'cancelled', jobId: msg.jobId, partial: e.partial })
        return
      }
      const err = e as Error
      const error: RunError = { name: err?.name ?? 'Error', message: err?.message ?? String(e) }
      post({ type: 'failed', jobId: msg.jobId, error })
    }
    const done = (result: unknown) => post({ type: 'done', jobId: msg.jobId, result }, transferables(result))
    try {
      const handler = Object.prototype.hasOwnProperty.call(handlers, msg.kind) ? (handlers[msg.kind] as (r: unknown, c: JobContext<unknown>) => unknown) : null
      if (!handler) throw new Error(`this worker has no job kind "${msg.kind}"`)
      const result = handler(msg.request, ctx)
      // Handlers are synchronous today; a promise is awaited so an async one cannot slip through unposted.
      if (result instanceof Promise) result.then(done, fail)
      else done(result)
    } catch (e) {
      fail(e)
    }
  })
}
