import { InputError, requireFinite } from '../errors'
import { evaluateTarget, targetFunction, type TargetFunctionId } from './functions'
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
