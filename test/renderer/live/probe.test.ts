import { describe, expect, it } from 'vitest'
import { nwWeights } from '../../../src-shared/engine/estimate'
import { KERNEL_IDS, type KernelId } from '../../../src-shared/engine/kernels'
import { createRng } from '../../../src-shared/engine/rng'
import { attentionWeights, concentration, probeAt, weightBars } from '../../../src-renderer/live/probe'

function data(n: number, seed: number) {
  const rng = createRng(seed)
  const keys = Float64Array.from({ length: n }, () => 5 * rng.uniform())
  const values = Float64Array.from(keys, (x) => 2 * Math.sin(x) + rng.normal())
  return { keys, values }
}

/** Keys' positions in ascending order, by a plain comparator sort. */
function order(keys: Float64Array): Uint32Array {
  return Uint32Array.from(keys.keys()).sort((i, j) => keys[i]! - keys[j]! || i - j)
}

describe('the query probe', () => {
  it.each(KERNEL_IDS.map((k) => [k]))('gives %s weights that sum to 1 and equal the engine’s weight row for the same query', (kernel: KernelId) => {
    const { keys, values } = data(60, 3)
    for (const q of [0.37, 2.5, 4.93, -0.2]) {
      const alpha = attentionWeights(q, keys, kernel, 0.6)
      const engine = nwWeights({ keys, values, queries: Float64Array.of(q), kernel, sigma: 0.6 })
      if (engine.undefinedQueries.length) {
        expect(alpha).toBeNull()
        continue
      }
      let sum = 0
      for (let j = 0; j < keys.length; j++) {
        sum += alpha![j]!
        expect(alpha![j]!).toBeGreaterThanOrEqual(0)
        expect(Math.abs(alpha![j]! - engine.weights[j]!)).toBeLessThanOrEqual(4 * Number.EPSILON)
      }
      expect(Math.abs(sum - 1)).toBeLessThanOrEqual(keys.length * Number.EPSILON)
    }
  })

  it('says no key is in reach where a compact kernel covers none, instead of dividing by zero', () => {
    const keys = Float64Array.of(0, 1, 2)
    const p = probeAt(10, keys, Float64Array.of(1, 2, 3), null, 'epanechnikov', 0.5, Uint32Array.of(0, 1, 2), 40)
    expect(p.estimate).toBeNull()
    expect(p.effectiveKeys).toBeNull()
    expect(p.entropy).toBeNull()
    expect(Array.from(p.shading)).toEqual([0, 0, 0])
  })

  it('computes the effective number of keys and the entropy as 1/Σα² and −Σα log α (hand-checked cases)', () => {
    // Uniform over 4 keys: 4 effective keys, entropy log 4.
    const uniform = concentration(Float64Array.of(0.25, 0.25, 0.25, 0.25))
    expect(uniform.effectiveKeys).toBeCloseTo(4, 14)
    expect(uniform.entropy).toBeCloseTo(Math.log(4), 14)
    // All weight on one key: 1 effective key, entropy 0; zero weights are skipped (0 log 0 = 0).
    const one = concentration(Float64Array.of(0, 1, 0))
    expect(one).toEqual({ effectiveKeys: 1, entropy: 0, keysInReach: 1 })
    // 0.5, 0.25, 0.25: 1 / (0.25 + 0.0625 + 0.0625) = 8/3.
    expect(concentration(Float64Array.of(0.5, 0.25, 0.25)).effectiveKeys).toBeCloseTo(8 / 3, 14)
  })

  it('estimates f(q) as the engine does, and shades the drawn points by their own weights', () => {
    const { keys, values } = data(200, 5)
    const shade = Uint32Array.of(0, 7, 50, 199)
    const p = probeAt(2.2, keys, values, order(keys), 'gaussian', 0.3, shade, 40)
    const engine = nwWeights({ keys, values, queries: Float64Array.of(2.2), kernel: 'gaussian', sigma: 0.3 })
    expect(p.estimate!).toBeCloseTo(engine.yHat[0]!, 12)
    shade.forEach((i, k) => expect(p.shading[k]).toBeCloseTo(engine.weights[i]!, 15))
  })

  it('draws one bar per key near the query, in ascending x, holding nearly all the weight', () => {
    const { keys, values } = data(50, 7)
    const alpha = attentionWeights(2.5, keys, 'gaussian', 0.2)!
    const bars = weightBars(alpha, keys, values, order(keys), 60)
    expect(bars.binned).toBe(false)
    expect(bars.mass).toBeGreaterThan(0.999)
    for (let k = 1; k < bars.x.length; k++) expect(bars.x[k]!).toBeGreaterThanOrEqual(bars.x[k - 1]!)
    let total = 0
    for (const w of bars.weight) total += w
    expect(total).toBeCloseTo(bars.mass, 14)
  })

  it('bins the weights when too many keys share them: each bin the sum of its keys’ weights and their weighted mean value', () => {
    const n = 5000
    const keys = Float64Array.from({ length: n }, (_, i) => (5 * i) / n)
    const values = Float64Array.from(keys, (x) => x * x)
    const alpha = attentionWeights(2.5, keys, 'boxcar', 1)!
    const bars = weightBars(alpha, keys, values, null, 20)
    expect(bars.binned).toBe(true)
    expect(bars.x.length).toBe(20)
    let total = 0
    for (const w of bars.weight) total += w
    expect(total).toBeCloseTo(bars.mass, 12)
    // Boxcar: equal weights over [1.5, 3.5], so a bin's value is the plain mean of x^2 over the keys in it.
    const from = bars.x[0]! - bars.width / 2
    const first = keys.filter((x, j) => alpha[j]! > 0 && x >= from && x < from + bars.width)
    expect(first.length).toBeGreaterThan(50)
    const mean = first.reduce((a, x) => a + x * x, 0) / first.length
    expect(bars.value[0]!).toBeCloseTo(mean, 9)
    expect(bars.weight[0]!).toBeCloseTo(first.length / 2001, 9)
  })

  it('gives keys at the same x one bar: their weights summed, their values averaged by weight (drawn apart, they hid each other)', () => {
    // Rounded x: three keys at 1.0, two at 1.1, one at 1.2.
    const keys = Float64Array.of(1.0, 1.0, 1.0, 1.1, 1.1, 1.2)
    const values = Float64Array.of(1, 2, 6, 3, 5, 7)
    const alpha = attentionWeights(1.05, keys, 'gaussian', 0.1)!
    const bars = weightBars(alpha, keys, values, null, 60)
    expect(Array.from(bars.x)).toEqual([1.0, 1.1, 1.2])
    expect(bars.keys).toBe(6)
    const w = (js: number[]) => js.reduce((a, j) => a + alpha[j]!, 0)
    expect(bars.weight[0]).toBeCloseTo(w([0, 1, 2]), 15)
    expect(bars.weight[1]).toBeCloseTo(w([3, 4]), 15)
    expect(bars.value[0]).toBeCloseTo((alpha[0]! * 1 + alpha[1]! * 2 + alpha[2]! * 6) / w([0, 1, 2]), 14)
    // A key alone at its x keeps its value; the bars' width is the room between distinct x.
    expect(bars.value[2]).toBe(7)
    expect(bars.width).toBeCloseTo(0.1, 12)
  })
})
