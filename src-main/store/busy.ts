import { InputError } from '../../src-shared/errors'

/**
 * Writing while another connection holds SQLite's write lock (another
 * nw-workbench process saving a large run, a worker appending epochs).
 * The main thread never waits inside SQLite for the lock: its connection
 * fails at once (busy_timeout 0) and the write is retried later with
 * backoff, so the event loop keeps serving. Worker threads may wait.
 */

export function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
}

export interface RetryOptions {
  /** Give up after this long (ms). */
  deadlineMs: number
  /** What the write is, for the message when it gives up. */
  what?: string
}

const FIRST_DELAY_MS = 5
const MAX_DELAY_MS = 1000

function nextDelay(delay: number): number {
  return Math.min(MAX_DELAY_MS, delay * 2)
}

function busyError(o: RetryOptions, ms: number): InputError {
  return new InputError(`${o.what ?? 'the write'} waited ${Math.round(ms / 1000)} s for another nw-workbench process to finish writing to the database; try again`)
}

/** Runs `write` until it does not meet a busy database, yielding to the event loop between tries. */
export async function retryWhileBusy<T>(write: () => T, o: RetryOptions): Promise<T> {
  const start = Date.now()
  for (let delay = FIRST_DELAY_MS; ; delay = nextDelay(delay)) {
    try {
      return write()
    } catch (e) {
      if (!isBusy(e)) throw e
      if (Date.now() - start >= o.deadlineMs) throw busyError(o, Date.now() - start)
      await new Promise((resolve) => setTimeout(resolve, delay))
    }
  }
}

/** The same for a worker thread, which may block while it waits. */
export function retryWhileBusySync<T>(write: () => T, o: RetryOptions): T {
  const start = Date.now()
  const sleeper = new Int32Array(new SharedArrayBuffer(4))
  for (let delay = FIRST_DELAY_MS; ; delay = nextDelay(delay)) {
    try {
      return write()
    } catch (e) {
      if (!isBusy(e)) throw e
      if (Date.now() - start >= o.deadlineMs) throw busyError(o, Date.now() - start)
      Atomics.wait(sleeper, 0, 0, delay)
    }
  }
}

/** A user's edits wait this long for another writer to finish before they give up with a message. */
export const EDIT_DEADLINE_MS = 30_000

/**
 * A write an API request makes on the main thread (a rename, a new study):
 * retried while a worker or another process holds the lock, never waited
 * for inside SQLite, and given up with a message after EDIT_DEADLINE_MS.
 */
export function editWhenFree<T>(what: string, write: () => T): Promise<T> {
  return retryWhileBusy(write, { deadlineMs: EDIT_DEADLINE_MS, what })
}
