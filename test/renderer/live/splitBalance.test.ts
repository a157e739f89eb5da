import { describe, expect, it } from 'vitest'
import { FIRST_SPLIT, FUSED_SPLIT, SplitBalance } from '../../../src-renderer/live/splitBalance'
import type { FrameRequest, LiveFrame } from '../../../src-renderer/live/protocol'

const request = (kernel: FrameRequest['kernel'], key = 'data:1'): FrameRequest => ({
  data: { key, kind: 'arrays' },
  kernel,
  sigma: 0.3,
  view: { fitPoints: 100, trainPoints: 100, heatRows: 80, heatCols: 80 },
  quality: 'exact',
})

/**
 * The two parts of a frame at a split, for a fit of `fitMs` and a heatmap of
 * `fixedMs` (paid by each part) plus `rowsMs` shared by rows; `extraMs` is other
 * work of the fit's part (making the data), which the balance must not count.
 */
function frameAt(split: number, fitMs: number, fixedMs: number, rowsMs: number, extraMs = 0): [LiveFrame, LiveFrame] {
  const fitHeat = split > 0 ? fixedMs + split * rowsMs : 0
  const heat = fixedMs + (1 - split) * rowsMs
  const part = (workerMs: number, fit: number, heatMs: number) => ({ workerMs, fitMs: fit, heatMs, reused: false }) as LiveFrame
  return [part(extraMs + fitMs + fitHeat, fitMs, fitHeat), part(heat, 0, heat)]
}

/** The split after `frames` frames of the same times, each at the split the balance chose. */
function settle(balance: SplitBalance, r: FrameRequest, frames: number, ...times: [number, number, number]): number {
  for (let k = 0; k < frames; k++) balance.measured(r, balance.split(r), ...frameAt(balance.split(r), ...times))
  return balance.split(r)
}

describe('the split of a frame between its two workers', () => {
  it('starts with no split, then balances the two parts, kernel by kernel', () => {
    const balance = new SplitBalance()
    const r = request('gaussian')
    expect(balance.split(r)).toBe(FIRST_SPLIT)
    expect(FIRST_SPLIT).toBe(0)
    // Fit 150 ms; heatmap 30 ms on every key and 250 by rows. The first frame cannot tell F from V (as if all were rows:
    // 150 + 280 s = 280 (1 - s), s = 0.23 -> 0.25); the next ones can: 150 + 30 + 250 s = 30 + 250 (1 - s), s = 0.2,
    // one step from 0.25, which stays (a step is within timing noise).
    balance.measured(r, 0, ...frameAt(0, 150, 30, 250))
    expect(balance.split(r)).toBe(0.25)
    expect(settle(balance, r, 6, 150, 30, 250)).toBe(0.25)
    // Per kernel: another kernel starts afresh, other data start from the kernel's split, coarse frames apart.
    expect(balance.split(request('constant'))).toBe(FIRST_SPLIT)
    expect(balance.split(request('gaussian', 'data:2'))).toBe(0.25)
    expect(balance.split({ ...request('gaussian'), quality: 'coarse' })).toBe(FIRST_SPLIT)
  })

  it('splits a compact kernel in half and learns nothing from its frames: each part has the fit at its own rows', () => {
    const balance = new SplitBalance()
    for (const kernel of ['tricube', 'epanechnikov', 'boxcar', 'cosine'] as const) {
      const r = request(kernel)
      expect(balance.split(r)).toBe(FUSED_SPLIT)
      // Times that would move a Gaussian's split leave it.
      expect(settle(balance, r, 6, 100, 10, 90)).toBe(FUSED_SPLIT)
    }
    expect(FUSED_SPLIT).toBe(0.5)
  })

  it('counts only the estimator and the heatmap, not the making of the data', () => {
    const balance = new SplitBalance()
    const r = request('gaussian')
    // The first frame of new data spends 300 ms making it: the fit itself took 5 ms of a heatmap of 20.
    balance.measured(r, 0, ...frameAt(0, 5, 0, 20, 300))
    expect(balance.split(r)).toBe(0.4)
  })

  it('splits nothing when the fit takes longer than the heatmap rows, however long the heatmap', () => {
    const balance = new SplitBalance()
    const r = request('gaussian')
    // Fit 16 ms; heatmap 19 ms on every key (the Gaussian's key moments) and 14 by rows: a split only adds the 19 to the fit.
    expect(settle(balance, r, 6, 16, 19, 14)).toBe(0)
    // A fit that became quick (another sigma): split again.
    expect(settle(balance, r, 6, 2, 19, 14)).toBeGreaterThan(0.3)
  })

  it('keeps its split through timing noise and moves for a real change', () => {
    const balance = new SplitBalance()
    const r = request('gaussian')
    // Fit 10 ms, rows 20 ms, nothing fixed: best 0.25 exactly.
    expect(settle(balance, r, 6, 10, 0, 20)).toBe(0.25)
    // One frame 20% slower in its fit, then back: the split stays.
    balance.measured(r, 0.25, ...frameAt(0.25, 12, 0, 20))
    expect(balance.split(r)).toBe(0.25)
    expect(settle(balance, r, 2, 10, 0, 20)).toBe(0.25)
    // The fit becomes twice as quick for good: the split moves (best 0.375; 0.35 once it is within a step).
    expect(settle(balance, r, 6, 5, 0, 20)).toBe(0.35)
  })

  it('survives parts that disagree, and learns nothing from frames the workers kept or with no heatmap time', () => {
    const balance = new SplitBalance()
    const r = request('gaussian')
    const [fit, heat] = frameAt(0, 10, 0, 20)
    balance.measured(r, 0, { ...fit, reused: true }, heat)
    balance.measured(r, 0, fit, { ...heat, heatMs: 0 })
    expect(balance.split(r)).toBe(FIRST_SPLIT)
    // At a split of 0.25, the fit's share of the rows took longer than the heatmap part's three quarters (noise): all counted as rows.
    balance.measured(r, 0.25, { ...fit, heatMs: 12 }, { ...heat, heatMs: 8 })
    expect(balance.split(r)).toBe(0.25)
  })
})
