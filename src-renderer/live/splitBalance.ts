import { isCompactKernel } from '../../src-shared/engine/kernels'
import type { FrameRequest, LiveFrame } from './protocol'

/**
 * How much of the heatmap the fit's worker computes as well
 * (FrameRequest.split), learned from the frames just made. A heatmap part
 * costs a fixed F (work on every key: the Gaussian's key moments, the cells
 * of a compact kernel) plus its share of the rows' cost V; so with a split s
 * the fit's part takes a + F + s V (a: the fit) and the heatmap's part
 * F + (1 - s) V. The two parts' heatmap times give F and V; they end
 * together at s = (V - a) / 2V, which beats no split (F + V) only when the
 * fit takes less than V. A frame waits for the slower part, and on
 * a two-core machine the two parts are all there is to spread. (Compact
 * kernels split their fit with the rows instead: FUSED_SPLIT.)
 *
 * How the two times compare depends on the kernel far more than on sigma or
 * the size of the data, so the split is kept per kernel (and quality): a new
 * data set starts from the split its kernel had. The split moves in steps and
 * only when the best one has moved two steps away: the workers keep recent
 * frames by their request, split included (frameMemo.ts), and a split that
 * wavered with timing noise would miss them on the way back over a drag.
 */

/**
 * A kernel seen for the first time. The Gaussian's fit and heatmap vary too
 * much with sigma for a guess (a wrong one costs more than none: each part
 * pays the fixed cost); its first frame measures what the next ones need.
 */
export const FIRST_SPLIT = 0
/**
 * Compact kernels: each part computes the fit at its own rows' queries in
 * the same pass as the rows (frame.ts: fusedRows), so the parts are alike
 * and half the rows each balances them; nothing to learn.
 */
export const FUSED_SPLIT = 0.5
/** Splits are multiples of 1 / STEPS (4 rows of 80). */
const STEPS = 20
/** At most this much, so that the two parts' shares differ enough to tell F from V. */
const MAX_SPLIT = 0.4
const REMEMBERED = 64

interface Balance {
  split: number
  /** Smoothed estimates (ms): the fit, what a heatmap part costs however few rows it has (F), and the rows (V). */
  fitMs: number
  fixedMs: number
  rowsMs: number
}

/** Weight of the newest frame in the smoothed estimates: timings in a browser's workers vary by half from frame to frame. */
const NEWEST = 0.5

export class SplitBalance {
  private readonly balances = new Map<string, Balance>()

  split(request: FrameRequest): number {
    if (isCompactKernel(request.kernel)) return FUSED_SPLIT
    return this.balances.get(keyOf(request))?.split ?? FIRST_SPLIT
  }

  /**
   * The two parts of a frame computed at `split`. Parts the workers had kept
   * (reused) measure nothing. Only the estimator's and the heatmap's own times
   * count: a part's other work (making the data on its first frame) says
   * nothing of the next.
   */
  measured(request: FrameRequest, split: number, fit: LiveFrame, heat: LiveFrame): void {
    if (fit.reused || heat.reused || isCompactKernel(request.kernel)) return
    const key = keyOf(request)
    const known = this.balances.get(key)
    let fixedMs: number
    let rowsMs: number
    if (split > 0) {
      // fit.heatMs = F + s V and heat.heatMs = F + (1 - s) V.
      rowsMs = (heat.heatMs - fit.heatMs) / (1 - 2 * split)
      fixedMs = Math.min(fit.heatMs, Math.max(0, fit.heatMs - split * rowsMs))
      // Noise can make the two disagree (V <= 0): then count it all as rows.
      if (!(rowsMs > 0)) [fixedMs, rowsMs] = [0, fit.heatMs + heat.heatMs]
    } else {
      // One part had the whole heatmap: F as last estimated, unless that is more than the whole.
      fixedMs = known && known.fixedMs < heat.heatMs ? known.fixedMs : 0
      rowsMs = heat.heatMs - fixedMs
    }
    if (!(rowsMs > 0)) return
    const smooth = (old: number | undefined, value: number) => (old === undefined ? value : (1 - NEWEST) * old + NEWEST * value)
    const estimate = { fitMs: smooth(known?.fitMs, fit.fitMs), fixedMs: smooth(known?.fixedMs, fixedMs), rowsMs: smooth(known?.rowsMs, rowsMs) }
    const { fitMs: a, rowsMs: v } = estimate
    const best = a >= v ? 0 : Math.min(MAX_SPLIT, (v - a) / (2 * v))
    // Steps within two of the best are kept (noise), but no split is taken at once: a split then only costs.
    const next = best > 0 && Math.abs(best - split) < 2 / STEPS ? split : Math.round(best * STEPS) / STEPS
    this.balances.delete(key)
    this.balances.set(key, { split: next, ...estimate })
    if (this.balances.size > REMEMBERED) this.balances.delete(this.balances.keys().next().value!)
  }
}

function keyOf(request: FrameRequest): string {
  return `${request.kernel}|${request.quality}`
}
