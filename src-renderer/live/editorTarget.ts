import { computed, watch } from 'vue'
import type { ExperimentSpecInput } from '../../src-shared/api/spec'
import { parseNumber, validateData, type FieldKey, type Validation } from '../editor/editorModel'
import { editorState, editorValidation } from '../state/editor'
import { liveTarget, type LiveTarget } from './liveTarget'

/**
 * The live preview's target: the editor's data, kernel and sigma, whenever
 * those three are valid. It reads only those fields, so typing sigma does not
 * wait for the whole spec's validation before the worker is asked.
 */
const editorData = computed(() => validateData(editorState, {}))

export const editorTarget = computed<LiveTarget | null>(() => {
  const sigma = parseNumber(editorState.sigma, { min: 0, exclusiveMin: true, max: 1e12 }).value
  return liveTarget(editorData.value, editorState.kernel, sigma)
})

const FIELD_NAMES: Partial<Record<FieldKey, string>> = {
  w0: 'w0',
  lr: 'learning rate',
  epochs: 'epochs',
  batchSize: 'batch size',
  trainSeed: 'training seed',
  name: 'run name',
}

function firstError(v: Validation): string {
  const [key, message] = Object.entries(v.errors)[0] ?? []
  if (!key) return 'the editor is incomplete'
  const name = FIELD_NAMES[key as FieldKey]
  return name ? `${name}: ${message}` : String(message)
}

/** Specs the editor held for recent targets, so a preview that lags the editor still saves what it shows. */
const recentSpecs = new Map<string, ExperimentSpecInput>()
const RECENT = 20
watch(
  [editorTarget, editorValidation],
  ([t, v]) => {
    if (!t || !v.spec) return
    recentSpecs.delete(t.key)
    recentSpecs.set(t.key, v.spec)
    if (recentSpecs.size > RECENT) recentSpecs.delete(recentSpecs.keys().next().value!)
  },
  { flush: 'post' },
)

/** What "Save as run" stores for a target: the editor's spec for it (name and training included), or why there is none. */
export function specFor(target: LiveTarget): { spec: ExperimentSpecInput | null; error: string | null } {
  const v = editorValidation.value
  if (editorTarget.value?.key === target.key) return v.spec ? { spec: v.spec, error: null } : { spec: null, error: firstError(v) }
  const spec = recentSpecs.get(target.key)
  return spec ? { spec, error: null } : { spec: null, error: 'the editor no longer holds a valid setup for this preview' }
}
