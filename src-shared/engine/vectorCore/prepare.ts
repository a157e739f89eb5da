import { InputError, requireFiniteArray } from '../../errors'
import { isCompactKernel, isKernelId, kernelInfo, type KernelId } from '../kernels'
import { ESTIMATORS, KERNEL_SHAPES, MAX_DIMENSION, SCORINGS, type Estimator, type KernelShape, type Scoring } from '../vectorTypes'

/**
 * A vector problem checked and put in the form every algorithm works on:
 * inputs divided by their widths (so each kernel sees u = q~ - k~), values
 * as n rows of c channels (c = 1 for regression, the class count for class
 * scores). Plain data, so threads can share it.
 */
export interface Prepared {
  n: number
  m: number
  d: number
  /** Channels per value (1, or the number of classes). */
  c: number
  /** keys / sigma, row-major n x d. */
  keys: Float64Array
  /** queries / sigma, row-major m x d. */
  queries: Float64Array
  /** n x c; for classes, one-hot rows. */
  values: Float64Array
  kernel: KernelId
  shape: KernelShape
  scoring: Scoring
  estimator: Estimator
}

export interface RawProblem {
  keys: Float64Array
  d: number
  queries: Float64Array
  kernel: KernelId
  sigma: Float64Array
  estimator?: Estimator | undefined
  scoring?: Scoring | undefined
  shape?: KernelShape | undefined
}

export function validateDimension(d: number): void {
  if (!Number.isInteger(d) || d < 1) throw new InputError(`the number of input coordinates must be a positive integer (got ${d})`)
  if (d > MAX_DIMENSION) throw new InputError(`inputs have ${d} coordinates; at most ${MAX_DIMENSION} are supported`)
}

/** Checks inputs, widths and options; returns n and m. */
export function validateInputs(p: RawProblem, what = 'training inputs'): { n: number; m: number } {
  validateDimension(p.d)
  const d = p.d
  if (p.keys.length === 0) throw new InputError('there are no training points')
  if (p.keys.length % d !== 0) throw new InputError(`${what}: ${p.keys.length} numbers do not make rows of ${d} coordinates`)
  if (p.queries.length % d !== 0) throw new InputError(`queries: ${p.queries.length} numbers do not make rows of ${d} coordinates`)
  requireFiniteArray(p.keys, what)
  requireFiniteArray(p.queries, 'queries')
  validateSigma(p.sigma, d)
  if (!isKernelId(p.kernel)) throw new InputError(`unknown kernel "${String(p.kernel)}"`)
  const estimator = p.estimator ?? 'nw'
  const scoring = p.scoring ?? 'distance'
  const shape = p.shape ?? 'product'
  if (!(ESTIMATORS as readonly string[]).includes(estimator)) throw new InputError(`unknown estimator "${String(estimator)}" (choose nw or local-linear)`)
  if (!(SCORINGS as readonly string[]).includes(scoring)) throw new InputError(`unknown scoring "${String(scoring)}" (choose distance or dot)`)
  if (!(KERNEL_SHAPES as readonly string[]).includes(shape)) throw new InputError(`unknown kernel shape "${String(shape)}" (choose product or radial)`)
  if (scoring === 'dot' && p.kernel !== 'gaussian') {
    throw new InputError(`dot-product scoring is the Gaussian kernel written on the unit sphere; it needs the gaussian kernel (got ${p.kernel})`)
  }
  if (scoring === 'dot' && estimator !== 'nw') throw new InputError('dot-product scoring applies to the nw estimator only')
  return { n: p.keys.length / d, m: p.queries.length / d }
}

export function validateSigma(sigma: Float64Array, d: number): void {
  if (!(sigma instanceof Float64Array)) throw new InputError('sigma must be a vector of widths')
  if (sigma.length !== d) {
    throw new InputError(`sigma has ${sigma.length} width${sigma.length === 1 ? '' : 's'} but the inputs have ${d} coordinate${d === 1 ? '' : 's'}`)
  }
  for (let l = 0; l < d; l++) {
    const s = sigma[l]!
    if (!Number.isFinite(s) || s <= 0) throw new InputError(`sigma[${l}] must be a finite number > 0 (got ${s})`)
  }
}

/** x / sigma per coordinate, row-major. */
export function scaleRows(x: Float64Array, sigma: Float64Array): Float64Array {
  const d = sigma.length
  const out = new Float64Array(x.length)
  const inv = Float64Array.from(sigma, (s) => 1 / s)
  for (let i = 0; i < x.length; i += d) for (let l = 0; l < d; l++) out[i + l] = x[i + l]! * inv[l]!
  return out
}

export function prepare(p: RawProblem, values: Float64Array, c: number): Prepared {
  const { n, m } = validateInputs(p)
  if (values.length !== n * c) throw new InputError(`there are ${n} training inputs but ${values.length / c} values`)
  requireFiniteArray(values, 'training values')
  return {
    n,
    m,
    d: p.d,
    c,
    keys: scaleRows(p.keys, p.sigma),
    queries: scaleRows(p.queries, p.sigma),
    values,
    kernel: p.kernel,
    shape: p.shape ?? 'product',
    scoring: p.scoring ?? 'distance',
    estimator: p.estimator ?? 'nw',
  }
}

/** Whether this kernel's weights are exp(-|u|^2 / 2) (product and radial forms agree). */
export function isGaussianDistance(p: Pick<Prepared, 'kernel' | 'scoring'>): boolean {
  return p.kernel === 'gaussian' && p.scoring === 'distance'
}

export function isCompact(p: Pick<Prepared, 'kernel'>): boolean {
  return isCompactKernel(p.kernel)
}

export function profileOf(kernel: KernelId): (u: number) => number {
  return kernelInfo(kernel).profile
}
