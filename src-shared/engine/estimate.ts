import { LooPredictor } from './fast/looPredictor'
import { fastLooPredict, fastPredict, type ChunkProgress } from './fast/predict'
import { DENSE_MAX_PAIRS, type Algorithm } from './fast/plan'
import { prepareKeys } from './fast/prepared'
import type { KernelId } from './kernels'
import { nwLooPredictDense, nwPredictDense, type NwPrediction } from './nonparametric'
import { validateKernel, validateProblem, validateTrainingPairs, type NwProblem } from './problem'
import { requirePositive } from '../errors'

/**
 * The estimators the rest of the app calls. They choose the algorithm for a
 * problem; callers never pick dense or fast code themselves.
 *
 * Up to DENSE_MAX_PAIRS query-key pairs the dense reference code runs (it is
 * as fast there, and small problems then match the PyTorch fixtures to the
 * last bits they can). Beyond, fast/plan.ts picks: windows and moments for
 * compact kernels (exact up to rounding), a truncated window or the fast
 * Gauss transform for the Gaussian (within `tolerance`, by default 1e-12
 * times the spread of the values), a mean for the constant kernel. The
 * result names the algorithm and bounds the error.
 */
export interface NwOptions {
  /** Largest acceptable error of any estimate, in the values' units. */
  tolerance?: number
  /**
   * Force an algorithm (tests and benchmarks). 'dense' applies to every
   * kernel, 'window' and 'fgt' to the Gaussian; compact and constant kernels
   * always take their own exact path beyond the dense size.
   */
  algorithm?: Algorithm
  /**
   * Called after each chunk of queries with how many are done, so a long fit
   * can report progress; an exception thrown from it stops the fit (cancel).
   */
  onProgress?: ChunkProgress
}

export function nwPredict(p: NwProblem, options: NwOptions = {}): NwPrediction {
  validateProblem(p)
  if (useDense(p.keys.length, p.queries.length, options)) {
    // Dense problems are small (DENSE_MAX_PAIRS): one report at the end is enough.
    const dense = nwPredictDense(p)
    options.onProgress?.(p.queries.length, p.queries.length)
    return { ...dense, algorithm: 'dense', errorBound: 0 }
  }
  const { onProgress, ...planOptions } = options
  return fastPredict(p.keys, p.values, p.queries, p.kernel, p.sigma, planOptions, onProgress)
}

/** Leave-one-out predictions at the training inputs. */
export function nwLooPredict(
  keys: Float64Array,
  values: Float64Array,
  kernel: KernelId,
  sigma: number,
  options: NwOptions = {},
): NwPrediction {
  validateProblem({ keys, values, queries: keys, kernel, sigma })
  if (useDense(keys.length, keys.length, options)) {
    return { ...nwLooPredictDense(keys, values, kernel, sigma), algorithm: 'dense', errorBound: 0 }
  }
  return fastLooPredict(prepareKeys(keys, values), kernel, sigma, options)
}

/**
 * Leave-one-out predictions at many bandwidths for the same data (a
 * bandwidth search): the keys are checked and sorted once. Each call gives
 * exactly what nwLooPredict gives for that sigma and tolerance (the
 * options' unless given).
 */
export function nwLooPredictor(
  keys: Float64Array,
  values: Float64Array,
  kernel: KernelId,
  options: NwOptions = {},
): (sigma: number, tolerance?: number) => NwPrediction {
  validateTrainingPairs(keys, values)
  validateKernel(kernel)
  if (useDense(keys.length, keys.length, options)) {
    return (sigma) => {
      requirePositive(sigma, 'sigma')
      return { ...nwLooPredictDense(keys, values, kernel, sigma), algorithm: 'dense', errorBound: 0 }
    }
  }
  const predictor = new LooPredictor(prepareKeys(keys, values), kernel, options)
  return (sigma, tolerance = options.tolerance) => {
    requirePositive(sigma, 'sigma')
    return predictor.predict(sigma, tolerance)
  }
}

function useDense(n: number, m: number, options: NwOptions): boolean {
  return options.algorithm === 'dense' || (options.algorithm === undefined && n * m <= DENSE_MAX_PAIRS)
}
