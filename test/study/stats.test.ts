import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fitLine } from '../../src-shared/study/regression'
import { aggregate, studentTCdf, studentTQuantile } from '../../src-shared/study/stats'

/** scipy's values (test/fixtures/generate_study_stats.py). */
const REF = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'study-stats.json'), 'utf8')) as {
  quantiles: { p: number; df: number; q: number }[]
  cdfs: { t: number; df: number; cdf: number }[]
  lines: { x: number[]; y: number[]; slope: number; intercept: number; slopeSe: number; slopeCi: [number, number] }[]
}

describe('Student t', () => {
  it('quantiles match scipy to 5e-9 relative, from half a degree of freedom to 10^5', () => {
    // scipy's ppf itself is good to a few 1e-9 (at p = 0.9, df = 3 it is off by 3.5e-9 against mpmath at 30 digits,
    // at p = 0.9995, df = 1 by 1.04e-9 against the exact Cauchy quantile); the closed forms below check the last digits.
    for (const r of REF.quantiles) {
      const q = studentTQuantile(r.p, r.df)
      expect(Math.abs(q - r.q), `p ${r.p} df ${r.df}`).toBeLessThanOrEqual(5e-9 * Math.max(1, Math.abs(r.q)))
    }
  })

  it('quantiles match the closed forms for 1 and 2 degrees of freedom to 1e-12 relative', () => {
    for (const p of [0.6, 0.9, 0.975, 0.9995]) {
      const cauchy = Math.tan(Math.PI * (p - 0.5))
      const two = (2 * p - 1) / Math.sqrt(2 * p * (1 - p))
      expect(Math.abs(studentTQuantile(p, 1) - cauchy) / cauchy).toBeLessThan(1e-12)
      expect(Math.abs(studentTQuantile(p, 2) - two) / two).toBeLessThan(1e-12)
    }
  })

  it('the distribution function matches scipy to 1e-12', () => {
    for (const r of REF.cdfs) expect(Math.abs(studentTCdf(r.t, r.df) - r.cdf), `t ${r.t} df ${r.df}`).toBeLessThan(1e-12)
  })

  it('refuses p outside (0, 1) and df <= 0', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError)
    expect(() => studentTQuantile(0.5, 0)).toThrow(RangeError)
  })
})

/** A plain two-pass recomputation. */
function plain(values: number[]) {
  const n = values.length
  const mean = values.reduce((a, b) => a + b, 0) / n
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1))
  return { mean, sd }
}

describe('aggregate over replicates', () => {
  it('mean, sd (n - 1) and a t interval, as a plain recomputation gives', () => {
    const v = [0.31, 0.29, 0.35, 0.4, 0.27, 0.33]
    const a = aggregate(v)
    const p = plain(v)
    expect(a.n).toBe(6)
    expect(a.mean).toBeCloseTo(p.mean, 14)
    expect(a.sd).toBeCloseTo(p.sd, 14)
    // t(0.975, 5) = 2.570581835636314 (scipy)
    const half = 2.570581835636314 * (p.sd / Math.sqrt(6))
    expect(a.ci95![0]).toBeCloseTo(p.mean - half, 12)
    expect(a.ci95![1]).toBeCloseTo(p.mean + half, 12)
  })

  it('leaves out null, NaN and infinite values, and has no spread below two values', () => {
    expect(aggregate([null, NaN, Infinity, 2, undefined])).toEqual({ mean: 2, sd: null, n: 1, ci95: null })
    expect(aggregate([])).toEqual({ mean: null, sd: null, n: 0, ci95: null })
  })

  it('does not lose digits to a large common offset (one-pass update)', () => {
    const v = [1e9 + 1, 1e9 + 2, 1e9 + 3]
    expect(aggregate(v).sd).toBeCloseTo(1, 9)
  })
})

describe('least-squares line', () => {
  it('slope, intercept, standard error and 95% interval match scipy.stats.linregress', () => {
    for (const r of REF.lines) {
      const f = fitLine(r.x, r.y)!
      expect(f.n).toBe(r.x.length)
      expect(f.slope).toBeCloseTo(r.slope, 11)
      expect(f.intercept).toBeCloseTo(r.intercept, 10)
      expect(f.slopeSe).toBeCloseTo(r.slopeSe, 11)
      expect(f.slopeCi[0]).toBeCloseTo(r.slopeCi[0], 9)
      expect(f.slopeCi[1]).toBeCloseTo(r.slopeCi[1], 9)
    }
  })

  it('is null with fewer than three usable points or a single x', () => {
    expect(fitLine([1, 2], [1, 2])).toBeNull()
    expect(fitLine([1, 1, 1], [1, 2, 3])).toBeNull()
    expect(fitLine([1, 2, NaN, 4], [1, 2, 3, NaN])).toBeNull()
  })
})
