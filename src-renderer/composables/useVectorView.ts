import { ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import type { VectorViewReply } from '../../src-shared/experiment/vectorView'
import { api } from '../api'
import { latestRequest } from './latest'

/**
 * A finished vector run's surface, slices and widths, computed in a worker
 * (experimentVectorView), never on the UI thread; a newer run chosen while
 * one is computing wins.
 */
export function useVectorView(
  id: Ref<string | null>,
  ready: Ref<boolean>,
  grid = 60,
  sliceSteps = 80,
): { view: ShallowRef<VectorViewReply | null>; error: Ref<string | null>; loading: Ref<boolean> } {
  const view = shallowRef<VectorViewReply | null>(null)
  const error = ref<string | null>(null)
  const loading = ref(false)
  const begin = latestRequest()
  watch(
    [id, ready],
    async ([current, isReady]) => {
      const stillCurrent = begin()
      view.value = null
      error.value = null
      loading.value = false
      if (!current || !isReady) return
      loading.value = true
      try {
        const v = await api.experimentVectorView({ id: current, grid, sliceSteps })
        if (stillCurrent()) view.value = v
      } catch (e) {
        if (stillCurrent()) error.value = (e as { reason?: string }).reason ?? (e as Error).message
      } finally {
        if (stillCurrent()) loading.value = false
      }
    },
    { immediate: true },
  )
  return { view, error, loading }
}
