import { ref, shallowRef, watch, type Ref } from 'vue'
import type { RunFilter, SortableColumn } from '../../src-shared/api/requests'
import type { RunSummary } from '../../src-shared/api/runs'
import { api } from '../api'
import { useWorkbenchEvents } from '../composables/useEvents'
import { appendAll } from '../../src-shared/arrays'

export const PAGE_SIZE = 100

/** The library's sort: a column, a direction, and whether incomplete runs go last (metric columns). */
export interface ListSort {
  by: SortableColumn
  dir: 'asc' | 'desc'
  incompleteLast: boolean
}

/**
 * The runs library's rows, fetched a page at a time as they scroll into view,
 * so ten thousand runs cost what the visible forty do. A change to the runs
 * (an event) refetches the pages on screen, batched.
 */
export function usePagedRuns(filter: Ref<RunFilter>, sort: Ref<ListSort>) {
  const total = ref(0)
  const pages = shallowRef(new Map<number, RunSummary[]>())
  const error = ref<string | null>(null)
  let generation = 0
  const inflight = new Set<string>()
  let visible: [number, number] = [0, 0]

  async function fetchPage(page: number, gen: number) {
    const key = `${gen}:${page}`
    if (inflight.has(key)) return
    inflight.add(key)
    try {
      const r = await api.listExperiments({ offset: page * PAGE_SIZE, limit: PAGE_SIZE, sort: sort.value, filter: filter.value })
      if (gen !== generation) return
      total.value = r.total
      const next = new Map(pages.value)
      next.set(page, r.runs)
      pages.value = next
      error.value = null
    } catch (e) {
      if (gen === generation) error.value = (e as { reason?: string }).reason ?? (e as Error).message
    } finally {
      inflight.delete(key)
    }
  }

  /** Makes sure rows [from, to) are loaded. */
  function ensure(from: number, to: number) {
    visible = [from, to]
    const first = Math.floor(from / PAGE_SIZE)
    const last = Math.floor(Math.max(from, to - 1) / PAGE_SIZE)
    for (let p = first; p <= last; p++) if (!pages.value.has(p)) void fetchPage(p, generation)
  }

  function rowAt(i: number): RunSummary | undefined {
    return pages.value.get(Math.floor(i / PAGE_SIZE))?.[i % PAGE_SIZE]
  }

  /**
   * Forgets every page: a new or deleted run shifts every offset. With keep,
   * the pages on screen stay until their new contents arrive; the rest are
   * dropped and fetched again when scrolled to.
   */
  function refresh(keep = true) {
    generation++
    const [from, to] = visible
    const first = Math.floor(from / PAGE_SIZE)
    const last = Math.floor(Math.max(from, to - 1) / PAGE_SIZE)
    const kept = new Map<number, RunSummary[]>()
    if (keep) for (let p = first; p <= last; p++) if (pages.value.has(p)) kept.set(p, pages.value.get(p)!)
    pages.value = kept
    for (let p = first; p <= last; p++) void fetchPage(p, generation)
  }

  watch([filter, sort], () => refresh(false), { deep: true, immediate: true })

  let timer: ReturnType<typeof setTimeout> | undefined
  useWorkbenchEvents((e) => {
    if (e.type !== 'runs.changed' && e.type !== 'run.status') return
    clearTimeout(timer)
    timer = setTimeout(() => refresh(true), 250)
  })

  /** Every run matching the filter, in order (for CSV of all runs, or select all). */
  async function all(): Promise<RunSummary[]> {
    const out: RunSummary[] = []
    for (let offset = 0; ; offset += 1000) {
      const r = await api.listExperiments({ offset, limit: 1000, sort: sort.value, filter: filter.value })
      appendAll(out, r.runs)
      if (out.length >= r.total || r.runs.length === 0) return out
    }
  }

  return { total, pages, error, ensure, rowAt, refresh, all }
}
