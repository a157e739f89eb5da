import { describe, expect, it } from 'vitest'
import { experimentSpecSchema } from '../../src-shared/api/spec'
import { generateVectorDataset } from '../../src-shared/engine/data'
import { vectorLooScore } from '../../src-shared/engine/vectorBandwidth'
import { vectorLooIsotropicSigma } from '../../src-shared/engine/vectorIsotropic'

const data = (d: number, n: number, seed: number) => generateVectorDataset({ fn: 'sin-sum', d, n, noiseSd: 0.5, xMin: Math.PI / 2, xMax: (3 * Math.PI) / 2, queryCount: 0, seed })

describe('leave-one-out over one shared width', () => {
  it('above the sample size (the warm-started path) ends at a minimum of the full data score, within the 1% search tolerance', () => {
    const g = data(2, 2500, 42)
    const spec = { keys: g.keys, d: 2, values: g.values, kernel: 'gaussian' as const }
    const r = vectorLooIsotropicSigma(spec)
    const at = (s: number) => vectorLooScore(spec, new Float64Array(2).fill(s)).score
    expect(r.score).toBeCloseTo(at(r.sigma), 12)
    expect(r.score).toBeLessThanOrEqual(at(r.sigma * 1.02))
    expect(r.score).toBeLessThanOrEqual(at(r.sigma / 1.02))
    expect(r.evaluations).toBeLessThan(20)
  }, 60_000)

  it('refuses too few points and a single repeated input', () => {
    expect(() => vectorLooIsotropicSigma({ keys: Float64Array.of(1, 2), d: 2, values: Float64Array.of(1), kernel: 'gaussian' })).toThrow('at least 2 training points')
    expect(() => vectorLooIsotropicSigma({ keys: Float64Array.of(1, 1, 1, 1), d: 2, values: Float64Array.of(1, 2), kernel: 'gaussian' })).toThrow('the same point')
  })

  it('is a loo-cv choice for vector data only', () => {
    const vector = { vectorFn: 'sin-sum', d: 2, n: 50, seed: 1 }
    expect(experimentSpecSchema.safeParse({ data: vector, sigma: { rule: 'loo-cv', isotropic: true } }).success).toBe(true)
    const scott = experimentSpecSchema.safeParse({ data: vector, sigma: { rule: 'scott', isotropic: true } })
    expect(scott.success ? '' : scott.error.issues[0]!.message).toContain('applies to the loo-cv rule')
    const scalar = experimentSpecSchema.safeParse({ data: { fn: 'sin', n: 50, seed: 1 }, sigma: { rule: 'loo-cv', isotropic: true } })
    expect(scalar.success ? '' : scalar.error.issues[0]!.message).toContain('applies to vector data')
  })
})
