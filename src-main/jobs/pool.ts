import { Worker } from 'node:worker_threads'
import { JobCancelledError, JobFailedError, WorkerCrashedError } from './errors'
import { CANCEL_REQUESTED, type FromWorker, type ToWorker } from './protocol'

/** Where a worker's code is: a built .js file, or a .ts source run through tsx (CLI, tests). */
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
}

export interface JobHooks<Prog> {
  onStart?(): void
  onProgress?(progress: Prog): void
}

export interface JobHandle<Res> {
  id: number
  result: Promise<Res>
  /** Asks the job to stop; the result then rejects with JobCancelledError. */
  cancel(): void
}

interface Job<Req, Res, Prog> {
  id: number
  request: Req
  hooks: JobHooks<Prog>
  transfer: ArrayBuffer[]
  cancelFlag: Int32Array<SharedArrayBuffer>
  resolve(value: Res): void
  reject(error: Error): void
  cancelTimer?: ReturnType<typeof setTimeout>
}

interface Slot<Req, Res, Prog> {
  worker: Worker
  job: Job<Req, Res, Prog> | null
}

/** Runs a caller's hook; a hook that throws must not wedge the pool or crash main from inside a worker's event. */
function hook(fn: () => void): void {
  try {
    fn()
  } catch (e) {
    console.error(`nw-workbench: a job hook failed: ${(e as Error).stack ?? String(e)}`)
  }
}

/**
 * A fixed-size pool of worker threads with a FIFO queue. A worker that dies
 * fails only the job it was running, with a clear error, and is replaced.
 */
export class WorkerPool<Req, Res, Prog = unknown, Partial = unknown> {
  private readonly slots: Slot<Req, Res, Prog>[] = []
  private readonly queue: Job<Req, Res, Prog>[] = []
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

  run(request: Req, hooks: JobHooks<Prog> = {}, transfer: ArrayBuffer[] = []): JobHandle<Res> {
    if (this.closed) throw new Error(`the ${this.options.name} pool is closed`)
    const id = this.nextId++
    let resolve!: (v: Res) => void
    let reject!: (e: Error) => void
    const result = new Promise<Res>((res, rej) => {
      resolve = res
      reject = rej
    })
    const job: Job<Req, Res, Prog> = {
      id,
      request,
      hooks,
      transfer,
      cancelFlag: new Int32Array(new SharedArrayBuffer(4)),
      resolve,
      reject,
    }
    this.queue.push(job)
    this.pump()
    return { id, result, cancel: () => this.cancel(job) }
  }

  private cancel(job: Job<Req, Res, Prog>): void {
    const queued = this.queue.indexOf(job)
    if (queued >= 0) {
      this.queue.splice(queued, 1)
      job.reject(new JobCancelledError(null))
      return
    }
    const slot = this.slots.find((s) => s.job === job)
    if (!slot || job.cancelTimer) return
    Atomics.store(job.cancelFlag, 0, CANCEL_REQUESTED)
    // A job stuck inside one long computation cannot see the flag: stop its thread.
    job.cancelTimer = setTimeout(() => {
      if (slot.job !== job) return
      slot.job = null
      job.reject(new JobCancelledError(null))
      this.replace(slot)
    }, this.options.cancelGraceMs ?? 2000)
  }

  private spawn(): Slot<Req, Res, Prog> {
    const { entry, name } = this.options
    const worker = new Worker(entry.path, { execArgv: entry.execArgv ?? [], name })
    const slot: Slot<Req, Res, Prog> = { worker, job: null }
    worker.on('message', (msg: FromWorker<Res, Prog, Partial>) => this.onMessage(slot, msg))
    worker.on('error', (err) => this.onCrash(slot, `the worker crashed: ${err.message.split('\n')[0]}`))
    worker.on('exit', (code) => {
      if (!this.closed && this.slots.includes(slot)) this.onCrash(slot, `the worker exited unexpectedly (code ${code})`)
    })
    // Idle workers must not keep a CLI process alive.
    worker.unref()
    return slot
  }

  private onMessage(slot: Slot<Req, Res, Prog>, msg: FromWorker<Res, Prog, Partial>): void {
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
        job.resolve(msg.result)
        break
      case 'failed':
        job.reject(new JobFailedError(msg.error))
        break
      case 'cancelled':
        job.reject(new JobCancelledError(msg.partial))
        break
    }
    this.pump()
  }

  private onCrash(slot: Slot<Req, Res, Prog>, message: string): void {
    const job = slot.job
    slot.job = null
    if (job) {
      clearTimeout(job.cancelTimer)
      job.reject(job.cancelTimer ? new JobCancelledError(null) : new WorkerCrashedError(message))
    }
    this.replace(slot)
  }

  private replace(slot: Slot<Req, Res, Prog>): void {
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
      const msg: ToWorker<Req> = { type: 'job', jobId: job.id, request: job.request, cancel: job.cancelFlag.buffer }
      slot.worker.postMessage(msg, job.transfer)
      hook(() => job.hooks.onStart?.())
    }
    for (const s of this.slots) if (s.job === null) s.worker.unref()
  }

  /** Fails every queued and running job and stops the threads. */
  async close(): Promise<void> {
    this.closed = true
    for (const job of this.queue.splice(0)) job.reject(new JobCancelledError(null))
    const slots = this.slots.splice(0)
    for (const s of slots) {
      if (s.job) {
        clearTimeout(s.job.cancelTimer)
        s.job.reject(new JobCancelledError(null))
      }
    }
    await Promise.all(slots.map((s) => s.worker.terminate()))
  }
}
