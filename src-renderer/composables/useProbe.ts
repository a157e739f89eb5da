import { ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import { previewClient } from '../live/previewClient'
import type { LiveTarget } from '../live/liveTarget'
import type { LiveFrame, ProbeResult } from '../live/protocol'

/**
 * The query probe on a live frame: the weights of the query at `query` over
 * every key, recomputed (in the interactive worker) when the probe moves or
 * the frame changes. One request in flight, the newest position waiting.
 */
export function useProbe(
  frame: ShallowRef<LiveFrame | null>,
  target: ShallowRef<LiveTarget | null>,
  query: Ref<number | null>,
  maxBars = 60,
): { probe: ShallowRef<ProbeResult | null>; error: Ref<string | null> } {
  const client = previewClient()
  const probe = shallowRef<ProbeResult | null>(null)
  const error = ref<string | null>(null)
  let inFlight = false
  let waiting = false

  const send = () => {
    const f = frame.value
    const t = target.value
    const q = query.value
    if (!client || !f || !t || q === null) {
      probe.value = null
      return
    }
    if (inFlight) {
      waiting = true
      return
    }
    inFlight = true
    client
      .probe({ data: t.data, kernel: f.kernel, sigma: f.sigma, query: q, shadeIndex: f.trainIndex, maxBars })
      .then(
        (p) => {
          // A reply about a frame since replaced is dropped; one for an older position is shown until the newer comes.
          if (frame.value === f) probe.value = p
          error.value = null
        },
        (e: unknown) => (error.value = (e as Error).message),
      )
      .finally(() => {
        inFlight = false
        if (waiting) {
          waiting = false
          send()
        }
      })
  }
  watch([frame, query], send, { immediate: true })
  return { probe, error }
}
