import { studentTQuantile } from './stats'

export interface LineFit {
  slope: number
  intercept: number
  /** Standard error of the slope. */
  slopeSe: number
  /** Confidence interval of the slope (Student t with n - 2 degrees of freedom). */
  slopeCi: [number, number]
  level: number
  /** Points fitted. */
  n: number
}

/**
 * Ordinary least squares of y on x, with the slope's confidence interval:
 * slope +- t(1 - (1 - level) / 2, n - 2) * se, se = s / sqrt(Sxx) and
 * s^2 = residual sum of squares / (n - 2). Points with a non-finite
 * coordinate are left out. Null when fewer than three points or one x remain.
 */
export function fitLine(xs: readonly number[], ys: readonly number[], level = 0.95): LineFit | null {
  let n = 0
  let mx = 0
  let my = 0
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!
    const y = ys[i]!
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue
    n++
    mx += x
    my += y
  }
  if (n < 3) return null
  mx /= n
  my /= n
  let sxx = 0
  let sxy = 0
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!
    const y = ys[i]!
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue
    sxx += (x - mx) * (x - mx)
    sxy += (x - mx) * (y - my)
  }
  if (!(sxx > 0)) return null
  const slope = sxy / sxx
  const intercept = my - slope * mx
  let rss = 0
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!
    const y = ys[i]!
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue
    const r = y - intercept - slope * x
    rss += r * r
  }
  const slopeSe = Math.sqrt(rss / (n - 2) / sxx)
  const half = studentTQuantile(1 - (1 - level) / 2, n - 2) * slopeSe
  return { slope, intercept, slopeSe, slopeCi: [slope - half, slope + half], level, n }
}

/**
 * Theil-Sen slope: the median of the slopes between every pair of points
 * with different x. Robust to a few outlying points, which a leave-one-out
 * bandwidth produces now and then (its distribution has a long lower tail
 * at small n). Null below two distinct x.
 */
export function theilSenSlope(xs: readonly number[], ys: readonly number[]): number | null {
  const slopes: number[] = []
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) {
      const dx = xs[j]! - xs[i]!
      const s = (ys[j]! - ys[i]!) / dx
      if (dx !== 0 && Number.isFinite(s)) slopes.push(s)
    }
  }
  if (slopes.length === 0) return null
  slopes.sort((a, b) => a - b)
  const mid = slopes.length >> 1
  return slopes.length % 2 ? slopes[mid]! : (slopes[mid - 1]! + slopes[mid]!) / 2
}
