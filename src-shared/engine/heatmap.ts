import { prepareProblem } from './preparedProblem'
import type { Heatmap, NwProblem } from './types'

/**
 * The attention-weight heatmap the app shows (see `Heatmap`). The dense
 * reference computes small problems; beyond, fast/heatmapFast.ts, whose cost
 * grows with n + m and the display size, not n x m. One data set at one
 * kernel and sigma: the routing, checks and clamping are preparedProblem.ts's,
 * which the live preview calls at many.
 */
export function nwHeatmap(p: NwProblem, rows: number, cols: number): Heatmap {
  return prepareProblem(p.keys, p.values, p.queries).heatmap(p.kernel, p.sigma, rows, cols)
}
