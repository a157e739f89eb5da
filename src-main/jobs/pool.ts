import { Worker } from 'node:worker_threads'
import { JobCancelledError, JobFailedError, WorkerCrashedError } from './errors'
import type { JobKind, JobOutcome, JobPartial, JobProgress, JobReply, JobRequest, JobTable } from './jobTable'
import { CANCEL_REQUESTED, type FromWorker, type ToWorker, type WorkerStartData } from './protocol'

/** Where a worker's code is: a built .js file, or a .ts source run through tsx (tests, development). */
export interface WorkerEntry {
  path: string
  execArgv?: string[]
}

export interface PoolOptions {
  name: string
  size: number
  entry: WorkerEntry
  /** How long a running job may ignore a cancel before its worker is terminated. */
  cancelGraceMs?: number
  /** Background work: the workers run at the lowest thread priority where the system allows it per thread (threadPriority.ts). */
  background?: boolean
}

export interface JobHooks<Progress> {
  onStart?(): void
  onProgress?(progress: Progress): void
}

export interface JobHandle<Reply, Partial = never> {
  id: number
  /** The reply; rejects with JobCancelledError, JobFailedError or WorkerCrashedError. */
  result: Promise<Reply>
  /** How the job ended, as a value: never rejects. */
  outcome: Promise<JobOutcome<Reply, Partial>>
  /** Asks the job to stop; it then ends as cancelled. */
  cancel(): void
}

interface Job {
  id: number
  kind: string
  request: unknown
  hooks: JobHooks<unknown>
  transfer: ArrayBuffer[]
  cancelFlag: Int32Array<SharedArrayBuffer>
  settle(outcome: JobOutcome<unknown, unknown>): void
  cancelTimer?: ReturnType<typeof setTimeout>
}

interface Slot {
  worker: Worker
  job: Job | null
}

/** Runs a caller's hook; a hook that throws must not wedge the pool or crash main from inside a worker's event. */
function hook(fn: () => void): void {
  try {
    fn()
  } catch (e) {
    console.error(`nw-workbench: a job hook failed: ${(e as Error).stack ?? String(e)}`)
  }
}

function errorOf(outcome: JobOutcome<unknown, unknown>): Error {
  return outcome.status === 'failed' ? outcome.error : new JobCancelledError()
}

/**
 * A fixed-size pool of worker threads with a FIFO queue, for the job kinds
 * of table T. A worker that dies fails only the job it was running, with a
 * clear error, and is replaced.
 */
export class WorkerPool<T extends JobTable> {
  private readonly slots: Slot[] = []
  private readonly queue: Job[] = []
  private nextId = 1
  private closed = false

  constructor(private readonly options: PoolOptions) {
    if (!(options.size >= 1)) throw new RangeError('a pool needs at least one worker')
  }

  get size(): number {
    return this.options.size
  }

  /** Jobs waiting for a worker. */
  get pending(): number {
    return this.queue.length
  }

  run<K extends JobKind<T>>(
    kind: K,
    request: JobRequest<T, K>,
    hooks: JobHooks<JobProgress<T, K>> = {},
    transfer: ArrayBuffer[] = [],
  ): JobHandle<JobReply<T, K>, JobPartial<T, K>> {
    if (this.closed) throw new Error(`the ${this.options.name} pool is closed`)
    const id = this.nextId++
    let settle!: (o: JobOutcome<JobReply<T, K>, JobPartial<T, K>>) => void
    const outcome = new Promise<JobOutcome<JobReply<T, K>, JobPartial<T, K>>>((resolve) => (settle = resolve))
    const job: Job = {
      id,
      kind,
      request,
      hooks: hooks as JobHooks<unknown>,
      transfer,
      cancelFlag: new Int32Array(new SharedArrayBuffer(4)),
      settle: settle as (o: JobOutcome<unknown, unknown>) => void,
    }
    const result = outcome.then((o) => (o.status === 'done' ? o.reply : Promise.reject(errorOf(o))))
    // Callers that only read `outcome` must not see an unhandled rejection from `result`.
    result.catch(() => undefined)
    this.queue.push(job)
    this.pump()
    return { id, result, outcome, cancel: () => this.cancel(job) }
  }

