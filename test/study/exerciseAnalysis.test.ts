import { describe, expect, it } from 'vitest'
import { createRng } from '../../src-shared/engine/rng'
import { analyzeConsistency, dimensionOf, slopeEstimate } from '../../src-shared/study/exercises/consistency'
import { analyzeWidths, type WidthsRun } from '../../src-shared/study/exercises/widths'
import { studentTQuantile } from '../../src-shared/study/stats'

/** Plain Theil-Sen slope: every pairwise slope, sorted, the middle one (or the mean of the middle two). */
function theilSen(x: number[], y: number[]): number {
  const s: number[] = []
  for (let i = 0; i < x.length; i++) for (let j = 0; j < x.length; j++) if (x[j]! > x[i]!) s.push((y[j]! - y[i]!) / (x[j]! - x[i]!))
  s.sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

describe('the consistency analysis (exercise 4)', () => {
  const ns = [100, 316, 1000, 3162, 10000, 31623, 100000]
  // Synthetic runs with a known law: sigma = 2 n^-0.2 times noise, 6 replicates, one (d = 1) or two dimensions.
  function runs(d: number, slope: number, seed: number) {
    const rng = createRng(seed)
    const out = []
    for (let r = 0; r < 6; r++) {
      for (const n of ns) out.push({ params: { 'data.n': n, ...(d > 1 ? { 'data.d': d } : {}) }, replicate: r, n, sigma: 2 * n ** slope * Math.exp(0.1 * rng.normal()), testMse: 3 * n ** (4 * slope) * Math.exp(0.1 * rng.normal()) })
    }
    return out
  }

  it('states the slope as the mean of per-replicate Theil-Sen slopes with a t interval, as a plain recomputation gives', () => {
    const rs = runs(1, -0.2, 1)
    const result = analyzeConsistency(rs, rs.length)
    const perRep = [0, 1, 2, 3, 4, 5].map((r) => {
      const mine = rs.filter((x) => x.replicate === r)
      return theilSen(mine.map((x) => Math.log(x.n)), mine.map((x) => Math.log(x.sigma)))
    })
    const mean = perRep.reduce((a, b) => a + b, 0) / 6
    const sd = Math.sqrt(perRep.reduce((a, b) => a + (b - mean) ** 2, 0) / 5)
    const half = studentTQuantile(0.975, 5) * (sd / Math.sqrt(6))
    const d1 = result.dims[0]!
    expect(d1.d).toBe(1)
    expect(d1.sigmaSlope!.slope).toBeCloseTo(mean, 12)
    expect(d1.sigmaSlope!.ci95[0]).toBeCloseTo(mean - half, 12)
    expect(d1.sigmaSlope!.replicates).toBe(6)
    expect(Math.abs(d1.sigmaSlope!.slope + 0.2)).toBeLessThan(0.02)
    expect(d1.mseSlope!.slope).toBeCloseTo(-0.8, 1)
    expect(d1.theorySigmaSlope).toBe(-0.2)
    expect(d1.theoryMseSlope).toBe(-0.8)
    expect(d1.byN.map((b) => b.n)).toEqual(ns)
    const inside = d1.sigmaSlope!.ci95[0] <= -0.2 && -0.2 <= d1.sigmaSlope!.ci95[1]
    expect(result.answer).toMatch(/^d = 1 \(n = 100 to 100,000\): the leave-one-out σ\* shrinks as n\^-0\.\d+ \(95% CI -0\.\d+ to -0\.\d+\), beside theory's n\^\(−1\/5\) = n\^-0\.2: /)
    expect(result.answer).toContain(inside ? 'n^-0.2: consistent' : 'n^-0.2: outside the interval')
    expect(result.complete).toBe(true)
  })

  it('has intervals that hold the true slope about 95% of the time (200 synthetic studies)', () => {
    let covered = 0
    for (let seed = 100; seed < 300; seed++) {
      const [lo, hi] = analyzeConsistency(runs(1, -0.2, seed), 42).dims[0]!.sigmaSlope!.ci95
      if (lo <= -0.2 && -0.2 <= hi) covered++
    }
    expect(covered).toBeGreaterThanOrEqual(180)
    expect(covered).toBeLessThanOrEqual(199)
  })

  it('says when theory falls outside the interval', () => {
    const rs = runs(1, -0.3, 2)
    expect(analyzeConsistency(rs, rs.length).answer).toContain('n^(−1/5) = n^-0.2: outside the interval')
  })

  it('groups by the dimension axis when there is one (vector inputs), else d = 1', () => {
    expect(dimensionOf({ 'data.n': 10 })).toBe(1)
    expect(dimensionOf({ 'data.d': 3 })).toBe(3)
    const rs = [...runs(1, -0.2, 3), ...runs(3, -1 / 7, 4)]
    const r = analyzeConsistency(rs, rs.length + 42)
    expect(r.dims.map((x) => x.d)).toEqual([1, 3])
    expect(r.dims[1]!.theorySigmaSlope).toBeCloseTo(-1 / 7, 15)
    expect(r.complete).toBe(false)
    expect(r.answer).toContain(`(${rs.length} of ${rs.length + 42} runs done.)`)
  })

  it('shrugs off one far-off point per replicate, where least squares would not', () => {
    const rs = runs(1, -0.2, 6).map((x) => (x.n === 100 ? { ...x, sigma: x.sigma / 20 } : x))
    const d = analyzeConsistency(rs, rs.length).dims[0]!
    expect(d.sigmaSlope!.slope).toBeCloseTo(-0.2, 1)
    expect(d.sigmaFit!.slope).toBeGreaterThan(-0.1)
  })

  it('falls back to the pooled fit with one replicate', () => {
    const one = runs(1, -0.2, 5).filter((x) => x.replicate === 0)
    const est = slopeEstimate(one.map((x) => ({ replicate: 0, x: Math.log(x.n), y: Math.log(x.sigma) })), null)
    expect(est).toBeNull()
    const d = analyzeConsistency(one, one.length).dims[0]!
    expect(d.sigmaSlope!.replicates).toBe(0)
    expect(d.sigmaSlope!.slope).toBeCloseTo(d.sigmaFit!.slope, 15)
  })
})

describe('the widths analysis (exercise 2)', () => {
  // Two tiny data sets and hand-made curves: w settling (with leave-one-out) and w rising (without).
  const data = { xTrain: Float64Array.from([0, 1, 2, 3]), yTrain: Float64Array.from([0, 1, 0, 1]), xQuery: Float64Array.from([0.5, 1.5, 2.5]), yTruth: Float64Array.from([0.5, 0.5, 0.5]) }
  const curve = (f: (e: number) => number, n = 100) => Float64Array.from({ length: n }, (_, e) => f(e + 1))
  const settling: WidthsRun = { loo: true, ...data, epochLoss: curve((e) => 1 + 1 / e), epochW: curve((e) => 2 + Math.exp(-e / 5)) }
  const rising: WidthsRun = { loo: false, ...data, epochLoss: curve((e) => 1 / e), epochW: curve((e) => 1 + Math.sqrt(e)) }

  it('reads settling and growth off the curves, and replays the test error at each epoch’s w', () => {
    const r = analyzeWidths([settling, rising, { ...rising, epochW: curve((e) => 1.1 + Math.sqrt(e)) }], 100, 4)
    expect(r.complete).toBe(false)
    const loo = r.groups.find((g) => g.loo)!
    const no = r.groups.find((g) => !g.loo)!
    expect(loo.replicates).toBe(1)
    expect(no.replicates).toBe(2)
    expect(loo.lateChangePerEpoch).toBeLessThan(1e-3)
    expect(no.risingAtEnd).toBe(true)
    expect(loo.risingAtEnd).toBe(false)
    // w per epoch: mean over the two rising replicates.
    expect(no.w.stats[99]!.mean).toBeCloseTo(1.05 + 10, 12)
    expect(no.lossEnd.mean).toBeCloseTo(0.01, 12)
    // Test MSE at epoch 1 by hand: the Gaussian at w = 2 + e^-0.2 on these four points.
    const w = 2 + Math.exp(-0.2)
    const at = (q: number) => {
      let s = 0
      let z = 0
      for (let j = 0; j < 4; j++) {
        const k = Math.exp(-(((q - j) * w) ** 2) / 2)
        s += k * [0, 1, 0, 1][j]!
        z += k
      }
      return s / z
    }
    const mse = [0.5, 1.5, 2.5].reduce((a, q) => a + (at(q) - 0.5) ** 2, 0) / 3
    expect(loo.testMse.stats[0]!.mean).toBeCloseTo(mse, 12)
    expect(loo.testMseRatio.stats[0]!.mean).toBeCloseTo(1, 15)
    expect(r.answer).toContain('Without leave-one-out, w grows without bound')
    expect(r.answer).toContain('With leave-one-out, w settles')
    expect(r.answer).toContain('(3 of 4 runs done.)')
  })
})
