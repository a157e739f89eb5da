import { openDatabase } from '../store/database'
import { RunStore } from '../store/runStore'
import { APP_VERSION } from '../version'

/** Where the runs are, for a worker thread that reads or writes them itself. */
export interface StoreLocation {
  path: string
  /** better-sqlite3 built for this runtime's ABI (the Electron app's differs from Node's). */
  nativeBinding?: string
  /** The process that owns the runs this worker writes. */
  owner: string
}

const stores = new Map<string, RunStore>()

/**
 * This thread's own connection to the runs database, opened once. Workers
 * read and write large arrays themselves, so neither ever passes through
 * the main thread's event loop.
 */
export function workerStore(at: StoreLocation): RunStore {
  let store = stores.get(at.path)
  if (!store) {
    store = new RunStore(openDatabase(at.path, at.nativeBinding ? { nativeBinding: at.nativeBinding } : {}), APP_VERSION, at.owner)
    // Short waits inside SQLite: an epoch append that meets a lock is kept for the next one, and final saves retry (busy.ts).
    store.setLockWait(100)
    stores.set(at.path, store)
  }
  return store
}
