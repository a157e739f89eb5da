import type { RunError } from '../../src-shared/api/runs'

/**
 * Messages between the pool and its workers. Every job carries a sequence
 * id and its own one-slot SharedArrayBuffer: main sets it to 1 to ask the
 * worker to stop, which the worker polls between epochs and chunks, so a
 * cancel costs no message round trip through a busy worker's event loop.
 */
export type ToWorker<Req> = { type: 'job'; jobId: number; request: Req; cancel: SharedArrayBuffer }

export type FromWorker<Res, Prog, Partial> =
  | { type: 'progress'; jobId: number; progress: Prog }
  | { type: 'done'; jobId: number; result: Res }
  | { type: 'failed'; jobId: number; error: RunError }
  | { type: 'cancelled'; jobId: number; partial: Partial | null }

export const CANCEL_REQUESTED = 1
