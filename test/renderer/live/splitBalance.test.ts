import { describe, expect, it } from 'vitest'
import { FIRST_SPLIT, SplitBalance } from '../../../src-renderer/live/splitBalance'
import type { FrameRequest, LiveFrame } from '../../../src-renderer/live/protocol'

const request = (kernel: FrameRequest['kernel'], key = 'data:1'): FrameRequest => ({
  data: { key, kind: 'arrays' },
  kernel,
  sigma: 0.3,
  view: { fitPoints: 100, trainPoints: 100, heatRows: 80, heatCols: 80 },
  quality: 'exact',
})
/** A part that took `workerMs`, `heatMs` of it on heatmap rows. */
const part = (workerMs: number, heatMs: number, reused = false) => ({ workerMs, heatMs, reused }) as LiveFrame

/**
 * The two parts of a frame at a split, for a fit of `fitMs` and a heatmap of
 * `fixedMs` (paid by each part) plus `rowsMs` shared by rows.
 */
function frameAt(split: number, fitMs: number, fixedMs: number, rowsMs: number): [LiveFrame, LiveFrame] {
  const fitHeat = split > 0 ? fixedMs + split * rowsMs : 0
  const heat = fixedMs + (1 - split) * rowsMs
  return [part(fitMs + fitHeat, fitHeat), part(heat, heat)]
}

describe('the split of a frame between its two workers', () => {
  it('starts with no split, then balances the two parts, kernel by kernel', () => {
    const balance = new SplitBalance()
    const r = request('tricube')
    expect(balance.split(r)).toBe(0)
    // Fit 150 ms; heatmap 30 ms on every key, 250 ms by rows. The first frame cannot tell the two apart: as if all were by rows,
    // 150 + 280 s = 280 (1 - s), s = 0.23, so 0.25. The second can: 150 + 30 + 250 s = 30 + 250 (1 - s), s = 0.2 (one step off: kept).
    balance.measured(r, 0, ...frameAt(0, 150, 30, 250))
    expect(balance.split(r)).toBe(0.25)
    balance.measured(r, 0.25, ...frameAt(0.25, 150, 30, 250))
    expect(balance.split(r)).toBe(0.25)
    // A slower fit (another sigma): 200 + 30 + 250 s = 30 + 250 (1 - s), s = 0.1.
    balance.measured(r, 0.25, ...frameAt(0.25, 200, 30, 250))
    expect(balance.split(r)).toBe(0.1)
    // Per kernel: another kernel starts afresh, other data start from the kernel's split.
    expect(balance.split(request('gaussian'))).toBe(FIRST_SPLIT)
    expect(balance.split(request('tricube', 'data:2'))).toBe(0.1)
    expect(balance.split({ ...request('tricube'), quality: 'coarse' })).toBe(FIRST_SPLIT)
  })

  it('splits nothing when the fit takes longer than the heatmap rows, however long the heatmap', () => {
    const balance = new SplitBalance()
    const r = request('gaussian')
    // Fit 16 ms; heatmap 19 ms on every key (the Gaussian's key moments) and 14 by rows: a split only adds the 19 to the fit.
    balance.measured(r, 0.25, ...frameAt(0.25, 16, 19, 14))
    expect(balance.split(r)).toBe(0)
    // Without a split the fixed cost stays as measured: the same times keep it there.
    balance.measured(r, 0, ...frameAt(0, 16, 19, 14))
    expect(balance.split(r)).toBe(0)
    // A fit that became quick (another sigma): split again.
    balance.measured(r, 0, ...frameAt(0, 2, 19, 14))
    expect(balance.split(r)).toBe(0.4)
  })

  it('keeps its split through timing noise and moves for a real change', () => {
    const balance = new SplitBalance()
    const r = request('epanechnikov')
    // Fit 10 ms, rows 20 ms, nothing fixed: best 0.25 exactly; then 0.3 (one step off, noise): kept.
    balance.measured(r, 0, ...frameAt(0, 10, 0, 20))
    expect(balance.split(r)).toBe(0.25)
    balance.measured(r, 0.25, ...frameAt(0.25, 8, 0, 20))
    expect(balance.split(r)).toBe(0.25)
    balance.measured(r, 0.25, ...frameAt(0.25, 4, 0, 20))
    expect(balance.split(r)).toBe(0.4)
  })

  it('learns nothing from frames the workers kept, or with no heatmap time', () => {
    const balance = new SplitBalance()
    const r = request('epanechnikov')
    balance.measured(r, 0, part(1, 0, true), part(100, 100))
    balance.measured(r, 0, part(1, 0), part(1, 0))
    expect(balance.split(r)).toBe(FIRST_SPLIT)
  })
})
