import { ref, shallowRef, triggerRef, watch, type Ref, type ShallowRef } from 'vue'
import type { RunDetail } from '../../src-shared/api/runs'
import type { EpochRecord } from '../../src-shared/engine/sgd'
import { api } from '../api'
import { latestRequest } from './latest'
import { useWorkbenchEvents } from './useEvents'

export interface RunView {
  /** The stored run with its arrays (replaced as a whole: large arrays stay out of Vue's deep reactivity). */
  run: ShallowRef<RunDetail | null>
  /** Epochs as they arrive while the run trains, then the stored ones. */
  epochs: ShallowRef<EpochRecord[]>
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
  const totalEpochs = ref(0)
  const stage = ref<string | null>(null)
  const stageFraction = ref<number | null>(null)
  const error = ref<string | null>(null)
  const loading = ref(false)
  const begin = latestRequest()

  const reload = async () => {
    const current = id.value
    const stillCurrent = begin()
    if (!current) {
      run.value = null
      epochs.value = []
      loading.value = false
      return
    }
    loading.value = true
    try {
      const detail = await api.getExperiment({ id: current })
      if (!stillCurrent()) return
      run.value = detail
      // Keep live epochs that arrived while the request was in flight.
      if (detail.epochs.length >= epochs.value.length) epochs.value = detail.epochs
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
      run.value = null
      epochs.value = []
      totalEpochs.value = 0
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
      const list = epochs.value
      const last = list[list.length - 1]?.epoch ?? 0
      // Appended in place and signalled once: a million-epoch run must not copy its curve per batch.
      let added = false
      for (const r of e.records) {
        if (r.epoch > last) {
          list.push(r)
          added = true
        }
      }
      if (added) triggerRef(epochs)
      totalEpochs.value = e.epochs
      stage.value = 'train'
    } else if (e.type === 'run.stage') {
      stage.value = e.stage
      stageFraction.value = e.total > 1 ? e.done / e.total : null
    } else if (e.type === 'run.status') {
      if (run.value) run.value = { ...run.value, ...e.run }
      if (e.status !== 'queued' && e.status !== 'running') {
        stage.value = null
        stageFraction.value = null
        void reload()
      }
    }
  })

  return { run, epochs, totalEpochs, stage, stageFraction, error, loading, reload }
}
