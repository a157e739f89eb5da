/**
 * Limited-memory BFGS (Nocedal & Wright, "Numerical Optimization", alg. 7.4
 * and 7.5) with a backtracking Armijo line search, for the bandwidth search
 * in log sigma: a handful of coordinates, a smooth objective, an analytic
 * gradient. Returns the best point evaluated.
 */
export interface LbfgsResult {
  x: Float64Array
  value: number
  iterations: number
  evaluations: number
}

export interface LbfgsOptions {
  maxIterations?: number
  /** Stop when the largest gradient entry falls below this times max(1, |f|). */
  gradientTolerance?: number
  /** Stop when an iteration improves f by less than this relatively. */
  relativeTolerance?: number
  /** Largest step in any coordinate per iteration (log sigma: a factor e^2). */
  maxStep?: number
  /**
   * Without curvature pairs the first direction is the bare gradient, whose
   * length says nothing about the distance to the optimum: on a flat score a
   * unit step barely moves. Given, the first step is scaled so that its
   * largest coordinate move is this (the line search halves it if it overshoots).
   */
  firstStep?: number
}

const HISTORY = 6

export function lbfgs(f: (x: Float64Array, g: Float64Array | null) => number, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const dim = x0.length
  const maxIterations = options.maxIterations ?? 100
  const gtol = options.gradientTolerance ?? 1e-8
  const ftol = options.relativeTolerance ?? 1e-12
  const maxStep = options.maxStep ?? 2
  const x = Float64Array.from(x0)
  const g = new Float64Array(dim)
  let fx = f(x, g)
  let evaluations = 1
  const S: Float64Array[] = []
  const Y: Float64Array[] = []
  const rho: number[] = []
  const dir = new Float64Array(dim)
  const alpha = new Float64Array(HISTORY)
  const xNew = new Float64Array(dim)
  const gNew = new Float64Array(dim)
  let iterations = 0
  let stalls = 0
  if (!Number.isFinite(fx)) return { x, value: fx, iterations, evaluations }
  for (; iterations < maxIterations; iterations++) {
    let gmax = 0
    for (let k = 0; k < dim; k++) gmax = Math.max(gmax, Math.abs(g[k]!))
    if (gmax <= gtol * Math.max(1, Math.abs(fx))) break
    // Two-loop recursion: dir = -H g.
    for (let k = 0; k < dim; k++) dir[k] = -g[k]!
    for (let h = S.length - 1; h >= 0; h--) {
      let a = 0
      for (let k = 0; k < dim; k++) a += S[h]![k]! * dir[k]!
      a *= rho[h]!
      alpha[h] = a
      for (let k = 0; k < dim; k++) dir[k] = dir[k]! - a * Y[h]![k]!
    }
    if (S.length > 0) {
      const last = S.length - 1
      let sy = 0
      let yy = 0
      for (let k = 0; k < dim; k++) {
        sy += S[last]![k]! * Y[last]![k]!
        yy += Y[last]![k]! * Y[last]![k]!
      }
      const gamma = sy / yy
      for (let k = 0; k < dim; k++) dir[k] = dir[k]! * gamma
    }
    for (let h = 0; h < S.length; h++) {
      let b = 0
      for (let k = 0; k < dim; k++) b += Y[h]![k]! * dir[k]!
      b *= rho[h]!
      for (let k = 0; k < dim; k++) dir[k] = dir[k]! + S[h]![k]! * (alpha[h]! - b)
    }
    let slope = 0
    let dmax = 0
    for (let k = 0; k < dim; k++) {
      slope += dir[k]! * g[k]!
      dmax = Math.max(dmax, Math.abs(dir[k]!))
    }
    if (!(slope < 0)) {
      // Not a descent direction: restart from steepest descent.
      S.length = 0
      Y.length = 0
      rho.length = 0
      for (let k = 0; k < dim; k++) dir[k] = -g[k]!
      slope = 0
      dmax = 0
      for (let k = 0; k < dim; k++) {
        slope += dir[k]! * g[k]!
        dmax = Math.max(dmax, Math.abs(dir[k]!))
      }
      if (!(slope < 0)) break
    }
    let step = Math.min(1, maxStep / dmax)
    if (S.length === 0 && options.firstStep !== undefined) step = Math.min(options.firstStep, maxStep) / dmax
    let fNew = Infinity
    let accepted = false
    for (let tries = 0; tries < 40; tries++) {
      for (let k = 0; k < dim; k++) xNew[k] = x[k]! + step * dir[k]!
      fNew = f(xNew, gNew)
      evaluations++
      if (Number.isFinite(fNew) && fNew <= fx + 1e-4 * step * slope) {
        accepted = true
        break
      }
      step *= 0.5
    }
    if (!accepted) break
    const s = new Float64Array(dim)
    const y = new Float64Array(dim)
    let sy = 0
    for (let k = 0; k < dim; k++) {
      s[k] = xNew[k]! - x[k]!
      y[k] = gNew[k]! - g[k]!
      sy += s[k]! * y[k]!
    }
    if (sy > 1e-300) {
      if (S.length === HISTORY) {
        S.shift()
        Y.shift()
        rho.shift()
      }
      S.push(s)
      Y.push(y)
      rho.push(1 / sy)
    }
    const improvement = fx - fNew
    x.set(xNew)
    g.set(gNew)
    fx = fNew
    if (improvement <= ftol * Math.max(Math.abs(fx), 1e-300)) {
      if (++stalls >= 2) {
        iterations++
        break
      }
    } else {
      stalls = 0
    }
  }
  return { x, value: fx, iterations, evaluations }
}
