import { describe, expect, it } from 'vitest'
import { generateVectorDataset } from '../../src-shared/engine/data'
import { vectorLooScore } from '../../src-shared/engine/vectorBandwidth'
import { heldOutSubset, vectorLooSubsetScore } from '../../src-shared/engine/vectorLooSubset'

const data = (d: number, n: number, seed: number) => generateVectorDataset({ fn: 'sin-sum', d, n, noiseSd: 0.5, xMin: Math.PI / 2, xMax: (3 * Math.PI) / 2, queryCount: 0, seed })

/** (y_i - f_{-i}(x_i))^2 averaged over the given points, every other key summed plainly (no engine code). */
function plainSubsetScore(x: Float64Array, y: Float64Array, d: number, sigma: number, points: ArrayLike<number>): number {
  const n = y.length
  let total = 0
  for (let k = 0; k < points.length; k++) {
    const i = points[k]!
    let num = 0
    let den = 0
    for (let j = 0; j < n; j++) {
      if (j === i) continue
      let s2 = 0
      for (let l = 0; l < d; l++) s2 += (x[i * d + l]! - x[j * d + l]!) ** 2
      const w = Math.exp(-s2 / (2 * sigma * sigma))
      num += w * y[j]!
      den += w
    }
    total += (y[i]! - num / den) ** 2
  }
  return total / points.length
}

describe('the leave-one-out score on held-out points', () => {
  it('draws a sorted, distinct, seeded subset; every point when asked for as many', () => {
    const a = heldOutSubset(1000, 200)
    expect(a.length).toBe(200)
    expect(new Set(a).size).toBe(200)
    for (let k = 1; k < a.length; k++) expect(a[k]!).toBeGreaterThan(a[k - 1]!)
    expect(a[a.length - 1]!).toBeLessThan(1000)
    expect(Array.from(heldOutSubset(1000, 200))).toEqual(Array.from(a))
    expect(Array.from(heldOutSubset(1000, 200, 5))).not.toEqual(Array.from(a))
    expect(Array.from(heldOutSubset(30, 40))).toEqual(Array.from({ length: 30 }, (_, i) => i))
    expect(() => heldOutSubset(30, 0)).toThrow('positive whole number')
  })

  it('is the mean over the held-out points of each one left out of all the keys (plain double sum), at d = 2, 3 and 4', () => {
    for (const d of [2, 3, 4]) {
      // n x |H| pairs above the dense threshold, so the engine's window or grid path answers, within its tolerance.
      const g = data(d, 3000, 10 + d)
      const spec = { keys: g.keys, d, values: g.values, kernel: 'gaussian' as const }
      const points = heldOutSubset(3000, 150, d)
      const sigma = 0.3
      const r = vectorLooSubsetScore(spec, new Float64Array(d).fill(sigma), points)
      expect(r.undefinedPoints).toBe(0)
      expect(Math.abs(r.score - plainSubsetScore(g.keys, g.values, d, sigma, points))).toBeLessThan(1e-10)
    }
  })

  it('on every point is the full leave-one-out score', () => {
    const g = data(3, 800, 3)
    const spec = { keys: g.keys, d: 3, values: g.values, kernel: 'gaussian' as const }
    const sigma = new Float64Array(3).fill(0.4)
    expect(vectorLooSubsetScore(spec, sigma, heldOutSubset(800, 800)).score).toBeCloseTo(vectorLooScore(spec, sigma).score, 12)
  })

  it('refuses an empty subset and a point that is not a training point', () => {
    const g = data(2, 50, 1)
    const spec = { keys: g.keys, d: 2, values: g.values, kernel: 'gaussian' as const }
    expect(() => vectorLooSubsetScore(spec, Float64Array.of(1, 1), new Uint32Array(0))).toThrow('empty')
    expect(() => vectorLooSubsetScore(spec, Float64Array.of(1, 1), Uint32Array.of(3, 50))).toThrow('held-out point 50 is not among the 50 training points')
  })
})
