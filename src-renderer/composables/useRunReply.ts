import { ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import { latestRequest } from './latest'

/**
 * A reply the page asks for about a finished run (its heatmap, its vector
 * views), computed in a worker: asked again whenever the run changes or
 * becomes ready, and a newer run chosen while an older reply is on its way
 * wins (the older one is dropped).
 */
export function useRunReply<T>(
  id: Ref<string | null>,
  ready: Ref<boolean>,
  ask: (id: string) => Promise<T>,
): { reply: ShallowRef<T | null>; error: Ref<string | null>; loading: Ref<boolean> } {
  const reply = shallowRef<T | null>(null)
  const error = ref<string | null>(null)
  const loading = ref(false)
  const begin = latestRequest()
  watch(
    [id, ready],
    async ([current, isReady]) => {
      const stillCurrent = begin()
      reply.value = null
      error.value = null
      loading.value = false
      if (!current || !isReady) return
      loading.value = true
      try {
        const r = await ask(current)
        if (stillCurrent()) reply.value = r
      } catch (e) {
        if (stillCurrent()) error.value = (e as { reason?: string }).reason ?? (e as Error).message
      } finally {
        if (stillCurrent()) loading.value = false
      }
    },
    { immediate: true },
  )
  return { reply, error, loading }
}
