import { ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import type { HeatmapReply } from '../../src-shared/api/contract'
import { api } from '../api'
import { latestRequest } from './latest'

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
  const heatmap = shallowRef<HeatmapReply | null>(null)
  const error = ref<string | null>(null)
  const loading = ref(false)
  const begin = latestRequest()
  watch(
    [id, ready],
    async ([current, isReady]) => {
      const stillCurrent = begin()
      heatmap.value = null
      error.value = null
      loading.value = false
      if (!current || !isReady) return
      loading.value = true
      try {
        const h = await api.experimentHeatmap({ id: current, model, rows: maxRows, cols: maxCols })
        if (stillCurrent()) heatmap.value = h
      } catch (e) {
        if (stillCurrent()) error.value = (e as { reason?: string }).reason ?? (e as Error).message
      } finally {
        if (stillCurrent()) loading.value = false
      }
    },
    { immediate: true },
  )
  return { heatmap, error, loading }
}
