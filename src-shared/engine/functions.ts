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
