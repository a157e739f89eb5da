import type { WorkerReply, WorkerRequest } from '../../../src-renderer/live/protocol'
import { createWorkerHandler } from '../../../src-renderer/live/workerHandler'

/**
 * A preview worker run in-process: messages are cloned and delivered on a
 * later task, as between threads, through the real request handler. Each
 * instance has its own handler (its own data sets), as each worker does.
 */
export class FakeWorker {
  static created: FakeWorker[] = []
  onmessage: ((e: { data: WorkerReply }) => void) | null = null
  onerror: ((e: unknown) => void) | null = null
  terminated = false
  readonly received: WorkerRequest[] = []
  private readonly handle = createWorkerHandler((m) => {
    const copy = structuredClone(m)
    setTimeout(() => {
      if (!this.terminated) this.onmessage?.({ data: copy })
    }, 0)
  })

  constructor() {
    FakeWorker.created.push(this)
  }

  postMessage(m: WorkerRequest): void {
    const copy = structuredClone(m)
    this.received.push(copy)
    setTimeout(() => {
      if (!this.terminated) this.handle(copy)
    }, 0)
  }

  terminate(): void {
    this.terminated = true
  }
}
