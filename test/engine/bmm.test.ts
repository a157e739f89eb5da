import { describe, expect, it } from 'vitest'
import { batchMatmul } from '../../src-shared/engine/bmm'
import { reference } from './reference'

describe('batch matrix multiplication (the chapter check)', () => {
  it('gives shape (n, a, c) for (n, a, b) x (n, b, c)', () => {
    const x = { data: new Float64Array(2 * 1 * 4).fill(1), shape: [2, 1, 4] as const }
    const y = { data: new Float64Array(2 * 4 * 6).fill(1), shape: [2, 4, 6] as const }
    const r = batchMatmul(x, y)
    expect(r.shape).toEqual([2, 1, 6])
    expect(Array.from(r.data)).toEqual(new Array(12).fill(4))
  })

  it('averages values 0..19 in two batches of weights 0.1 to 4.5 and 14.5', () => {
    const weights = { data: new Float64Array(20).fill(0.1), shape: [2, 1, 10] as const }
    const values = { data: Float64Array.from({ length: 20 }, (_, i) => i), shape: [2, 10, 1] as const }
    const r = batchMatmul(weights, values)
    expect(r.shape).toEqual([2, 1, 1])
    expect(r.data[0]).toBeCloseTo(4.5, 12)
    expect(r.data[1]).toBeCloseTo(14.5, 12)
    // float64 torch.bmm rounds the same way.
    expect(Array.from(r.data)).toEqual(reference.bmm)
  })

  it('refuses mismatched shapes', () => {
    const a = { data: new Float64Array(8), shape: [2, 1, 4] as const }
    const b = { data: new Float64Array(10), shape: [2, 5, 1] as const }
    expect(() => batchMatmul(a, b)).toThrow(/cannot multiply/)
  })
})
