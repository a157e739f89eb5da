import { computed, onScopeDispose, ref, watch, type ComputedRef, type Ref } from 'vue'
import type { EpochRecord } from '../../src-shared/engine/sgd'
import { trainingStep } from '../live/sigmaPath'

export interface ReplaySource {
  /** The starting w (epoch 0), null until the run has drawn it. */
  w0: number | null | undefined
  /** w after each epoch, epoch 1 first. */
  epochs: EpochRecord[]
  count: number
  running: boolean
}

export interface ReplaySteps {
  stepCount: ComputedRef<number>
  /** The position on the scrubber: 0 is epoch 0 once w0 is known, else epoch 1. */
  index: Ref<number>
  step: ComputedRef<{ epoch: number; w: number } | null>
  lastEpoch: ComputedRef<number>
  go(i: number): void
}

/**
 * The replay's scrubber over a run's epochs, finished or still training:
 * it follows the newest epoch while it sits at the end (about once a
 * second, not at every epoch), and a step chosen keeps its epoch when the
 * starting w becomes known and epoch 0 comes in front of it (the scrubber
 * moved by one epoch by itself when a run ended). Each step it follows
 * recomputes and redraws the fit, the heatmap and the kernel (about 90 ms of
 * the page's main thread for 3,000 points here): at 300 ms a step, a long
 * training kept a third of the main thread on the replay alone.
 */
export function useReplaySteps(source: () => ReplaySource, followMs = 1000): ReplaySteps {
  const hasStart = computed(() => {
    const w0 = source().w0
    return w0 !== null && w0 !== undefined
  })
  const stepCount = computed(() => source().count + (hasStart.value ? 1 : 0))
  function stepAt(i: number): { epoch: number; w: number } | null {
    if (i < 0 || i >= stepCount.value) return null
    const s = source()
    return trainingStep(s.w0, s.epochs, i)
  }
  const index = ref(Math.max(0, stepCount.value - 1))
  const follow = ref(true)
  let followTimer: ReturnType<typeof setTimeout> | undefined
  watch(stepCount, (n) => {
    if (index.value > n - 1) index.value = Math.max(0, n - 1)
    if (!follow.value || followTimer) return
    followTimer = setTimeout(
      () => {
        followTimer = undefined
        if (follow.value) index.value = Math.max(0, stepCount.value - 1)
      },
      source().running ? followMs : 0,
    )
  })
  watch(hasStart, (now, before) => {
    if (now && !before && !follow.value) index.value++
  })
  onScopeDispose(() => clearTimeout(followTimer))
  const lastEpoch = computed(() => stepAt(stepCount.value - 1)?.epoch ?? 0)
  const step = computed(() => {
    void source().count
    return stepAt(index.value)
  })
  function go(i: number): void {
    index.value = Math.max(0, Math.min(stepCount.value - 1, i))
    follow.value = source().running && index.value === stepCount.value - 1
  }
  return { stepCount, index, step, lastEpoch, go }
}
