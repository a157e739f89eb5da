/**
 * The noise-free target functions f(x) that data generators can draw from.
 * The first two are the chapter's; the rest give researchers shapes that
 * stress a smoother differently (a kink, a jump, fast oscillation).
 */
export const TARGET_FUNCTION_IDS = [
  'sin-pow', // oldest and middle editions
  'sin-linear', // newest edition
  'sin',
  'quadratic',
  'step',
  'abs',
  'chirp',
] as const
export type TargetFunctionId = (typeof TARGET_FUNCTION_IDS)[number]

export interface TargetFunction {
  id: TargetFunctionId
  /** Human-readable formula, for labels and legends. */
  formula: string
  /** Smallest x where f is real (x^0.8 is NaN below 0); -Infinity if none. */
  domainMin: number
  evaluate(x: number): number
}

const TARGETS: Record<TargetFunctionId, TargetFunction> = {
  'sin-pow': { id: 'sin-pow', formula: '2 sin(x) + x^0.8', domainMin: 0, evaluate: (x) => 2 * Math.sin(x) + Math.pow(x, 0.8) },
  'sin-linear': { id: 'sin-linear', formula: '2 sin(x) + x', domainMin: -Infinity, evaluate: (x) => 2 * Math.sin(x) + x },
  sin: { id: 'sin', formula: 'sin(x)', domainMin: -Infinity, evaluate: (x) => Math.sin(x) },
  quadratic: { id: 'quadratic', formula: '(x - 2.5)^2 / 2', domainMin: -Infinity, evaluate: (x) => ((x - 2.5) * (x - 2.5)) / 2 },
  step: { id: 'step', formula: '1 if x >= 2.5 else 0', domainMin: -Infinity, evaluate: (x) => (x >= 2.5 ? 1 : 0) },
  abs: { id: 'abs', formula: '|x - 2.5|', domainMin: -Infinity, evaluate: (x) => Math.abs(x - 2.5) },
  chirp: { id: 'chirp', formula: 'sin(x^2)', domainMin: -Infinity, evaluate: (x) => Math.sin(x * x) },
}

export function targetFunction(id: TargetFunctionId): TargetFunction {
  return TARGETS[id]
}

/** f over every entry of `xs`. */
export function evaluateTarget(id: TargetFunctionId, xs: Float64Array): Float64Array {
  const f = TARGETS[id].evaluate
  const out = new Float64Array(xs.length)
  for (let i = 0; i < xs.length; i++) out[i] = f(xs[i]!)
  return out
}

/**
 * Targets with vector inputs x in R^d for the d-dimensional generator.
 * Coordinates beyond those a target uses are irrelevant by construction:
 * a width search should widen them and a learned width vector shrink their w.
 */
export const VECTOR_TARGET_IDS = ['sin-linear-2d', 'first-only', 'friedman1', 'radial-sin', 'sin-sum'] as const
export type VectorTargetId = (typeof VECTOR_TARGET_IDS)[number]

export interface VectorTarget {
  id: VectorTargetId
  formula: string
  /** Least number of coordinates the formula needs. */
  minDimension: number
  /** Coordinates the value depends on (the first `relevant`); Infinity: all of them. */
  relevant: number
  /** f at the row starting at x[offset] of d coordinates. */
  evaluate(x: Float64Array, offset: number, d: number): number
}

const VECTOR_TARGETS: Record<VectorTargetId, VectorTarget> = {
  'sin-linear-2d': {
    id: 'sin-linear-2d',
    formula: '2 sin(x1) + x2',
    minDimension: 2,
    relevant: 2,
    evaluate: (x, o) => 2 * Math.sin(x[o]!) + x[o + 1]!,
  },
  'first-only': {
    id: 'first-only',
    formula: '2 sin(x1) + x1 (every other coordinate irrelevant)',
    minDimension: 1,
    relevant: 1,
    evaluate: (x, o) => 2 * Math.sin(x[o]!) + x[o]!,
  },
  friedman1: {
    id: 'friedman1',
    formula: '10 sin(pi x1 x2) + 20 (x3 - 0.5)^2 + 10 x4 + 5 x5 (Friedman 1991; for x in [0, 1]^d)',
    minDimension: 5,
    relevant: 5,
    evaluate: (x, o) => 10 * Math.sin(Math.PI * x[o]! * x[o + 1]!) + 20 * (x[o + 2]! - 0.5) ** 2 + 10 * x[o + 3]! + 5 * x[o + 4]!,
  },
  'radial-sin': {
    id: 'radial-sin',
    formula: '2 sin(|x|)',
    minDimension: 1,
    relevant: Infinity,
    evaluate: (x, o, d) => {
      let s = 0
      for (let l = 0; l < d; l++) s += x[o + l]! * x[o + l]!
      return 2 * Math.sin(Math.sqrt(s))
    },
  },
  // Exercise 4's target: on [pi/2, 5pi/2]^d every partial derivative vanishes at the cube's faces, so the
  // estimator's O(sigma) boundary bias does too and the interior rate sigma* ~ n^(-1/(4 + d)) holds throughout.
  'sin-sum': {
    id: 'sin-sum',
    formula: 'sin(x1) + ... + sin(xd)',
    minDimension: 1,
    relevant: Infinity,
    evaluate: (x, o, d) => {
      let s = 0
      for (let l = 0; l < d; l++) s += Math.sin(x[o + l]!)
      return s
    },
  },
}

export function vectorTarget(id: VectorTargetId): VectorTarget {
  return VECTOR_TARGETS[id]
}

/** f at every row of row-major x (rows of d coordinates). */
export function evaluateVectorTarget(id: VectorTargetId, x: Float64Array, d: number): Float64Array {
  const f = VECTOR_TARGETS[id]
  const out = new Float64Array(x.length / d)
  for (let i = 0; i < out.length; i++) out[i] = f.evaluate(x, i * d, d)
  return out
}
