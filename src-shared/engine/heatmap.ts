import { nwHeatmapDense } from './dense/heatmap'
import { nwHeatmapFast } from './fast/heatmapFast'
import { validateProblem } from './problem'
import { takesDensePath } from './route'
import type { Heatmap, NwProblem } from './types'

/**
 * The attention-weight heatmap the app shows (see `Heatmap`). The dense
 * reference computes small problems; beyond, fast/heatmapFast.ts, whose cost
 * grows with n + m and the display size, not n x m.
 */
export function nwHeatmap(p: NwProblem, rows: number, cols: number): Heatmap {
  validateProblem(p)
  const m = p.queries.length
  const n = p.keys.length
  if (takesDensePath(n * m)) return nwHeatmapDense(p, rows, cols)
  return nwHeatmapFast(p, Math.max(1, Math.min(rows, m)), Math.max(1, Math.min(cols, n)))
}
