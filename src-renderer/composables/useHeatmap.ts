import type { Ref, ShallowRef } from 'vue'
import type { HeatmapReply } from '../../src-shared/api/contract'
import { api } from '../api'
import { useRunReply } from './useRunReply'

/**
 * The attention heatmap of a finished run at display resolution (computed
 * in a worker): at most `maxRows` x `maxCols` blocks, so a large data set
 * costs no more to show than a small one.
 */
export function useHeatmap(
  id: Ref<string | null>,
  model: 'nonparametric' | 'trained',
  ready: Ref<boolean>,
  maxRows = 100,
  maxCols = 100,
): { heatmap: ShallowRef<HeatmapReply | null>; error: Ref<string | null>; loading: Ref<boolean> } {
  const { reply, error, loading } = useRunReply(id, ready, (current) => api.experimentHeatmap({ id: current, model, rows: maxRows, cols: maxCols }))
  return { heatmap: reply, error, loading }
}
