import { onScopeDispose, ref, shallowRef, triggerRef, watch, type Ref, type ShallowRef } from 'vue'
import type { RunDetail, RunStatus } from '../../src-shared/api/runs'
import type { WorkbenchEvent } from '../../src-shared/api/contract'
import type { EpochRecord } from '../../src-shared/engine/sgd'
import type { WidthEpochRecord } from '../../src-shared/engine/vectorTrain'
import { isWidthRecords, type TrainingRecord } from '../../src-shared/experiment/outcome'
import { api } from '../api'
import { mergeEpochs } from '../results/epochMerge'
import { latestRequest } from './latest'
import { pacedSignal } from './pacedSignal'
import { useWorkbenchEvents } from './useEvents'

const REFILL_MS = 1200

/** How far along a run's status is: a run only moves forward (queued, running, then an end). */
const STATUS_STEP: Record<RunStatus, number> = { queued: 0, running: 1, done: 2, failed: 2, cancelled: 2, interrupted: 2 }

type StatusEvent = Extract<WorkbenchEvent, { type: 'run.status' }>

/**
 * The stored run with the last status event heard for it, if that is
 * further along: a read of the run sent before the event (still in flight
 * when it came, or answered from before the change) must not undo it. A
 * run's start came that way once and was lost: the page said "queued" for
 * the whole of a training whose epochs it was drawing.
 */
function withStatus(detail: RunDetail, heard: StatusEvent | null): RunDetail {
  return heard && STATUS_STEP[heard.status] > STATUS_STEP[detail.status] ? { ...detail, ...heard.run } : detail
}
/**
 * Live epochs are shown twice a second: each showing redraws the loss chart and both sigma charts
 * (the editor's and the replay's, about 20 ms each here, drawn when the page is idle, so the pacing's
 * own measure misses them); at five a second a long training kept half of the main thread busy.
 */
const LIVE_EPOCHS_GAP_MS = 500

export interface RunView {
  /** The stored run with its arrays (replaced as a whole: large arrays stay out of Vue's deep reactivity). */
  run: ShallowRef<RunDetail | null>
  /** Epochs as they arrive while the run trains, then the stored ones. */
  epochs: ShallowRef<EpochRecord[]>
  /** A parametric vector run's epochs (loss, and w per coordinate), live then stored, as `epochs` are. */
  widthEpochs: ShallowRef<WidthEpochRecord[]>
  totalEpochs: Ref<number>
  stage: Ref<string | null>
  /** How far the current stage is, 0 to 1, when it reports (a long fit does, chunk by chunk). */
  stageFraction: Ref<number | null>
  error: Ref<string | null>
  loading: Ref<boolean>
  reload(): Promise<void>
}

