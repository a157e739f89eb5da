/**
 * Summaries over replicates: mean, sample standard deviation, and Student-t
 * confidence intervals. The t quantile inverts the t distribution function,
 * which is written through the regularised incomplete beta function
 * (continued fraction, modified Lentz), so no table limits the degrees of
 * freedom; tests check it against scipy (test/fixtures/generate_study_stats.py).
 */

export interface Aggregate {
  mean: number | null
  /** Sample standard deviation (n - 1 in the denominator); null below two values. */
  sd: number | null
  /** How many finite values went in (failed runs and undefined metrics are left out). */
  n: number
  /** 95% confidence interval of the mean, Student t with n - 1 degrees of freedom; null below two values. */
  ci95: [number, number] | null
}

/** Mean, sd, n and 95% CI of the finite values among `values`. */
export function aggregate(values: Iterable<number | null | undefined>): Aggregate {
  let n = 0
  let mean = 0
  let m2 = 0
  // Welford's update: one pass, no cancellation between a large sum of squares and the squared mean.
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isFinite(v)) continue
    n++
    const d = v - mean
    mean += d / n
    m2 += d * (v - mean)
  }
  if (n === 0) return { mean: null, sd: null, n: 0, ci95: null }
  if (n === 1) return { mean, sd: null, n, ci95: null }
  const sd = Math.sqrt(m2 / (n - 1))
  const half = studentTQuantile(0.975, n - 1) * (sd / Math.sqrt(n))
  return { mean, sd, n, ci95: [mean - half, mean + half] }
}

/** log Gamma(x) for x > 0 (Lanczos, g = 7, 9 terms: about 15 digits). */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ]
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x)
  const z = x - 1
  let a = c[0]!
  const t = z + 7.5
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i)
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a)
}

/** Continued fraction of the incomplete beta function (Numerical Recipes' betacf, modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const TINY = 1e-300
  let c = 1
  let d = 1 - ((a + b) * x) / (a + 1)
  if (Math.abs(d) < TINY) d = TINY
  d = 1 / d
  let h = d
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2))
    d = 1 + aa * d
    if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const del = d * c
    h *= del
    if (Math.abs(del - 1) < 1e-16) break
  }
  return h
}

/** The regularised incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x))
  // The fraction converges fast on the side of the mean; use the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) on the other.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b
}

/** P(T > t) for Student's t with `df` degrees of freedom, t >= 0, without the cancellation of 1 - cdf. */
function upperTail(t: number, df: number): number {
  return 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5)
}

/** P(T <= t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0
  const tail = upperTail(Math.abs(t), df)
  return t >= 0 ? 1 - tail : tail
}

/**
 * The p-quantile of Student's t with `df` > 0 degrees of freedom: bisection
 * on the upper tail (so p near 1 keeps its digits), to about 1e-13 relative.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1) (got ${p})`)
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be > 0 (got ${df})`)
  if (p === 0.5) return 0
  if (p < 0.5) return -studentTQuantile(1 - p, df)
  const tail = 1 - p
  let lo = 0
  let hi = 1
  while (upperTail(hi, df) > tail) hi *= 2
  for (let i = 0; i < 300 && hi - lo > 1e-14 * hi; i++) {
    const mid = (lo + hi) / 2
    if (upperTail(mid, df) > tail) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}
