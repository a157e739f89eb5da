import { dataSpecSchema, type DataSpec, type DataSpecInput } from '../../src-shared/api/spec'
import { describeData } from '../../src-shared/experiment/normalize'
import type { RunDetail } from '../../src-shared/api/runs'
import type { KernelId } from '../../src-shared/engine/kernels'
import { dataKey } from '../editor/dataKey'
import type { DataArrays, DataRef } from './protocol'

/**
 * What the live preview shows: the data (by reference), the kernel and sigma.
 */
export interface LiveTarget {
  /** Changes exactly when the picture must: data, kernel or sigma. */
  key: string
  dataKey: string
  data: DataRef
  n: number
  m: number
  kernel: KernelId
  sigma: number
  /** A short description for the preview's header. */
  dataLabel: string
}

const parsedSpecs = new Map<string, DataSpec>()
const importedArrays = new WeakMap<object, DataArrays>()

/**
 * The data as the experiment runner will read them. Presets and generators
 * go through the API's own schema (its defaults included), so the worker
 * makes them with the same parameters a saved run gets.
 */
export function dataRef(input: DataSpecInput): { ref: DataRef; key: string; spec: DataSpec | null } {
  // Vector data (features) are not previewed live: they go the spec's way, where the preview says so.
  if ('xTrain' in input && !('features' in input)) {
    const key = dataKey(input)
    const source = input.xTrain as unknown as object
    let arrays = importedArrays.get(source)
    if (!arrays) {
      // Once per import: the same numbers the runner makes with Float64Array.from of the same JSON values.
      arrays = {
        xTrain: Float64Array.from(input.xTrain),
        yTrain: Float64Array.from(input.yTrain),
        xQuery: Float64Array.from(input.xQuery),
        yTruth: input.yTruth ? Float64Array.from(input.yTruth) : null,
      }
      importedArrays.set(source, arrays)
    }
    return { ref: { key, kind: 'arrays', arrays }, key, spec: null }
  }
  const raw = JSON.stringify(input)
  let spec = parsedSpecs.get(raw)
  if (!spec) {
    spec = dataSpecSchema.parse(input)
    if (parsedSpecs.size > 50) parsedSpecs.clear()
    parsedSpecs.set(raw, spec)
  }
  const key = JSON.stringify(spec)
  return { ref: { key, kind: 'spec', spec: spec as Extract<DataRef, { kind: 'spec' }>['spec'] }, key, spec }
}

export function liveTarget(data: DataSpecInput | null, kernel: KernelId, sigma: number | null): LiveTarget | null {
  if (!data || sigma === null || !(sigma > 0)) return null
  let r: ReturnType<typeof dataRef>
  try {
    r = dataRef(data)
  } catch {
    return null
  }
  const d = describeData(r.spec ?? (data as DataSpec))
  const n = r.ref.kind === 'arrays' ? r.ref.arrays!.xTrain.length : d.nTrain
  const m = r.ref.kind === 'arrays' ? r.ref.arrays!.xQuery.length : d.nQuery
  const label = d.seed === null ? d.label : `${d.label}, seed ${d.seed}`
  return { key: `${r.key}|${kernel}|${sigma}`, dataKey: r.key, data: r.ref, n, m, kernel, sigma, dataLabel: label }
}

/**
 * A saved run's data for the workers when its spec can remake them (a preset
 * or a generator: the same numbers, and the editor's data share the
 * worker's copy); null for imported data, which come from the store
 * (composables/useRunData.ts).
 */
export function runSpecDataRef(run: RunDetail): { key: string; ref: DataRef; n: number; m: number } | null {
  const stored = (run.spec as { data?: DataSpecInput } | null)?.data
  if (!stored || 'xTrain' in stored || 'trainCsv' in stored) return null
  const r = dataRef(stored)
  return { key: r.key, ref: r.ref, n: run.data.nTrain, m: run.data.nQuery }
}

/** Imported data of a saved run as a worker reference (arrays read in full from the store). */
export function runArraysRef(runId: string, arrays: DataArrays): { key: string; ref: DataRef; n: number; m: number } {
  const key = `run:${runId}`
  return { key, ref: { key, kind: 'arrays', arrays }, n: arrays.xTrain.length, m: arrays.xQuery.length }
}
