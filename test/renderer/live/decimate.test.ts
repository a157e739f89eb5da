import { describe, expect, it } from 'vitest'
import { ascendingOrder, displayTrainIndex, envelopePositions, evenPositions } from '../../../src-renderer/live/decimate'

describe('what the live charts draw of large data', () => {
  it('keeps every point of a short curve', () => {
    expect(Array.from(envelopePositions(() => 0, 5, 10))).toEqual([0, 1, 2, 3, 4])
  })

  it('keeps the lowest and highest point of each bucket, in order, and a gap where the curve is undefined', () => {
    const y = [3, 1, 2, 9, 5, NaN, 4, 4, 0, 7, 8, 6]
    // 3 buckets of 4: [3,1,2,9] -> 1 (pos 1), 9 (pos 3); [5,NaN,4,4] -> 4 (pos 6), 5 (pos 4), gap at 5; [0,7,8,6] -> 0 (8), 8 (10).
    expect(Array.from(envelopePositions((p) => y[p]!, y.length, 3))).toEqual([1, 3, 4, 5, 6, 8, 10])
  })

  it('draws a range of the curve as the whole curve draws it there, bucket for bucket, when the range starts and ends where buckets do', () => {
    const y = [3, 1, 2, 9, 5, NaN, 4, 4, 0, 7, 8, 6]
    const at = (p: number) => y[p]!
    // Buckets [0,4) [4,8) [8,12): the middle and last, and the first alone.
    expect(Array.from(envelopePositions(at, y.length, 3, 4, 12))).toEqual([4, 5, 6, 8, 10])
    expect(Array.from(envelopePositions(at, y.length, 3, 0, 4))).toEqual([1, 3])
    expect(Array.from(envelopePositions(at, y.length, 3, 4, 4))).toEqual([])
    // Cut mid-bucket: the bucket's part in the range ([5,8): gap 5, low 6, high 6).
    expect(Array.from(envelopePositions(at, y.length, 3, 5, 8))).toEqual([5, 6])
    // A short curve: every point of the range.
    expect(Array.from(envelopePositions(at, y.length, 10, 3, 7))).toEqual([3, 4, 5, 6])
    // 1,000 points in 80 blocks and 400 buckets: the blocks' envelopes joined are the whole's.
    const long = Array.from({ length: 1000 }, (_, k) => Math.sin(k * 0.37) + (k % 97 === 0 ? NaN : 0))
    const starts = Array.from({ length: 81 }, (_, b) => Math.floor((b * 1000) / 80))
    const joined = starts.slice(0, -1).flatMap((s, b) => Array.from(envelopePositions((p) => long[p]!, 1000, 400, s, starts[b + 1])))
    expect(joined).toEqual(Array.from(envelopePositions((p) => long[p]!, 1000, 400)))
  })

  it('thins training points evenly, keeping the extremes so the axes are those of all the data', () => {
    const n = 100_000
    const x = Float64Array.from({ length: n }, (_, i) => i / n)
    const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i))
    y[12_345] = 50
    y[67_891] = -50
    const idx = displayTrainIndex(x, y, 1000)
    expect(idx.length).toBeLessThanOrEqual(1000)
    expect(Array.from(idx)).toContain(12_345)
    expect(Array.from(idx)).toContain(67_891)
    expect(Array.from(idx)).toContain(0)
    expect(Array.from(idx)).toContain(n - 1)
    for (let k = 1; k < idx.length; k++) expect(idx[k]!).toBeGreaterThan(idx[k - 1]!)
  })

  it('orders unsorted inputs (ties by position) and says nothing needs doing for sorted ones', () => {
    expect(ascendingOrder(Float64Array.of(1, 2, 2, 3))).toBeNull()
    expect(Array.from(ascendingOrder(Float64Array.of(3, 1, 2, 1))!)).toEqual([1, 3, 2, 0])
    expect(Array.from(evenPositions(10, 4))).toEqual([1, 3, 6, 8])
    expect(Array.from(evenPositions(3, 10))).toEqual([0, 1, 2])
  })
})
