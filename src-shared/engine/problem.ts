import { InputError, requireFiniteArray, requirePositive } from '../errors'
import { isKernelId, type KernelId } from './kernels'
import type { NwProblem } from './types'

/**
 * Checks what every estimator needs, so that bad input fails here with a
 * message naming the culprit instead of turning into NaN further on.
 */
export function validateProblem(p: NwProblem): void {
  validateTrainingPairs(p.keys, p.values)
  requireFiniteArray(p.queries, 'queries')
  validateKernel(p.kernel)
  requirePositive(p.sigma, 'sigma')
}

export function validateKernel(kernel: KernelId): void {
  if (!isKernelId(kernel)) throw new InputError(`unknown kernel "${String(kernel)}"`)
}

export function validateTrainingPairs(keys: Float64Array, values: Float64Array): void {
  if (keys.length === 0) throw new InputError('there are no training points')
  if (keys.length !== values.length) {
    throw new InputError(`keys and values differ in length (${keys.length} vs ${values.length})`)
  }
  requireFiniteArray(keys, 'training x')
  requireFiniteArray(values, 'training y')
}
