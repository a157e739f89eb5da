import type { KernelId } from './kernels'
import { nwLooPredictDense, nwPredictDense, type NwPrediction } from './nonparametric'
import type { NwProblem } from './problem'

/**
 * The estimators the rest of the app calls. They choose the algorithm for a
 * problem; callers never pick dense or fast code themselves.
 */
export function nwPredict(p: NwProblem): NwPrediction {
  return nwPredictDense(p)
}

/** Leave-one-out predictions at the training inputs. */
export function nwLooPredict(
  keys: Float64Array,
  values: Float64Array,
  kernel: KernelId,
  sigma: number,
): NwPrediction {
  return nwLooPredictDense(keys, values, kernel, sigma)
}
