import { InputError, requireFinite } from '../errors'
import { evaluateTarget, evaluateVectorTarget, targetFunction, vectorTarget, type TargetFunctionId, type VectorTargetId } from './functions'
import { MAX_DIMENSION } from './vectorTypes'
import { createRng, MAX_SEED } from './rng'

/** A regression data set: training pairs (keys, values) and query points. */
export interface Dataset {
  /** Training inputs (keys), sorted ascending for generated data. */
  xTrain: Float64Array
  /** Training outputs (values). */
  yTrain: Float64Array
  /** Query inputs. */
  xQuery: Float64Array
  /** Noise-free truth at the queries, when it is known. */
  yTruth: Float64Array | null
}

export interface GeneratorParams {
  fn: TargetFunctionId
  /** Number of training points. */
  n: number
  /** Standard deviation of the additive normal noise. */
  noiseSd: number
  /** Training inputs are uniform on [xMin, xMax). */
  xMin: number
  xMax: number
  /** Queries are xMin, xMin + step, ... below xMax (torch.arange semantics). */
  queryStep: number
  seed: number
}

/** Largest data set the generator makes; bigger ones are imported. */
export const MAX_GENERATED_N = 10_000_000
/** Most query points a grid may hold. */
export const MAX_QUERY_COUNT = 10_000_000

/**
 * Points start, start + step, ... strictly below stop, with the count and
 * values computed as torch.arange does in float64 (start + i * step), so the
 * chapter's query grid is reproduced bit for bit.
 */
export function arange(start: number, stop: number, step: number): Float64Array {
  requireFinite(start, 'arange start')
  requireFinite(stop, 'arange stop')
  requireFinite(step, 'arange step')
  if (step <= 0) throw new InputError(`query step must be > 0 (got ${step})`)
  const count = Math.max(0, Math.ceil((stop - start) / step))
  if (count > MAX_QUERY_COUNT) {
    throw new InputError(`the query grid would have ${count} points; at most ${MAX_QUERY_COUNT} are allowed`)
  }
  const out = new Float64Array(count)
  for (let i = 0; i < count; i++) out[i] = start + i * step
  return out
}

export function validateGeneratorParams(p: GeneratorParams): void {
  if (!Number.isInteger(p.n) || p.n < 1 || p.n > MAX_GENERATED_N) {
    throw new InputError(`n must be an integer in [1, ${MAX_GENERATED_N}] (got ${p.n})`)
  }
  requireFinite(p.noiseSd, 'noise sd')
  if (p.noiseSd < 0) throw new InputError(`noise sd must be >= 0 (got ${p.noiseSd})`)
  requireFinite(p.xMin, 'x min')
  requireFinite(p.xMax, 'x max')
  if (!(p.xMax > p.xMin)) throw new InputError(`x max must be greater than x min (got [${p.xMin}, ${p.xMax}))`)
  const f = targetFunction(p.fn)
  if (p.xMin < f.domainMin) {
    throw new InputError(`${f.formula} is only defined for x >= ${f.domainMin}; x min is ${p.xMin}`)
  }
  if (!Number.isInteger(p.seed) || p.seed < 0 || p.seed > MAX_SEED) {
    throw new InputError(`seed must be an integer in [0, ${MAX_SEED}] (got ${p.seed})`)
  }
  requireFinite(p.queryStep, 'query step')
  if (p.queryStep <= 0) throw new InputError(`query step must be > 0 (got ${p.queryStep})`)
}

/**
 * The chapter's recipe: n uniform inputs on [xMin, xMax), sorted; outputs
 * f(x) plus normal noise drawn in sorted order; a regular query grid with its
 * noise-free truth. All draws come from stream 0 of the seed.
 */
export function generateDataset(p: GeneratorParams): Dataset {
  validateGeneratorParams(p)
  const rng = createRng(p.seed, 0)
  const width = p.xMax - p.xMin
  const xTrain = new Float64Array(p.n)
  for (let i = 0; i < p.n; i++) xTrain[i] = p.xMin + rng.uniform() * width
  xTrain.sort()
  const yTrain = evaluateTarget(p.fn, xTrain)
  for (let i = 0; i < p.n; i++) yTrain[i] = yTrain[i]! + p.noiseSd * rng.normal()
  const xQuery = arange(p.xMin, p.xMax, p.queryStep)
  return { xTrain, yTrain, xQuery, yTruth: evaluateTarget(p.fn, xQuery) }
}

/** A data set with vector inputs: row-major keys (n x d) and queries (m x d). */
export interface VectorDataset {
  d: number
  keys: Float64Array
  values: Float64Array
  queries: Float64Array
  /** Noise-free truth at the queries. */
  truth: Float64Array
}

export interface VectorGeneratorParams {
  fn: VectorTargetId
  d: number
  n: number
  noiseSd: number
  /** Every coordinate is uniform on [xMin, xMax). */
  xMin: number
  xMax: number
  /** Number of query points, uniform on the same cube. */
  queryCount: number
  seed: number
}

export function validateVectorGeneratorParams(p: VectorGeneratorParams): void {
  const f = vectorTarget(p.fn)
  if (!f) throw new InputError(`unknown vector target "${String(p.fn)}"`)
  if (!Number.isInteger(p.d) || p.d < f.minDimension || p.d > MAX_DIMENSION) {
    throw new InputError(`${f.formula} needs d in [${f.minDimension}, ${MAX_DIMENSION}] (got ${p.d})`)
  }
  validateGeneratorParams({ fn: 'sin', n: p.n, noiseSd: p.noiseSd, xMin: p.xMin, xMax: p.xMax, queryStep: 1, seed: p.seed })
  if (!Number.isInteger(p.queryCount) || p.queryCount < 0 || p.queryCount > MAX_QUERY_COUNT) {
    throw new InputError(`query count must be an integer in [0, ${MAX_QUERY_COUNT}] (got ${p.queryCount})`)
  }
  if (p.n * p.d > MAX_GENERATED_N || p.queryCount * p.d > MAX_QUERY_COUNT) {
    throw new InputError(`n x d and queries x d must stay within ${MAX_GENERATED_N} numbers`)
  }
}

/**
 * Inputs uniform on [xMin, xMax)^d (row by row, coordinate by coordinate),
 * values f(x) plus normal noise, then the queries uniform on the same cube
 * with their noise-free truth; every draw from stream 0 of the seed, in
 * that order.
 */
export function generateVectorDataset(p: VectorGeneratorParams): VectorDataset {
  validateVectorGeneratorParams(p)
  const rng = createRng(p.seed, 0)
  const width = p.xMax - p.xMin
  const { d } = p
  const keys = new Float64Array(p.n * d)
  for (let k = 0; k < keys.length; k++) keys[k] = p.xMin + rng.uniform() * width
  const values = evaluateVectorTarget(p.fn, keys, d)
  for (let i = 0; i < p.n; i++) values[i] = values[i]! + p.noiseSd * rng.normal()
  const queries = new Float64Array(p.queryCount * d)
  for (let k = 0; k < queries.length; k++) queries[k] = p.xMin + rng.uniform() * width
  return { d, keys, values, queries, truth: evaluateVectorTarget(p.fn, queries, d) }
}
