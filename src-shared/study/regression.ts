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
