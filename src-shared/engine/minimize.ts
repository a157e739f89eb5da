/**
 * Brent's method (Brent 1973, "Algorithms for Minimization without
 * Derivatives", ch. 5): minimises f on [a, b] by parabolic interpolation
 * through the three best points, falling back to a golden-section step
 * whenever the parabola is not trusted. On a smooth minimum it converges
 * superlinearly: a dozen evaluations where golden section needs thirty,
 * which is what a bandwidth search at a million points cares about.
 *
 * Returns the best point evaluated (never one that was not), and stops when
 * the bracket around it is narrower than about 2 tol.
 */
const GOLDEN = (3 - Math.sqrt(5)) / 2
const MAX_ITERATIONS = 200

export function brentMinimize(f: (t: number) => number, a: number, b: number, tol: number): { t: number; s: number } {
  const steps = brentSteps(a, b, tol)
  let step = steps.next()
  while (!step.done) step = steps.next(f(step.value))
  return step.value
}

/**
 * Brent's method as a generator: it yields each point to evaluate and takes
 * f there back from next(value), so a caller can evaluate f in steps, pause
 * between them and stop (the sigma chart's worker refines the curve's best
 * point this way). brentMinimize drives it at once: one implementation.
 */
export function* brentSteps(a: number, b: number, tol: number): Generator<number, { t: number; s: number }, number> {
  let x = a + GOLDEN * (b - a)
  let w = x
  let v = x
  let fx = yield x
  let fw = fx
  let fv = fx
  let d = 0
  let e = 0
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const mid = (a + b) / 2
    const tol1 = tol + 1e-12 * Math.abs(x)
    const tol2 = 2 * tol1
    if (Math.abs(x - mid) <= tol2 - (b - a) / 2) break
    let useGolden = true
    if (Math.abs(e) > tol1) {
      // Parabola through (v, fv), (w, fw), (x, fx).
      const r = (x - w) * (fx - fv)
      let q = (x - v) * (fx - fw)
      let p = (x - v) * q - (x - w) * r
      q = 2 * (q - r)
      if (q > 0) p = -p
      q = Math.abs(q)
      const previous = e
      e = d
      // Accept the step only if it falls inside the bracket and shrinks faster than the step before last.
      if (Math.abs(p) < Math.abs(0.5 * q * previous) && p > q * (a - x) && p < q * (b - x)) {
        d = p / q
        const u = x + d
        if (u - a < tol2 || b - u < tol2) d = mid >= x ? tol1 : -tol1
        useGolden = false
      }
    }
    if (useGolden) {
      e = x >= mid ? a - x : b - x
      d = GOLDEN * e
    }
    const u = Math.abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1)
    const fu = yield u
    if (fu <= fx) {
      if (u >= x) a = x
      else b = x
      v = w
      fv = fw
      w = x
      fw = fx
      x = u
      fx = fu
    } else {
      if (u < x) a = u
      else b = u
      if (fu <= fw || w === x) {
        v = w
        fv = fw
        w = u
        fw = fu
      } else if (fu <= fv || v === x || v === w) {
        v = u
        fv = fu
      }
    }
  }
  return { t: x, s: fx }
}
