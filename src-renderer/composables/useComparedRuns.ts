import { ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import type { HeatmapReply } from '../../src-shared/api/contract'
import type { RunDetail } from '../../src-shared/api/runs'
import type { VectorViewReply } from '../../src-shared/experiment/vectorView'
import { api } from '../api'
import { compareKind } from '../compare/compareKind'
import { latestRequest } from './latest'

export interface ComparedRuns {
  runs: ShallowRef<RunDetail[]>
  /** One-dimensional runs' attention weights (trained weights for trained runs); null for the others. */
  heatmaps: ShallowRef<(HeatmapReply | null)[]>
  /** Vector runs of one d: each run's surface, slices and widths, computed in a worker (empty otherwise). */
  views: ShallowRef<(VectorViewReply | null)[]>
  viewsLoading: Ref<boolean>
  loading: Ref<boolean>
  error: Ref<string | null>
}

/**
 * The runs the compare view shows, with what their charts need from the
 * workers. A newer choice of runs wins over one still loading, and a run
 * deleted meanwhile drops out with a note rather than sinking the rest.
 */
export function useComparedRuns(ids: Ref<string[]>): ComparedRuns {
  const runs = shallowRef<RunDetail[]>([])
  const heatmaps = shallowRef<(HeatmapReply | null)[]>([])
  const views = shallowRef<(VectorViewReply | null)[]>([])
  const viewsLoading = ref(false)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const begin = latestRequest()

  watch(
    ids,
    async (list) => {
      const stillCurrent = begin()
      loading.value = true
      error.value = null
      const settled = await Promise.allSettled(list.map((id) => api.getExperiment({ id })))
      const details = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
      const missing = settled.length - details.length
      // Trained runs show their trained weights; every heatmap shares one colour scale.
      const maps = await Promise.all(
        details.map((r) =>
          r.status === 'done' && !r.vector
            ? api.experimentHeatmap({ id: r.id, model: r.mode === 'parametric' && r.w !== null ? 'trained' : 'nonparametric', rows: 60, cols: 60 }).catch(() => null)
            : Promise.resolve(null),
        ),
      )
      if (!stillCurrent()) return
      // Runs and their heatmaps change together, so a heatmap never shows under another run's name.
      runs.value = details
      heatmaps.value = maps
      views.value = []
      error.value = missing ? `${missing} of the selected runs could not be loaded (deleted?)` : null
      loading.value = false
      if (compareKind(details).kind !== 'vector') return
      viewsLoading.value = true
      const loaded = await Promise.all(
        details.map((r) => (r.status === 'done' && r.vector?.sigma ? api.experimentVectorView({ id: r.id, grid: 50, sliceSteps: 2 }).catch(() => null) : Promise.resolve(null))),
      )
      if (!stillCurrent()) return
      views.value = loaded
      viewsLoading.value = false
    },
    { immediate: true },
  )
  return { runs, heatmaps, views, viewsLoading, loading, error }
}
