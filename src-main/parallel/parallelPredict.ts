import { availableParallelism } from 'node:os'
import { joinPrediction, splitPrediction, type RangeWork } from '../../src-shared/engine/parallel'
import type { Algorithm, NwPrediction, NwProblem } from '../../src-shared/engine/types'
import { joinVectorPrediction, vectorWork, type VectorWork } from '../../src-shared/engine/vector'
import type { VectorProblem } from '../../src-shared/engine/vectorTypes'
import { InputError } from '../../src-shared/errors'
import { JsonText, numbersJson } from '../cli/json'
import type { FeatureTable } from '../cli/vectorInputs'
import { JobFailedError } from '../jobs/errors'
import { WorkerPool, type WorkerEntry } from '../jobs/pool'
import { workerEntry } from '../runtime'
import type { PredictJobs, RangeResult } from './rangeJob'
import type { ReadJob } from './readJob'

/**
 * Nadaraya-Watson predictions split across worker threads. The engine
 * (src-shared/engine/parallel.ts) validates, decides, sorts and plans once;
 * this side copies the sorted arrays into SharedArrayBuffers and gives each
 * thread an equal range of the sorted queries, whose estimates it writes
 * into the shared output: bit-identical to `nwPredict` on one thread,
 * however many threads run. Problems small enough for the dense reference
 * are answered on the calling thread, as nwPredict answers them.
 */
export interface ParallelOptions {
  /** Threads to split the queries across (default: the machine's parallelism). */
  threads?: number
  /** Worker entry (default: the built predict.worker.js, or its source under tests). */
  entry?: WorkerEntry
  /** As for nwPredict. */
  tolerance?: number
  algorithm?: Algorithm
}

/**
 * A pool of prediction threads, kept between calls (starting a thread costs
 * far more than a small prediction). Close it when done.
 */
export class ParallelPredictor {
  private readonly pool: WorkerPool<PredictJobs>
  readonly threads: number

  constructor(options: Pick<ParallelOptions, 'threads' | 'entry'> = {}) {
    this.threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()))
    this.pool = new WorkerPool<PredictJobs>({ name: 'nw-predict', size: this.threads, entry: options.entry ?? workerEntry('predict') })
  }

  async predict(p: NwProblem, options: Pick<ParallelOptions, 'tolerance' | 'algorithm'> = {}): Promise<NwPrediction> {
    const split = splitPrediction(p, options)
    if (split.kind === 'answered') return split.prediction
    const m = p.queries.length
    const work: RangeWork = {
      ...split.work,
      keys: sharedCopy(split.work.keys),
      values: sharedCopy(split.work.values),
      queries: sharedCopy(split.work.queries),
      queryOrder: sharedCopy(split.work.queryOrder),
    }
    const { yHat, errorBound } = await this.inRanges(m, (yHat, from, to) => this.pool.run('range', { work, yHat, from, to }).result)
    return joinPrediction(yHat, split.algorithm, errorBound)
  }

  /**
   * A vector prediction (vectorPredict, Nadaraya-Watson or local-linear)
   * split the same way: the engine prepares and plans once here, each
   * thread runs an equal range of the queries with that plan over shared
   * arrays, so the estimates are bit-identical to vectorPredict on one thread.
   * `planned`: the problem's work when the caller has planned it already
   * (vectorWork with the same options), so it is not planned twice.
   */
  async predictVector(p: VectorProblem, options: Pick<ParallelOptions, 'tolerance' | 'algorithm'> = {}, planned?: VectorWork): Promise<NwPrediction> {
    const split = planned ?? vectorWork(p, options)
    const { prepared } = split
    const m = prepared.m
    const work: VectorWork = {
      plan: split.plan,
      prepared: { ...prepared, keys: sharedCopy(prepared.keys), queries: sharedCopy(prepared.queries), values: sharedCopy(prepared.values) },
    }
    const { yHat, errorBound } = await this.inRanges(m, (yHat, from, to) => this.pool.run('vectorRange', { work, yHat, from, to }).result)
    return joinVectorPrediction(split, yHat, errorBound)
  }

  /** Runs `m` queries as one equal range per thread, each writing its estimates into a shared array; the largest bound of the ranges. */
  private async inRanges(m: number, runRange: (yHat: Float64Array, from: number, to: number) => Promise<RangeResult>): Promise<{ yHat: Float64Array; errorBound: number }> {
    const shared = new Float64Array(new SharedArrayBuffer(8 * m))
    const jobs: Promise<RangeResult>[] = []
    const parts = Math.min(this.threads, Math.max(1, m))
    for (let t = 0; t < parts; t++) jobs.push(runRange(shared, Math.floor((t * m) / parts), Math.floor(((t + 1) * m) / parts)))
    const results = await Promise.all(jobs)
    const errorBound = results.reduce((worst, r) => Math.max(worst, r.errorBound), 0)
    // A plain copy: callers may keep, transfer or serialise the result.
    return { yHat: new Float64Array(shared), errorBound }
  }

  /**
   * Reads a data file on one of the threads (see ReadJob). An error in the
   * file comes back as the InputError it was, so the command line still
   * exits 2 with its one line naming the file and the place.
   */
  async read(job: ReadJob): Promise<FeatureTable> {
    try {
      return await this.pool.run('read', job).result
    } catch (e) {
      if (e instanceof JobFailedError && (e.name === 'InputError' || e.name === 'UsageError')) throw new InputError(e.message)
      throw e
    }
  }

  /**
   * The numbers as JSON text, the same as printJson prints them: the first
   * half formatted here while a thread formats the second.
   */
  async numbersJson(values: Float64Array): Promise<JsonText> {
    const half = values.length >> 1
    // A copy goes to the thread: the caller keeps its array.
    const second = this.pool.run('formatJson', { values: values.slice(half) }).result
    const first = numbersJson(values.subarray(0, half))
    const rest = await second
    return new JsonText(`[${first}${first !== '' && rest !== '' ? ',' : ''}${rest}]`)
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

/** The same values in a SharedArrayBuffer, which worker threads see without a copy. */
function sharedCopy<A extends Float64Array | Uint32Array>(a: A): A {
  const copy = new (a.constructor as new (buffer: SharedArrayBuffer) => A)(new SharedArrayBuffer(a.byteLength))
  copy.set(a)
  return copy
}
