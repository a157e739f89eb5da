import { describe, expect, it } from 'vitest'
import { nwPredict } from '../../src-shared/engine/estimate'
import { createRng } from '../../src-shared/engine/rng'

const rng = createRng(31)
const n = 50_000
const m = 120_000
const keys = Float64Array.from({ length: n }, () => rng.uniform() * 5)
const values = Float64Array.from({ length: n }, () => rng.normal())
const queries = Float64Array.from({ length: m }, () => rng.uniform() * 5)

describe('progress of a long fit', () => {
  it('is reported chunk by chunk, and changes nothing in the result', () => {
    for (const kernel of ['gaussian', 'epanechnikov'] as const) {
      const seen: number[] = []
      const withProgress = nwPredict({ keys, values, queries, kernel, sigma: 0.2 }, { onProgress: (done, total) => (expect(total).toBe(m), seen.push(done)) })
      const plain = nwPredict({ keys, values, queries, kernel, sigma: 0.2 })
      expect(seen.length).toBeGreaterThan(3)
      expect(seen).toEqual([...seen].sort((a, b) => a - b))
      expect(seen[seen.length - 1]).toBe(m)
      expect(Array.from(withProgress.yHat)).toEqual(Array.from(plain.yHat))
    }
  })

  it('stops when the progress callback throws (a cancel)', () => {
    let calls = 0
    expect(() =>
      nwPredict(
        { keys, values, queries, kernel: 'gaussian', sigma: 0.2 },
        {
          onProgress: () => {
            if (++calls === 2) throw new Error('stop here')
          },
        },
      ),
    ).toThrow('stop here')
    expect(calls).toBe(2)
  })

  it('reports once for a small, dense problem', () => {
    const seen: number[] = []
    nwPredict({ keys: keys.subarray(0, 50), values: values.subarray(0, 50), queries: queries.subarray(0, 40), kernel: 'gaussian', sigma: 1 }, { onProgress: (d) => seen.push(d) })
    expect(seen).toEqual([40])
  })
})
