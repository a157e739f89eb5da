/**
 * Nelder-Mead simplex search (Lagarias et al. 1998 coefficients, the ones
 * scipy's fmin uses) for objectives without a gradient: the bandwidth
 * search of the local-linear fit and of non-Gaussian kernels, in log sigma.
 * Infinity (a width at which some point has no neighbour) is allowed and
 * simply loses. Returns the best vertex.
 */
export interface SimplexResult {
  x: Float64Array
  value: number
  evaluations: number
}

export function nelderMead(f: (x: Float64Array) => number, x0: Float64Array, step: number, maxEvaluations: number, xtol = 1e-6, ftol = 1e-10): SimplexResult {
  const dim = x0.length
  const points: Float64Array[] = [Float64Array.from(x0)]
  for (let k = 0; k < dim; k++) {
    const p = Float64Array.from(x0)
    p[k] = p[k]! + step
    points.push(p)
  }
  const values = points.map((p) => f(p))
  let evaluations = points.length
  const centroid = new Float64Array(dim)
  const trial = (from: Float64Array, towards: Float64Array, t: number): Float64Array => Float64Array.from(from, (c, k) => c + t * (towards[k]! - c))
  while (evaluations < maxEvaluations) {
    const order = points.map((_, k) => k).sort((a, b) => values[a]! - values[b]!)
    const sortedPoints = order.map((k) => points[k]!)
    const sortedValues = order.map((k) => values[k]!)
    for (let v = 0; v <= dim; v++) {
      points[v] = sortedPoints[v]!
      values[v] = sortedValues[v]!
    }
    let spread = 0
    for (let v = 1; v <= dim; v++) for (let k = 0; k < dim; k++) spread = Math.max(spread, Math.abs(points[v]![k]! - points[0]![k]!))
    const fSpread = Math.abs(values[dim]! - values[0]!)
    // Converged when the simplex is small in x and flat in f (an infinite vertex is not flat).
    if (spread <= xtol && fSpread <= ftol * Math.max(1e-300, Math.abs(values[0]!))) break
    if (spread <= xtol * 1e-6) break
    centroid.fill(0)
    for (let v = 0; v < dim; v++) for (let k = 0; k < dim; k++) centroid[k] = centroid[k]! + points[v]![k]! / dim
    const worst = points[dim]!
    const reflected = trial(centroid, worst, -1)
    const fr = f(reflected)
    evaluations++
    if (fr < values[0]!) {
      const expanded = trial(centroid, worst, -2)
      const fe = f(expanded)
      evaluations++
      if (fe < fr) {
        points[dim] = expanded
        values[dim] = fe
      } else {
        points[dim] = reflected
        values[dim] = fr
      }
      continue
    }
    if (fr < values[dim - 1]!) {
      points[dim] = reflected
      values[dim] = fr
      continue
    }
    const outside = fr < values[dim]!
    const contracted = trial(centroid, outside ? reflected : worst, 0.5)
    const fc = f(contracted)
    evaluations++
    if (fc < (outside ? fr : values[dim]!)) {
      points[dim] = contracted
      values[dim] = fc
      continue
    }
    // Shrink towards the best vertex.
    for (let v = 1; v <= dim; v++) {
      points[v] = trial(points[0]!, points[v]!, 0.5)
      values[v] = f(points[v]!)
      evaluations++
    }
  }
  let best = 0
  for (let v = 1; v < points.length; v++) if (values[v]! < values[best]!) best = v
  return { x: points[best]!, value: values[best]!, evaluations }
}
