import type { FrameRequest, LiveFrame } from './protocol'

/**
 * How much of the heatmap the fit's worker computes as well
 * (FrameRequest.split), learned from the frames just made. A heatmap part
 * costs a fixed F (work on every key: the Gaussian's key moments, the cells
 * of a compact kernel) plus its share of the rows' cost V; so with a split s
 * the fit's part takes a + F + s V (a: the fit) and the heatmap's part
 * b + F + (1 - s) V. The two parts' heatmap times give F and V; they end
 * together at s = (V + b - a) / 2V, which beats no split (b + F + V) only
 * when the fit takes less than V. A frame waits for the slower part, and on
 * a two-core machine the two parts are all there is to spread.
 *
 * How the two times compare depends on the kernel far more than on sigma or
 * the size of the data, so the split is kept per kernel (and quality): a new
 * data set starts from the split its kernel had. The split moves in steps and
 * only when the best one has moved two steps away: the workers keep recent
 * frames by their request, split included (frameMemo.ts), and a split that
 * wavered with timing noise would miss them on the way back over a drag.
 */

/**
 * A kernel seen for the first time: no split. A wrong guess costs more than
 * none (a compact kernel's fit at 10^5 takes most of the heatmap's time, and
 * a part pays its fixed cost again), and the first frame measures what the
 * next ones need.
 */
export const FIRST_SPLIT = 0
/** Splits are multiples of 1 / STEPS (4 rows of 80). */
const STEPS = 20
/** At most this much, so that the two parts' shares differ enough to tell F from V. */
const MAX_SPLIT = 0.4
const REMEMBERED = 64

interface Balance {
  split: number
  /** F: what a heatmap part costs however few rows it has (ms). */
  fixedMs: number
}

export class SplitBalance {
  private readonly balances = new Map<string, Balance>()

  split(request: FrameRequest): number {
    return this.balances.get(keyOf(request))?.split ?? FIRST_SPLIT
  }

  /** The two parts of a frame computed at `split`. Parts the workers had kept (reused) measure nothing. */
  measured(request: FrameRequest, split: number, fit: LiveFrame, heat: LiveFrame): void {
    if (fit.reused || heat.reused) return
    const key = keyOf(request)
    const known = this.balances.get(key)
    let fixedMs = known?.fixedMs ?? 0
    let rowsMs = heat.heatMs - fixedMs
    if (split > 0) {
      // fit.heatMs = F + s V and heat.heatMs = F + (1 - s) V.
      rowsMs = (heat.heatMs - fit.heatMs) / (1 - 2 * split)
      fixedMs = Math.max(0, fit.heatMs - split * rowsMs)
    }
    if (!(rowsMs > 0)) return
    const a = Math.max(0, fit.workerMs - fit.heatMs)
    const b = Math.max(0, heat.workerMs - heat.heatMs)
    const best = a >= rowsMs ? 0 : Math.min(MAX_SPLIT, Math.max(0, (rowsMs + b - a) / (2 * rowsMs)))
    const next = Math.abs(best - split) < 2 / STEPS ? split : Math.round(best * STEPS) / STEPS
    this.balances.delete(key)
    this.balances.set(key, { split: next, fixedMs })
    if (this.balances.size > REMEMBERED) this.balances.delete(this.balances.keys().next().value!)
  }
}

function keyOf(request: FrameRequest): string {
  return `${request.kernel}|${request.quality}`
}
