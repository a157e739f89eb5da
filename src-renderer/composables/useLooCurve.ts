import { onScopeDispose, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import type { KernelId } from '../../src-shared/engine/kernels'
import { PreviewCancelled, previewClient } from '../live/previewClient'
import type { DataRef, LooCurveUpdate } from '../live/protocol'

/**
 * The leave-one-out curve of some data and a kernel, computed in the curve
 * worker point by point: it fills in as it goes, and a change of data or
 * kernel cancels it between two points and starts the new one.
 */
export interface LooCurveState {
  curve: ShallowRef<LooCurveUpdate | null>
  computing: Ref<boolean>
  error: Ref<string | null>
}

/** Grid points of the curve. */
export const LOO_CURVE_POINTS = 48

export function useLooCurve(source: Ref<{ key: string; data: DataRef; kernel: KernelId } | null>, delayMs = 200): LooCurveState {
  const client = previewClient()
  const curve = shallowRef<LooCurveUpdate | null>(null)
  const computing = ref(false)
  const error = ref<string | null>(null)
  let running: { cancel(): void } | null = null
  let timer: ReturnType<typeof setTimeout> | undefined
  let generation = 0

  watch(
    () => source.value?.key ?? null,
    () => {
      const s = source.value
      running?.cancel()
      running = null
      clearTimeout(timer)
      const mine = ++generation
      curve.value = null
      error.value = null
      computing.value = false
      if (!s || !client) return
      computing.value = true
      // Typing n digit by digit should not start a curve per keystroke.
      timer = setTimeout(() => {
        if (mine !== generation) return
        const job = client.looCurve({ data: s.data, kernel: s.kernel, points: LOO_CURVE_POINTS }, (u) => {
          if (mine === generation) curve.value = u
        })
        running = job
        job.done.then(
          () => {
            if (mine === generation) computing.value = false
          },
          (e: unknown) => {
            if (mine !== generation) return
            computing.value = false
            if (!(e instanceof PreviewCancelled)) error.value = (e as Error).message
          },
        )
      }, delayMs)
    },
    { immediate: true },
  )

  onScopeDispose(() => {
    generation++
    clearTimeout(timer)
    running?.cancel()
  })
  return { curve, computing, error }
}
