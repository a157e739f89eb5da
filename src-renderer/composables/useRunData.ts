import { ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import type { RunDetail } from '../../src-shared/api/runs'
import { api } from '../api'
import { runArraysRef, runSpecDataRef } from '../live/liveTarget'
import type { DataArrays } from '../live/protocol'
import { latestRequest } from './latest'

/**
 * A saved run's data for the preview workers (the training replay). A preset
 * or generated data set is remade from the spec; imported data are read from
 * the store: as they came with the run when it holds every point, else in full
 * a page at a time (a large run comes thinned for display).
 */
export type RunData = ReturnType<typeof runArraysRef>

/** Imported data sets read in full, by run (the last few: a replay goes back and forth between runs). */
const loaded = new Map<string, DataArrays>()
const KEEP = 3
/** Values per page (the API's largest). */
const PAGE = 1_000_000

async function readArray(id: string, name: 'xTrain' | 'yTrain' | 'xQuery' | 'yTruth'): Promise<Float64Array> {
  const first = await api.getExperimentArray({ id, name, offset: 0, limit: PAGE })
  const out = new Float64Array(first.total)
  let at = 0
  let page = first.values
  for (;;) {
    for (const v of page) out[at++] = v ?? NaN
    if (at >= first.total || page.length === 0) break
    page = (await api.getExperimentArray({ id, name, offset: at, limit: PAGE })).values
  }
  return out
}

async function loadArrays(run: RunDetail): Promise<DataArrays> {
  const hit = loaded.get(run.id)
  if (hit) return hit
  const a = run.arrays
  let arrays: DataArrays
  if (a && !a.thinned && a.xTrain.length > 0) {
    arrays = { xTrain: Float64Array.from(a.xTrain), yTrain: Float64Array.from(a.yTrain), xQuery: Float64Array.from(a.xQuery), yTruth: a.yTruth ? Float64Array.from(a.yTruth) : null }
  } else {
    const [xTrain, yTrain, xQuery, yTruth] = await Promise.all([
      readArray(run.id, 'xTrain'),
      readArray(run.id, 'yTrain'),
      readArray(run.id, 'xQuery'),
      run.data.hasTruth ? readArray(run.id, 'yTruth') : null,
    ])
    arrays = { xTrain, yTrain, xQuery, yTruth }
  }
  loaded.set(run.id, arrays)
  while (loaded.size > KEEP) loaded.delete(loaded.keys().next().value!)
  return arrays
}

export function useRunData(run: Ref<RunDetail>): { data: ShallowRef<RunData | null>; error: Ref<string | null> } {
  const data = shallowRef<RunData | null>(null)
  const error = ref<string | null>(null)
  const begin = latestRequest()
  watch(
    // Once per run, and again when an imported run's data have been stored.
    () => `${run.value.id}|${run.value.status === 'done' && !!run.value.arrays}`,
    async () => {
      const stillCurrent = begin()
      const r = run.value
      error.value = null
      const fromSpec = runSpecDataRef(r)
      if (fromSpec) {
        data.value = fromSpec
        return
      }
      data.value = null
      if (r.status !== 'done' || !r.arrays) return
      try {
        const arrays = await loadArrays(r)
        if (stillCurrent()) data.value = runArraysRef(r.id, arrays)
      } catch (e) {
        if (stillCurrent()) error.value = (e as Error).message
      }
    },
    { immediate: true },
  )
  return { data, error }
}
