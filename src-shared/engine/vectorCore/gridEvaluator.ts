import { GaussGrid, type GridPlan } from './gaussGrid'
import type { Prepared } from './prepare'
import { WindowEvaluator } from './window'

/**
 * Nadaraya-Watson estimates (or class scores) of the Gaussian through the
 * grid transform (gaussGrid.ts), each with its own error bound. A query
 * whose bound exceeds the tolerance (far from every key, where the absolute
 * weights are tiny) is computed by the truncated window instead, within the
 * tolerance. Leave-one-out subtracts each key's own exact term (weight
 * exp(0) = 1) from the transform's sums; the bound already covers it.
 */
export class GridEvaluator {
  private readonly grid: GaussGrid
  private readonly sums: Float64Array
  private window: WindowEvaluator | null = null
  /** Queries handed to the window because their grid bound was too loose. */
  fallbacks = 0

  constructor(
    private readonly p: Prepared,
    plan: GridPlan,
    private readonly t2: number,
    private readonly tolerance: number,
  ) {
    this.grid = new GaussGrid(p, plan)
    this.sums = new Float64Array(p.c + 1)
  }

  run(qs: Float64Array, from: number, to: number, out: Float64Array, leaveOneOut: boolean): number {
    const { p, grid, sums, tolerance } = this
    const { c, values } = p
    const means = grid.means
    const eD = grid.denominatorError
    const eN = grid.numeratorError
    let worst = 0
    for (let i = from; i < to; i++) {
      grid.gather(qs, i, sums)
      let den = sums[0]!
      if (leaveOneOut) den -= 1
      const floor = den - eD
      let bound = floor > 0 ? 0 : Infinity
      for (let ch = 0; ch < c && bound <= tolerance; ch++) {
        let num = sums[ch + 1]!
        if (leaveOneOut) num -= values[i * c + ch]! - means[ch]!
        const g = num / den
        out[i * c + ch] = means[ch]! + g
        bound = Math.max(bound, (eN + Math.abs(g) * eD) / floor)
      }
      if (!(bound <= tolerance)) {
        this.window ??= new WindowEvaluator(p, 'window', this.t2, tolerance)
        bound = this.window.run(qs, i, i + 1, out, leaveOneOut)
        this.fallbacks++
      }
      if (bound > worst) worst = bound
    }
    return worst
  }
}
