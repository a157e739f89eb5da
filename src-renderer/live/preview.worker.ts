import type { WorkerReply, WorkerRequest } from './protocol'
import { createWorkerHandler } from './workerHandler'

/**
 * The live preview's worker: it only dispatches (workerHandler.ts). The page
 * runs three of these (interactive frames, exact frames and metrics,
 * leave-one-out curves; see previewClient.ts), so nothing numeric ever runs
 * on the page's thread.
 */

/** The worker's global scope, typed by hand: the renderer's program uses the DOM library, which clashes with "webworker". */
interface WorkerScope {
  postMessage(message: WorkerReply, transfer: Transferable[]): void
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null
}
const scope = self as unknown as WorkerScope
const handle = createWorkerHandler((message, transfer) => scope.postMessage(message, transfer))
scope.onmessage = (e) => handle(e.data)
