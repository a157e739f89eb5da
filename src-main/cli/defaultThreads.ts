import { availableParallelism } from 'node:os'
import { statSync } from 'node:fs'
import { resolve } from 'node:path'

/**
 * Input files this large (together) make `fit` use every core without being
 * asked: one thread reads the query file while another reads the training
 * file, then the queries are split across them (bit-identical to one
 * thread). Below it, starting the threads costs more than they save.
 */
export const THREADS_FROM_BYTES = 8 << 20

/** Threads for a one-dimensional fit whose --threads is not given. */
export function defaultThreads(cwd: string, paths: string[]): number {
  let bytes = 0
  for (const path of paths) {
    try {
      bytes += statSync(resolve(cwd, path)).size
    } catch {
      // Missing or unreadable: the reader reports it, naming the file.
      return 1
    }
  }
  return bytes >= THREADS_FROM_BYTES ? availableParallelism() : 1
}
