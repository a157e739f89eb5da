import { ref } from 'vue'
import type { RunSummary } from '../../src-shared/api/runs'
import { appendAll } from '../../src-shared/arrays'
import { api } from '../api'

/**
 * The runs checked in the library. Kept outside the component so the run
 * page's "Compare with runs I pick" can start a selection before it opens
 * the library.
 */
export const librarySelection = ref(new Set<string>())

/** The summaries of some runs, a page of a thousand at a time (a selection can be any size). */
export async function summariesOf(ids: string[]): Promise<RunSummary[]> {
  const out: RunSummary[] = []
  if (ids.length === 0) return out
  for (let offset = 0; ; offset += 1000) {
    const r = await api.listExperiments({ offset, limit: 1000, filter: { ids } })
    appendAll(out, r.runs)
    if (out.length >= r.total || r.runs.length === 0) return out
  }
}
