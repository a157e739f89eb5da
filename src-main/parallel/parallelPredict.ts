import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { DENSE_MAX_PAIRS, makePlan, type Algorithm } from '../../src-shared/engine/fast/plan'
import { undefinedIndices } from '../../src-shared/engine/fast/predict'
import { prepareKeys, prepareQueries } from '../../src-shared/engine/fast/prepared'
import { nwPredictDense, type NwPrediction } from '../../src-shared/engine/nonparametric'
import { validateProblem, type NwProblem } from '../../src-shared/engine/problem'
import { WorkerPool, type WorkerEntry } from '../jobs/pool'
import type { RangeJob, RangeResult } from './rangeJob'

/**
 * Nadaraya-Watson predictions split across worker threads. The main thread
 * validates, sorts and plans once (fast/plan.ts), copies the sorted arrays
 * into SharedArrayBuffers, and gives each thread an equal range of the
 * sorted queries; every thread runs the same src-shared fast path on its
 * range and writes its estimates into the shared output. A query's result
 * depends only on the plan, the keys and the query, so the estimates are
 * bit-identical to `nwPredict` on one thread, however many threads run.
 *
 * Problems small enough for the dense reference are answered on the calling
 * thread, as nwPredict answers them.
 */
export interface ParallelOptions {
  /** Threads to split the queries across (default: the machine's parallelism). */
  threads?: number
  /** Worker entry: the built predict.worker.js in the app; the .ts source through tsx by default. */
  entry?: WorkerEntry
  /** As for nwPredict. */
  tolerance?: number
  algorithm?: Algorithm
}

export function defaultWorkerEntry(): WorkerEntry {
  return { path: join(__dirname, 'predict.worker.ts'), execArgv: ['--require', require.resolve('tsx/cjs')] }
}

/**
 * A pool of prediction threads, kept between calls (starting a thread costs
 * far more than a small prediction). Close it when done.
 */
export class ParallelPredictor {
  private readonly pool: WorkerPool<RangeJob, RangeResult>
  readonly threads: number

  constructor(options: Pick<ParallelOptions, 'threads' | 'entry'> = {}) {
    this.threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()))
    this.pool = new WorkerPool<RangeJob, RangeResult>({ name: 'nw-predict', size: this.threads, entry: options.entry ?? defaultWorkerEntry() })
  }

  async predict(p: NwProblem, options: Pick<ParallelOptions, 'tolerance' | 'algorithm'> = {}): Promise<NwPrediction> {
    validateProblem(p)
    const n = p.keys.length
    const m = p.queries.length
    if (options.algorithm === 'dense' || (options.algorithm === undefined && n * m <= DENSE_MAX_PAIRS)) {
      return { ...nwPredictDense(p), algorithm: 'dense', errorBound: 0 }
    }
    const prepared = prepareKeys(p.keys, p.values)
    const sorted = prepareQueries(p.queries)
    const plan = makePlan(prepared, sorted.queries, p.kernel, p.sigma, options)
    const yHat = new Float64Array(new SharedArrayBuffer(8 * m))
    const shared = {
      plan,
      shift: prepared.shift,
      scale: prepared.scale,
      range: prepared.range,
      keys: toShared(prepared.keys),
      values: toShared(prepared.values),
      queries: toShared(sorted.queries),
      queryOrder: toShared(sorted.order),
      yHat: yHat.buffer as SharedArrayBuffer,
    }
    const jobs: Promise<RangeResult>[] = []
    const parts = Math.min(this.threads, Math.max(1, m))
    for (let t = 0; t < parts; t++) {
      const from = Math.floor((t * m) / parts)
      const to = Math.floor(((t + 1) * m) / parts)
      jobs.push(this.pool.run({ ...shared, from, to }).result)
    }
    const results = await Promise.all(jobs)
    const out = new Float64Array(yHat)
    const errorBound = results.reduce((worst, r) => Math.max(worst, r.errorBound), 0)
    return { yHat: out, undefinedQueries: undefinedIndices(out), algorithm: plan.algorithm, errorBound }
  }

  close(): Promise<void> {
    return this.pool.close()
  }
}

/** One prediction on a pool made for it (see ParallelPredictor to keep the threads). */
export async function parallelPredict(p: NwProblem, options: ParallelOptions = {}): Promise<NwPrediction> {
  const predictor = new ParallelPredictor(options)
  try {
    return await predictor.predict(p, options)
  } finally {
    await predictor.close()
  }
}

function toShared(a: Float64Array | Uint32Array): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(a.byteLength)
  new Uint8Array(buffer).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
  return buffer
}