  private cancel(job: Job): void {
    const queued = this.queue.indexOf(job)
    if (queued >= 0) {
      this.queue.splice(queued, 1)
      job.settle({ status: 'cancelled', partial: null })
      return
    }
    const slot = this.slots.find((s) => s.job === job)
    if (!slot || job.cancelTimer) return
    Atomics.store(job.cancelFlag, 0, CANCEL_REQUESTED)
    // A job stuck inside one long computation cannot see the flag: stop its thread.
    job.cancelTimer = setTimeout(() => {
      if (slot.job !== job) return
      slot.job = null
      job.settle({ status: 'cancelled', partial: null })
      this.replace(slot)
    }, this.options.cancelGraceMs ?? 2000)
  }

  private spawn(): Slot {
    const { entry, name, background } = this.options
    const workerData: WorkerStartData = { background: background === true }
    const worker = new Worker(entry.path, { execArgv: entry.execArgv ?? [], name, workerData })
    const slot: Slot = { worker, job: null }
    worker.on('message', (msg: FromWorker) => this.onMessage(slot, msg))
    worker.on('error', (err) => this.onCrash(slot, `the worker crashed: ${err.message.split('\n')[0]}`))
    worker.on('exit', (code) => {
      if (!this.closed && this.slots.includes(slot)) this.onCrash(slot, `the worker exited unexpectedly (code ${code})`)
    })
    // Idle workers must not keep a CLI process alive.
    worker.unref()
    return slot
  }

  private onMessage(slot: Slot, msg: FromWorker): void {
    const job = slot.job
    if (!job || job.id !== msg.jobId) return
    if (msg.type === 'progress') {
      hook(() => job.hooks.onProgress?.(msg.progress))
      return
    }
    clearTimeout(job.cancelTimer)
    slot.job = null
    switch (msg.type) {
      case 'done':
        job.settle({ status: 'done', reply: msg.result })
        break
      case 'failed':
        job.settle({ status: 'failed', error: new JobFailedError(msg.error) })
        break
      case 'cancelled':
        job.settle({ status: 'cancelled', partial: msg.partial })
        break
    }
    this.pump()
  }

  private onCrash(slot: Slot, message: string): void {
    const job = slot.job
    slot.job = null
    if (job) {
      clearTimeout(job.cancelTimer)
      job.settle(job.cancelTimer ? { status: 'cancelled', partial: null } : { status: 'failed', error: new WorkerCrashedError(message) })
    }
    this.replace(slot)
  }

  private replace(slot: Slot): void {
    const at = this.slots.indexOf(slot)
    if (at < 0) return
    this.slots.splice(at, 1)
    void slot.worker.terminate()
    if (!this.closed) this.pump()
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.job === null)
      if (!slot) {
        if (this.slots.length >= this.options.size) return
        slot = this.spawn()
        this.slots.push(slot)
      }
      const job = this.queue.shift()!
      slot.job = job
      // A busy worker holds the process open; an idle one does not.
      slot.worker.ref()
      const msg: ToWorker = { type: 'job', jobId: job.id, kind: job.kind, request: job.request, cancel: job.cancelFlag.buffer }
      slot.worker.postMessage(msg, job.transfer)
      hook(() => job.hooks.onStart?.())
    }
    for (const s of this.slots) if (s.job === null) s.worker.unref()
  }

  /** Cancels every queued and running job and stops the threads. */
  async close(): Promise<void> {
    this.closed = true
    for (const job of this.queue.splice(0)) job.settle({ status: 'cancelled', partial: null })
    const slots = this.slots.splice(0)
    for (const s of slots) {
      if (s.job) {
        clearTimeout(s.job.cancelTimer)
        s.job.settle({ status: 'cancelled', partial: null })
      }
    }
    await Promise.all(slots.map((s) => s.worker.terminate()))
  }
}
