import { describe, expect, it } from 'vitest'
import { createRng, permutation } from '../../src-shared/engine/rng'
import { reference } from './reference'

describe('xoshiro128** generator', () => {
  it.each(reference.rng)('matches the Python reference for seed $seed stream $stream', (c) => {
    const rng = createRng(c.seed, c.stream)
    expect(Array.from({ length: 8 }, () => rng.nextUint32())).toEqual(c.raw)
    // Uniforms are built from integer bits only: identical, not just close.
    expect(Array.from({ length: 5 }, () => rng.uniform())).toEqual(c.uniforms)
    // Normals go through log/cos, where V8's fdlibm and CPython's libm may differ in the last bit.
    const normals = Array.from({ length: 5 }, () => rng.normal())
    normals.forEach((v, i) => expect(Math.abs(v - c.normals[i]!)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.max(1, Math.abs(v))))
    expect(Array.from(permutation(rng, 10))).toEqual(c.permutation)
  })

  it('gives the same sequence for the same seed and a different one for another seed or stream', () => {
    const draw = (seed: number, stream = 0) => {
      const r = createRng(seed, stream)
      return Array.from({ length: 16 }, () => r.uniform())
    }
    expect(draw(5)).toEqual(draw(5))
    expect(draw(5)).not.toEqual(draw(6))
    expect(draw(5, 0)).not.toEqual(draw(5, 1))
  })

  it('draws uniforms in [0, 1) with the right mean and normals with mean 0 and sd 1', () => {
    const rng = createRng(2024)
    const N = 200_000
    let su = 0
    let minU = 1
    let maxU = 0
    let sn = 0
    let sn2 = 0
    for (let i = 0; i < N; i++) {
      const u = rng.uniform()
      su += u
      minU = Math.min(minU, u)
      maxU = Math.max(maxU, u)
      const z = rng.normal()
      sn += z
      sn2 += z * z
    }
    expect(minU).toBeGreaterThanOrEqual(0)
    expect(maxU).toBeLessThan(1)
    // Standard errors: uniform mean 1/sqrt(12 N) ~ 6.5e-4, normal mean 1/sqrt(N) ~ 2.2e-3; allow 5 of them.
    expect(Math.abs(su / N - 0.5)).toBeLessThan(5 * 6.5e-4)
    expect(Math.abs(sn / N)).toBeLessThan(5 * 2.3e-3)
    expect(Math.abs(sn2 / N - 1)).toBeLessThan(5 * 3.2e-3)
  })

  it('draws integers below the bound without bias and rejects bad bounds and seeds', () => {
    const rng = createRng(1)
    const counts = new Array(3).fill(0)
    for (let i = 0; i < 30_000; i++) counts[rng.int(3)]++
    counts.forEach((c) => expect(Math.abs(c - 10_000)).toBeLessThan(500))
    expect(() => rng.int(0)).toThrow(/bound/)
    expect(() => createRng(-1)).toThrow(/seed/)
    expect(() => createRng(1.5)).toThrow(/seed/)
    expect(() => createRng(2 ** 32)).toThrow(/seed/)
  })
})
