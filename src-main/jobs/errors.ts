import type { RunError } from '../../src-shared/api/runs'

/** A job that was cancelled (queued, stopped by its cancel flag, or terminated after ignoring it). */
export class JobCancelledError extends Error {
  override name = 'JobCancelledError'
  constructor() {
    super('the job was cancelled')
  }
}

/** A job whose code threw: the worker survives and reports the error. */
export class JobFailedError extends Error {
  constructor(error: RunError) {
    super(error.message)
    this.name = error.name
  }
}

/** The worker itself died (uncaught exception, out of memory, exit): only its job fails. */
export class WorkerCrashedError extends Error {
  override name = 'WorkerCrashedError'
}
