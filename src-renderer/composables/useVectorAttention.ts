import { ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import type { AttentionOrder, VectorHeatmapReply, VectorProbeReply } from '../../src-shared/experiment/vectorAttention'
import { api } from '../api'
import { latestRequest } from './latest'

export type ProbeTarget = { point: number[] } | { query: number }

interface Asked<T> {
  reply: ShallowRef<T | null>
  error: Ref<string | null>
  loading: Ref<boolean>
}

/** Asks again whenever `key` changes; a newer question wins over an older reply still on its way. */
function asked<T>(key: () => string | null, ask: () => Promise<T>): Asked<T> {
  const reply = shallowRef<T | null>(null)
  const error = ref<string | null>(null)
  const loading = ref(false)
  const begin = latestRequest()
  watch(
    key,
    async (k) => {
      const stillCurrent = begin()
      error.value = null
      if (k === null) {
        reply.value = null
        loading.value = false
        return
      }
      loading.value = true
      try {
        const r = await ask()
        if (stillCurrent()) reply.value = r
      } catch (e) {
        if (stillCurrent()) {
          reply.value = null
          error.value = (e as { reason?: string }).reason ?? (e as Error).message
        }
      } finally {
        if (stillCurrent()) loading.value = false
      }
    },
    { immediate: true },
  )
  return { reply, error, loading }
}

/**
 * A vector run's attention heatmap in the chosen order and its query probe,
 * both computed by worker jobs (experimentVectorHeatmap, experimentVectorProbe),
 * never on the UI thread; the previous heatmap stays up while the next computes.
 */
export function useVectorAttention(
  id: Ref<string | null>,
  ready: Ref<boolean>,
  order: Ref<AttentionOrder>,
  target: Ref<ProbeTarget | null>,
  size = { rows: 100, cols: 100, maxBars: 160 },
): { heatmap: Asked<VectorHeatmapReply>; probe: Asked<VectorProbeReply> } {
  const heatmap = asked(
    () => (id.value && ready.value ? `${id.value}|${JSON.stringify(order.value)}` : null),
    () => api.experimentVectorHeatmap({ id: id.value!, order: order.value, rows: size.rows, cols: size.cols }),
  )
  const probe = asked(
    () => (id.value && ready.value && target.value ? `${id.value}|${JSON.stringify(target.value)}` : null),
    () => api.experimentVectorProbe({ id: id.value!, at: target.value!, maxBars: size.maxBars }),
  )
  return { heatmap, probe }
}
