import { reactive, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import type { StudyDetail, StudyProgress, StudySummary } from '../../src-shared/api/studies'
import { api, connection } from '../api'
import { latestRequest } from '../composables/latest'
import { useWorkbenchEvents } from '../composables/useEvents'

/** Live progress of every study running anywhere this window hears of, from main's events. */
export const studyProgress = reactive<Record<string, StudyProgress>>({})
connection.onEvent((e) => {
  if (e.type === 'study.progress') studyProgress[e.studyId] = e.progress
})

export function errorText(e: unknown): string {
  return (e as { reason?: string }).reason ?? (e as Error).message
}

/** Calls `fn` at most every `ms`, the last call always going through. */
function throttle(fn: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  let last = 0
  return () => {
    const wait = last + ms - Date.now()
    if (wait <= 0) {
      last = Date.now()
      fn()
    } else if (!timer) {
      timer = setTimeout(() => {
        timer = undefined
        last = Date.now()
        fn()
      }, wait)
    }
  }
}

export interface StudyDetailView {
  detail: ShallowRef<StudyDetail | null>
  error: Ref<string | null>
  loading: Ref<boolean>
  reload(): Promise<void>
}

/** One study with its cells, kept current while it runs (reloaded at most twice a second). */
export function useStudyDetail(id: Ref<string | null>): StudyDetailView {
  const detail = shallowRef<StudyDetail | null>(null)
  const error = ref<string | null>(null)
  const loading = ref(false)
  const begin = latestRequest()
  const reload = async () => {
    const current = id.value
    const stillCurrent = begin()
    if (!current) {
      detail.value = null
      return
    }
    loading.value = true
    try {
      const d = await api.getStudy({ id: current })
      if (!stillCurrent()) return
      detail.value = d
      error.value = null
    } catch (e) {
      if (!stillCurrent()) return
      detail.value = null
      error.value = errorText(e)
    } finally {
      if (stillCurrent()) loading.value = false
    }
  }
  watch(id, () => void reload(), { immediate: true })
  const soon = throttle(() => void reload(), 500)
  useWorkbenchEvents((e) => {
    if (e.type === 'study.progress' && e.studyId === id.value) soon()
    if (e.type === 'runs.changed' && e.ids.length === 0 && id.value && !studyProgress[id.value]) soon()
  })
  return { detail, error, loading, reload }
}

/** The studies list, newest first, refreshed as studies start, progress and end. */
export function useStudyList(text: Ref<string>, limit = 200) {
  const studies = shallowRef<StudySummary[]>([])
  const total = ref(0)
  const error = ref<string | null>(null)
  const begin = latestRequest()
  const reload = async () => {
    const stillCurrent = begin()
    try {
      const page = await api.listStudies({ limit, ...(text.value.trim() ? { text: text.value.trim() } : {}) })
      if (!stillCurrent()) return
      studies.value = page.studies
      total.value = page.total
      error.value = null
    } catch (e) {
      if (stillCurrent()) error.value = errorText(e)
    }
  }
  watch(text, () => void reload(), { immediate: true })
  const soon = throttle(() => void reload(), 1000)
  useWorkbenchEvents((e) => {
    if (e.type === 'study.progress' || (e.type === 'runs.changed' && e.ids.length > 0)) soon()
  })
  return { studies, total, error, reload }
}
