import { z } from 'zod'
import { BANDWIDTH_METHODS } from '../../src-shared/engine/bandwidth'
import { TARGET_FUNCTION_IDS } from '../../src-shared/engine/functions'
import { KERNEL_IDS } from '../../src-shared/engine/kernels'
import { PRESET_IDS } from '../../src-shared/engine/presets'
import { LOSS_KINDS } from '../../src-shared/engine/parametric'
import { ESTIMATORS, SCORINGS } from '../../src-shared/engine/vectorTypes'
import { defaultEditorState, type EditorState } from './editorModel'

/**
 * The editor's draft, kept in the page's storage so a reload (or a crash of
 * the tab) does not reset it to the defaults. Stored under a versioned key
 * and checked field by field on load: a draft that does not check out (an
 * older version, a hand edit, a truncated write) gives the defaults, never
 * a broken form. Fields a later version adds take their defaults.
 */
export const DRAFT_KEY = 'nw-workbench.editorDraft.v1'

/** Imported data are kept with the draft only up to this many numbers (storage holds a few megabytes). */
const MAX_STORED_NUMBERS = 200_000

const text = z.string().max(1000)
const numbers = z.array(z.number())
const draftSchema = z.object({
  source: z.enum(['preset', 'generator', 'import', 'vector']),
  preset: z.enum(PRESET_IDS),
  presetSeed: text,
  presetN: text,
  gen: z.object({ fn: z.enum(TARGET_FUNCTION_IDS), n: text, noiseSd: text, xMin: text, xMax: text, queryStep: text, seed: text }),
  imported: z.object({ xTrain: numbers, yTrain: numbers, xQuery: numbers, yTruth: numbers.nullable(), source: text }).nullable(),
  // The vector tab's choices; an imported table is not kept (it is read again from its file).
  vector: z
    .object({
      kind: z.enum(['dataset', 'csv']),
      dataset: text,
      features: z.array(text).max(64),
      holdout: text,
      seed: text,
      task: z.enum(['regression', 'classification']),
      sigmaRule: z.enum(['given', 'silverman', 'scott', 'loo-cv']),
      sigma: text,
      estimator: z.enum(ESTIMATORS),
      scoring: z.enum(SCORINGS),
    })
    .optional(),
  kernel: z.enum(KERNEL_IDS),
  sigma: text,
  sigmaRule: z.enum(BANDWIDTH_METHODS).nullable(),
  mode: z.enum(['nonparametric', 'parametric']),
  w0Random: z.boolean(),
  w0: text,
  lr: text,
  epochs: text,
  loss: z.enum(LOSS_KINDS),
  loo: z.boolean(),
  batchSize: text,
  trainSeed: text,
  name: text,
})

interface DraftStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

/** The stored draft over the defaults, or the defaults when there is none or it does not check out. */
export function loadDraft(storage: DraftStorage | null): EditorState {
  const defaults = defaultEditorState()
  let raw: string | null = null
  try {
    raw = storage?.getItem(DRAFT_KEY) ?? null
  } catch {
    return defaults
  }
  if (raw === null) return defaults
  try {
    const parsed = draftSchema.safeParse(JSON.parse(raw))
    if (!parsed.success) return defaults
    const { vector, ...rest } = parsed.data
    const source = rest.source === 'vector' && !vector ? defaults.source : rest.source
    return { ...defaults, ...rest, source, vector: vector ? { ...defaults.vector, ...vector, kind: 'dataset' as const } : defaults.vector }
  } catch {
    return defaults
  }
}

/** Writes the draft; false when storage refused it (full, or disabled), which costs only the draft. */
export function saveDraft(storage: DraftStorage | null, s: EditorState): boolean {
  if (!storage) return false
  const d = s.imported
  const size = d ? d.xTrain.length + d.yTrain.length + d.xQuery.length + (d.yTruth?.length ?? 0) : 0
  const vector = { ...s.vector, csv: null, csvFeatures: [], csvTarget: '', csvTruth: '' }
  const draft = { ...s, imported: size > MAX_STORED_NUMBERS ? null : s.imported, vector }
  try {
    storage.setItem(DRAFT_KEY, JSON.stringify(draft))
    return true
  } catch {
    return false
  }
}
