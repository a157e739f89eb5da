import { ref, shallowRef } from 'vue'
import type { RunDetail } from '../../src-shared/api/runs'
import type { ExperimentSpecInput } from '../../src-shared/api/spec'
import type { EpochRecord } from '../../src-shared/engine/sgd'
import type { LiveTarget } from './liveTarget'
import type { LiveFrame } from './protocol'

/** What the results pane shows: the live preview of the editor, or a saved run. */
export const resultsMode = ref<'live' | 'run'>('live')

/** A/B: the preview pinned as A, with what it was computed from (so it can be saved). */
export interface PinnedFrame {
  frame: LiveFrame
  target: LiveTarget
  label: string
  /** What saving A stores: the editor's spec when A was pinned. */
  spec: ExperimentSpecInput | null
  specError: string | null
}
export const pinned = shallowRef<PinnedFrame | null>(null)

/** The saved run on screen, and its epochs as they arrive (the leave-one-out chart draws a trained run's path). */
export const viewedRun = shallowRef<RunDetail | null>(null)
export const viewedEpochs = shallowRef<EpochRecord[]>([])
/** The epoch the replay shows, when a parametric run is replayed. */
export const replayEpoch = ref<number | null>(null)
