import type { RunError } from '../../src-shared/api/runs'

/**
 * Messages between the pool and its workers. Every job carries a sequence
 * id, its kind, and its own one-slot SharedArrayBuffer: main sets it to 1 to
 * ask the worker to stop, which the worker polls between epochs and chunks,
 * so a cancel costs no message round trip through a busy worker's event loop.
 */
export type ToWorker = { type: 'job'; jobId: number; kind: string; request: unknown; cancel: SharedArrayBuffer }

export type FromWorker =
  | { type: 'progress'; jobId: number; progress: unknown }
  | { type: 'done'; jobId: number; result: unknown }
  | { type: 'failed'; jobId: number; error: RunError }
  | { type: 'cancelled'; jobId: number; partial: unknown }

export const CANCEL_REQUESTED = 1

/** What a worker is told when it starts (its workerData). */
export interface WorkerStartData {
  /** Its jobs are background work: it lowers its own thread priority. */
  background: boolean
}
