import { availableParallelism, loadavg } from 'node:os'
import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Algorithm } from '../../src-shared/engine/types'

/**
 * Input files this large (together) make `fit` use the idle cores without
 * being asked: one thread reads the query file while another reads the
 * training file, then the queries are split across them (bit-identical to
 * one thread). Below it, starting the threads costs more than they save.
 */
export const THREADS_FROM_BYTES = 8 << 20

/**
 * Fewer idle cores than this and a fit stays on one thread. The threads
 * cost CPU time of their own: each starts Node, loads the engine and
 * compiles it afresh, and each builds the transform's boxes for its share of
 * the queries. Measured on 2 vCPUs at n = m = 10^6, `--threads 2` took 1.55
 * times the CPU time of `--threads 1` from Parquet (2.24 s against 1.45 s)
 * and 1.25 times from CSV, and was slower end to end idle (2.13 s against
 * 1.89 s from CSV) as well as loaded; two idle cores cannot pay that back.
 * With four or more the split queries and the file read in parallel should
 * (not measured: no such machine here); `--threads N` chooses regardless.
 */
export const MIN_IDLE_CORES = 4

/**
 * Threads for a one-dimensional fit whose --threads is not given: one per
 * idle core (cores minus the load average over the last minute) when the
 * files are large and at least MIN_IDLE_CORES cores are idle, else 1. On a
 * machine whose cores are busy with other work, extra threads only wait for
 * their share while the main thread waits for them: measured here with a load
 * of 18 on 2 cores, two threads made `fit` at 10^6 points 1.6 times slower
 * than one.
 */
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
  if (bytes < THREADS_FROM_BYTES) return 1
  return defaultThreadsFor(availableParallelism(), loadavg()[0]!)
}

/** The default for large files: every idle core when there are at least MIN_IDLE_CORES of them, else 1. */
export function defaultThreadsFor(cores: number, load: number): number {
  const idle = threadsForIdleCores(cores, load)
  return idle >= MIN_IDLE_CORES ? idle : 1
}

/** Cores not busy (by the load average), to the nearest whole core, at least 1 and at most every core. */
export function threadsForIdleCores(cores: number, load: number): number {
  return Math.max(1, Math.min(cores, Math.floor(cores - load + 0.5)))
}

/**
 * Work (keys x queries x coordinates) above which a vector fit summed pair by
 * pair splits its queries across the idle cores without being asked. Unlike
 * the one-dimensional transform, this work divides cleanly: each thread sums
 * its queries against every key, so two threads cost about the CPU time of
 * one. Measured idle on 2 vCPUs at d = 8, n = m = 10^4 (8 * 10^8): 1.36 s on
 * one thread, 0.70 s on two. Below about 2 * 10^8 (a third of a second on
 * one thread) starting the threads would eat most of the saving.
 */
export const VECTOR_THREADS_FROM_WORK = 2e8

/** Paths that sum every pair, and so split evenly across threads. */
const PAIRWISE: readonly Algorithm[] = ['dense', 'simd']

/**
 * Threads for a vector fit whose --threads is not given: for large pairwise
 * work, one per core that is at all idle (rounded up: a core idle half the
 * time still takes half of a share that costs no extra CPU; measured at a
 * load of 0.5 on 2 vCPUs, two threads 0.93-1.02 s against 1.43 s end to end),
 * else 1.
 */
export function defaultVectorThreads(algorithm: Algorithm, work: number, cores = availableParallelism(), load = loadavg()[0]!): number {
  if (!PAIRWISE.includes(algorithm) || work < VECTOR_THREADS_FROM_WORK) return 1
  return Math.max(1, Math.min(cores, Math.ceil(cores - load)))
}