/** One run, kept current: loaded when the id changes, grown live from progress events, reloaded when it ends. */
export function useRun(id: Ref<string | null>): RunView {
  const run = shallowRef<RunDetail | null>(null)
  const epochs = shallowRef<EpochRecord[]>([])
  const widthEpochs = shallowRef<WidthEpochRecord[]>([])
  const totalEpochs = ref(0)
  const stage = ref<string | null>(null)
  const stageFraction = ref<number | null>(null)
  const error = ref<string | null>(null)
  const loading = ref(false)
  const begin = latestRequest()
  // Live epochs are appended at once and shown at the pace the page keeps (see pacedSignal).
  const epochsShown = pacedSignal(() => triggerRef(epochs), LIVE_EPOCHS_GAP_MS)
  const widthEpochsShown = pacedSignal(() => triggerRef(widthEpochs), LIVE_EPOCHS_GAP_MS)
  /** A second read of the stored curve, due when the live epochs do not join it yet. */
  let refill: ReturnType<typeof setTimeout> | undefined
  /** The current run's last status event (withStatus). */
  let heardStatus: StatusEvent | null = null
  const scheduleRefill = () => {
    if (refill !== undefined) return
    // The store appends at least once a second while a run trains: by then it holds the missing epochs.
    refill = setTimeout(() => {
      refill = undefined
      void reload()
    }, REFILL_MS)
  }

  const reload = async () => {
    const current = id.value
    const stillCurrent = begin()
    if (!current) {
      run.value = null
      epochs.value = []
      widthEpochs.value = []
      loading.value = false
      return
    }
    loading.value = true
    try {
      const detail = await api.getExperiment({ id: current })
      if (!stillCurrent()) return
      run.value = withStatus(detail, heardStatus)
      // The stored curve joined with live epochs that arrived while the request was in flight, by epoch number.
      const merged = mergeEpochs(detail.epochs, epochs.value)
      epochs.value = merged.epochs
      const mergedWidths = mergeEpochs(detail.widthEpochs ?? [], widthEpochs.value)
      widthEpochs.value = mergedWidths.epochs
      if ((merged.gap || mergedWidths.gap) && (detail.status === 'running' || detail.status === 'queued')) scheduleRefill()
      totalEpochs.value = detail.training?.epochs ?? 0
      error.value = null
    } catch (e) {
      if (!stillCurrent()) return
      run.value = null
      error.value = (e as { name?: string }).name === 'NotFoundError' ? 'This run was deleted.' : (e as Error).message
    } finally {
      if (stillCurrent()) loading.value = false
    }
  }

  watch(
    id,
    () => {
      // Drop the previous run at once: views keyed on it (heatmaps) must not pair it with the new id.
      epochsShown.cancel()
      widthEpochsShown.cancel()
      run.value = null
      epochs.value = []
      widthEpochs.value = []
      totalEpochs.value = 0
      heardStatus = null
      stage.value = null
      stageFraction.value = null
      error.value = null
      void reload()
    },
    { immediate: true },
  )

  useWorkbenchEvents((e) => {
    if (e.type === 'runs.changed') {
      // An empty list means "anything may have changed" (sent after a reconnect).
      if (e.ids.length === 0 || (id.value && e.ids.includes(id.value))) void reload()
      return
    }
    if (!('runId' in e) || e.runId !== id.value) return
    if (e.type === 'run.progress') {
      // A run's records are all of one kind: a scalar w's, or a width vector's (one w per coordinate).
      const widths = isWidthRecords(e.records)
      const target: ShallowRef<TrainingRecord[]> = widths ? widthEpochs : epochs
      const list = target.value
      let last = list[list.length - 1]?.epoch ?? 0
      // Appended in place and signalled once: a million-epoch run must not copy its curve per batch.
      let added = false
      let gap = false
      for (const r of e.records) {
        if (r.epoch > last) {
          if (r.epoch !== last + 1) gap = true
          list.push(r)
          last = r.epoch
          added = true
        }
      }
      if (added) (widths ? widthEpochsShown : epochsShown).request()
      // Epochs from before this page subscribed (a reload mid-run) are in the store: read them to fill the gap.
      if (gap) scheduleRefill()
      totalEpochs.value = e.epochs
      stage.value = 'train'
      // The starting w is stored with the first epochs; the run read before that has none.
      const training = run.value?.training
      if (e.w0 !== undefined && training && training.w0 === null) run.value = { ...run.value!, training: { ...training, w0: e.w0 } }
    } else if (e.type === 'run.stage') {
      stage.value = e.stage
      stageFraction.value = e.total > 1 ? e.done / e.total : null
    } else if (e.type === 'run.status') {
      heardStatus = e
      if (run.value && STATUS_STEP[e.status] >= STATUS_STEP[run.value.status]) run.value = { ...run.value, ...e.run }
      if (e.status !== 'queued' && e.status !== 'running') {
        epochsShown.flush()
        widthEpochsShown.flush()
        stage.value = null
        stageFraction.value = null
        void reload()
      }
    }
  })

  onScopeDispose(() => {
    clearTimeout(refill)
    epochsShown.cancel()
    widthEpochsShown.cancel()
  })

  return { run, epochs, widthEpochs, totalEpochs, stage, stageFraction, error, loading, reload }
}
