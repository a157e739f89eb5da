import { computed, type ComputedRef, type Ref } from 'vue'
import type { HeatmapReply } from '../../src-shared/api/contract'
import type { RunDetail } from '../../src-shared/api/runs'
import type { FitChartInput } from '../../src-shared/charts/fitChart'
import { kernelInfo, type KernelId } from '../../src-shared/engine/kernels'
import { attentionRow } from '../../src-shared/engine/estimate'

export interface HoverState {
  model: 'nonparametric' | 'trained'
  row: number
}

/** Above this many keys the fit chart shows no per-key shading (one row would cost too much per mouse move). */
const MAX_SHADED_KEYS = 200_000

/**
 * The linked view: the heatmap row under the mouse becomes a query on the
 * fit chart, with every training point shaded by its attention weight and
 * the kernel drawn centred on the query.
 */
export function useHighlight(
  run: Ref<RunDetail | null>,
  heatmap: Ref<HeatmapReply | null>,
  hover: Ref<HoverState | null>,
  model: 'nonparametric' | 'trained',
): ComputedRef<FitChartInput['highlight']> {
  // Per run, not per mouse move: the keys as a typed array and the x range the kernel is drawn over.
  const prepared = computed(() => {
    const a = run.value?.arrays
    if (!a) return null
    let lo = Infinity
    let hi = -Infinity
    for (const list of [a.xQuery, a.xTrain]) {
      for (const v of list) {
        if (v < lo) lo = v
        if (v > hi) hi = v
      }
    }
    return { keys: Float64Array.from(a.xTrain), lo, hi, nQuery: a.xQuery.length }
  })
  return computed(() => {
    const h = hover.value
    const hm = heatmap.value
    const p = prepared.value
    if (!h || h.model !== model || !hm || !p || h.row < 0 || h.row >= hm.rows) return null
    const edges = hm.rowEdges
    // One query per row: its value; a block of queries: the block's middle.
    const q = hm.rows === p.nQuery ? edges[h.row]! : (edges[h.row]! + edges[h.row + 1]!) / 2
    const kernel = hm.kernel as KernelId
    const keys = p.keys
    let weights: Float64Array | null = null
    if (keys.length <= MAX_SHADED_KEYS) {
      weights = new Float64Array(keys.length)
      const sum = attentionRow(q, keys, kernel, hm.sigma, weights)
      if (sum > 0) for (let j = 0; j < weights.length; j++) weights[j] = weights[j]! / sum
    }
    const { lo, hi } = p
    const span = hi - lo || 1
    const xs = Array.from({ length: 241 }, (_, i) => lo - 0.1 * span + (1.2 * span * i) / 240)
    const profile = kernelInfo(kernel).profile
    return { x: q, weights, kernel: { x: xs, y: xs.map((x) => profile((x - q) / hm.sigma)) } }
  })
}
