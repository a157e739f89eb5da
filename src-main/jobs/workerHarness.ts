import { parentPort } from 'node:worker_threads'
import type { RunError } from '../../src-shared/api/runs'
import { CANCEL_REQUESTED, type FromWorker, type ToWorker } from './protocol'

export interface JobContext<Prog> {
  progress(p: Prog): void
  /** True once main asked this job to stop. */
  shouldStop(): boolean
}

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
 * The worker side of the pool: runs each job with `handle` and reports the
 * result, the error, or (when main asked to stop and the handler gave up
 * with an error carrying `partial`) the cancellation.
 */
export function serveJobs<Req, Res, Prog, Partial>(handle: (req: Req, ctx: JobContext<Prog>) => Res | Promise<Res>): void {
  const port = parentPort
  if (!port) throw new Error('serveJobs must run in a worker thread')
  port.on('message', (msg: ToWorker<Req>) => {
    const flag = new Int32Array(msg.cancel)
    const post = (m: FromWorker<Res, Prog, Partial>, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer)
    const ctx: JobContext<Prog> = {
      progress: (progress) => post({ type: 'progress', jobId: msg.jobId, progress }),
      shouldStop: () => Atomics.load(flag, 0) === CANCEL_REQUESTED,
    }
    const fail = (e: unknown) => {
      const err = e as Error & { partial?: Partial }
      if (ctx.shouldStop() && err?.name === 'CancelledError') {
        post({ type: 'cancelled', jobId: msg.jobId, partial: err.partial ?? null })
        return
      }
      const error: RunError = { name: err?.name ?? 'Error', message: err?.message ?? String(e) }
      post({ type: 'failed', jobId: msg.jobId, error })
    }
    try {
      const result = handle(msg.request, ctx)
      // Handlers are synchronous today; a promise is awaited so an async one cannot slip through unposted.
      if (result instanceof Promise) {
        result.then((r) => post({ type: 'done', jobId: msg.jobId, result: r }, transferables(r)), fail)
      } else {
        post({ type: 'done', jobId: msg.jobId, result }, transferables(result))
      }
    } catch (e) {
      fail(e)
    }
  })
}
