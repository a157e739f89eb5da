import type { DataSpecInput, ExperimentSpecInput } from '../../src-shared/api/spec'
import { belowSigmaFloor, sigmaFloorMessage, SIGMA_MAX } from '../../src-shared/api/sigmaRange'
import type { BandwidthMethod } from '../../src-shared/engine/bandwidth'
import { experimentSpecSchema } from '../../src-shared/api/spec'
import { describeZodError } from '../../src-shared/api/zodHelpers'
import { defaultName } from '../../src-shared/experiment/normalize'
import { MAX_GENERATED_N, MAX_QUERY_COUNT } from '../../src-shared/engine/data'
import { targetFunction, type TargetFunctionId } from '../../src-shared/engine/functions'
import type { KernelId } from '../../src-shared/engine/kernels'
import type { LossKind } from '../../src-shared/engine/types'
import { preset, type PresetId } from '../../src-shared/engine/presets'
import { MAX_SEED } from '../../src-shared/engine/rng'
import { MAX_EPOCHS } from '../../src-shared/engine/sgd'
import { defaultVectorEditorState, validateVectorEditor, vectorEditorStateFromSpec, type VectorEditorState } from './vectorEditor'

/**
 * The experiment editor's state and its validation, without any DOM: text
 * fields stay text until they validate, so the form can say what is wrong
 * with each field before anything runs.
 */
export interface ImportedData {
  xTrain: number[]
  yTrain: number[]
  xQuery: number[]
  yTruth: number[] | null
  source: string
}

export interface EditorState {
  /** 'vector': data with several input coordinates (issue 13), described by `vector`. */
  source: 'preset' | 'generator' | 'import' | 'vector'
  preset: PresetId
  presetSeed: string
  /** Blank: the preset's own n. */
  presetN: string
  gen: { fn: TargetFunctionId; n: string; noiseSd: string; xMin: string; xMax: string; queryStep: string; seed: string }
  imported: ImportedData | null
  vector: VectorEditorState
  kernel: KernelId
  sigma: string
  /**
   * The rule whose button set σ (the field shows the value it gave); cleared
   * when σ is edited by hand. A run then records the rule with its value.
   */
  sigmaRule: BandwidthMethod | null
  mode: 'nonparametric' | 'parametric'
  w0Random: boolean
  w0: string
  lr: string
  epochs: string
  loss: LossKind
  loo: boolean
  /** Blank: full batch. */
  batchSize: string
  /** Blank: the data's seed. */
  trainSeed: string
  name: string
}

import type { FieldKey, Validation } from './validation'

export type { FieldKey, Validation }

export function defaultEditorState(): EditorState {
  const oldest = preset('d2l-oldest').training!
  return {
    source: 'preset',
    preset: 'd2l-oldest',
    presetSeed: '0',
    presetN: '',
    gen: { fn: 'sin-linear', n: '100', noiseSd: '0.5', xMin: '0', xMax: '5', queryStep: '0.05', seed: '0' },
    imported: null,
    vector: defaultVectorEditorState(),
    kernel: 'gaussian',
    sigma: '1',
    sigmaRule: null,
    mode: 'nonparametric',
    w0Random: oldest.w0 === 'random',
    w0: '1',
    lr: String(oldest.lr),
    epochs: String(oldest.epochs),
    loss: oldest.loss,
    loo: oldest.leaveOneOut,
    batchSize: '',
    trainSeed: '',
    name: '',
  }
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

interface Rule {
  integer?: boolean
  min?: number
  exclusiveMin?: boolean
  max?: number
  optional?: boolean
}

/** A number typed into a field, or the reason it is not acceptable. */
export function parseNumber(text: string, rule: Rule = {}): { value: number | null; error: string | null } {
  const t = text.trim()
  if (t === '') return rule.optional ? { value: null, error: null } : { value: null, error: 'required' }
  if (!DECIMAL.test(t)) return { value: null, error: 'not a number' }
  const v = Number(t)
  if (!Number.isFinite(v)) return { value: null, error: 'too large' }
  if (rule.integer && !Number.isInteger(v)) return { value: null, error: 'must be a whole number' }
  if (rule.min !== undefined && (rule.exclusiveMin ? v <= rule.min : v < rule.min)) {
    return { value: null, error: `must be ${rule.exclusiveMin ? '>' : '≥'} ${rule.min}` }
  }
  if (rule.max !== undefined && v > rule.max) return { value: null, error: `must be ≤ ${rule.max.toLocaleString('en')}` }
  return { value: v, error: null }
}

const SEED: Rule = { integer: true, min: 0, max: MAX_SEED }
const COUNT: Rule = { integer: true, min: 1, max: MAX_GENERATED_N }

/** The data part alone (the live preview needs nothing else), its field errors written into `errors`. */
export function validateData(s: EditorState, errors: Validation['errors']): DataSpecInput | null {
  const field = (key: FieldKey, text: string, rule: Rule) => {
    const r = parseNumber(text, rule)
    if (r.error) errors[key] = r.error
    return r.value
  }
  // Vector data are not one-dimensional data: the preview and bandwidth suggestions get none.
  if (s.source === 'vector') return null
  if (s.source === 'preset') {
    const seed = field('presetSeed', s.presetSeed, SEED)
    const n = field('presetN', s.presetN, { ...COUNT, optional: true })
    if (seed === null || errors.presetN) return null
    return { preset: s.preset, seed, ...(n !== null ? { n } : {}) }
  }
  if (s.source === 'generator') {
    const g = s.gen
    const n = field('gen.n', g.n, COUNT)
    const noiseSd = field('gen.noiseSd', g.noiseSd, { min: 0 })
    const xMin = field('gen.xMin', g.xMin, {})
    const xMax = field('gen.xMax', g.xMax, {})
    const queryStep = field('gen.queryStep', g.queryStep, { min: 0, exclusiveMin: true })
    const seed = field('gen.seed', g.seed, SEED)
    if (xMin !== null && xMax !== null && !(xMax > xMin)) errors['gen.xMax'] = 'must be greater than x min'
    const f = targetFunction(g.fn)
    if (xMin !== null && xMin < f.domainMin) errors['gen.xMin'] = `${f.formula} needs x ≥ ${f.domainMin}`
    if (xMin !== null && xMax !== null && queryStep !== null && (xMax - xMin) / queryStep > MAX_QUERY_COUNT) {
      errors['gen.queryStep'] = `too small: over ${MAX_QUERY_COUNT.toLocaleString('en')} queries`
    }
    if (n === null || noiseSd === null || xMin === null || xMax === null || queryStep === null || seed === null) return null
    if (errors['gen.xMax'] || errors['gen.xMin'] || errors['gen.queryStep']) return null
    return { fn: g.fn, n, noiseSd, xMin, xMax, queryStep, seed }
  }
  if (!s.imported) {
    errors.imported = 'choose a CSV file with columns x,y'
    return null
  }
  const d = s.imported
  return { xTrain: d.xTrain, yTrain: d.yTrain, xQuery: d.xQuery, yTruth: d.yTruth, source: d.source }
}

/** The training fields of parametric mode (one-dimensional and vector data alike), or undefined with their errors noted. */
function parseTraining(s: EditorState, errors: Validation['errors']): ExperimentSpecInput['training'] {
  let training: ExperimentSpecInput['training'] = undefined
  if (s.mode === 'parametric') {
    if (s.kernel !== 'gaussian') errors.spec = 'parametric training learns the width of the Gaussian kernel: choose Gaussian'
    const w0 = s.w0Random ? null : parseNumber(s.w0, { min: -1e6, max: 1e6 })
    if (w0?.error) errors.w0 = w0.error
    const lr = parseNumber(s.lr, { min: 0, exclusiveMin: true, max: 1e6 })
    if (lr.error) errors.lr = lr.error
    const epochs = parseNumber(s.epochs, { integer: true, min: 0, max: MAX_EPOCHS })
    if (epochs.error) errors.epochs = epochs.error
    const batch = parseNumber(s.batchSize, { integer: true, min: 1, optional: true })
    if (batch.error) errors.batchSize = batch.error
    const seed = parseNumber(s.trainSeed, { ...SEED, optional: true })
    if (seed.error) errors.trainSeed = seed.error
    if (!w0?.error && !lr.error && !epochs.error && !batch.error && !seed.error) {
      training = {
        w0: s.w0Random ? 'random' : w0!.value!,
        lr: lr.value!,
        epochs: epochs.value!,
        loss: s.loss,
        loo: s.loo,
        batchSize: batch.value,
        ...(seed.value !== null ? { seed: seed.value } : {}),
      }
    }
  }
  return training
}

export function validateEditor(s: EditorState): Validation {
  if (s.source === 'vector') {
    const errors: Validation['errors'] = {}
    const training = parseTraining(s, errors)
    const v = validateVectorEditor(s.vector, s.kernel, s.name, s.mode, training)
    return Object.keys(errors).length ? { ...v, errors: { ...v.errors, ...errors }, spec: null } : v
  }
  const errors: Validation['errors'] = {}
  const data = validateData(s, errors)
  const sigma = parseNumber(s.sigma, { min: 0, exclusiveMin: true, max: SIGMA_MAX })
  if (sigma.value !== null && belowSigmaFloor(sigma.value)) sigma.error = sigmaFloorMessage('σ')
  if (sigma.error) errors.sigma = sigma.error
  const training = parseTraining(s, errors)
  const name = s.name.trim()
  if (name.length > 200) errors.name = 'at most 200 characters'
  if (Object.keys(errors).length > 0 || !data || sigma.value === null) return { errors, data, spec: null }
  const spec: ExperimentSpecInput = {
    data,
    kernel: s.kernel,
    sigma: s.sigmaRule ? { rule: s.sigmaRule } : sigma.value,
    mode: s.mode,
    ...(training ? { training } : {}),
    ...(name ? { name } : {}),
  }
  // The API's own schema as a backstop: the form and main can never disagree about what is valid.
  const checked = experimentSpecSchema.safeParse(spec)
  if (!checked.success) return { errors: { spec: describeZodError(checked.error) }, data, spec: null }
  return { errors, data, spec }
}

/** Applies a preset edition's training recipe to the form (what "use the edition's recipe" does). */
export function applyPresetRecipe(s: EditorState, id: PresetId): void {
  const recipe = preset(id).training ?? preset('d2l-oldest').training!
  setTrainingFields(s, { ...recipe, loo: recipe.leaveOneOut })
}

/** Writes training parameters into the form's text fields. */
function setTrainingFields(
  s: EditorState,
  t: { w0: number | 'random'; lr: number; epochs: number; loss: LossKind; loo: boolean; batchSize: number | null },
): void {
  s.w0Random = t.w0 === 'random'
  if (t.w0 !== 'random') s.w0 = String(t.w0)
  s.lr = String(t.lr)
  s.epochs = String(t.epochs)
  s.loss = t.loss
  s.loo = t.loo
  s.batchSize = t.batchSize === null ? '' : String(t.batchSize)
}

/** Stored spec of a run, as `getExperiment` returns it (inline data arrays are in `arrays`, not here). */
interface StoredSpec {
  name?: string
  data: Record<string, unknown>
  kernel: KernelId
  sigma: number | number[] | { rule: BandwidthMethod }
  mode: 'nonparametric' | 'parametric'
  training: { w0: number | 'random'; lr: number; epochs: number; loss: LossKind; loo: boolean; batchSize: number | null; seed: number } | null
}

/**
 * The editor filled from a stored run, for "edit and re-run". A bandwidth
 * that a rule chose becomes the number it chose, so the fields show what ran.
 */
export function editorStateFromRun(run: {
  spec: unknown
  sigma: number | null
  name: string
  arrays: { xTrain: number[]; yTrain: number[]; xQuery: number[]; yTruth: number[] | null } | null
  data: { label: string }
}): EditorState {
  const spec = run.spec as StoredSpec
  const s = defaultEditorState()
  const d = spec.data
  const vector = vectorEditorStateFromSpec(spec)
  if (vector) {
    s.source = 'vector'
    s.vector = vector
  } else if ('preset' in d) {
    s.source = 'preset'
    s.preset = d.preset as PresetId
    s.presetSeed = String(d.seed)
    s.presetN = d.n === undefined ? '' : String(d.n)
  } else if ('fn' in d) {
    s.source = 'generator'
    s.gen = {
      fn: d.fn as TargetFunctionId,
      n: String(d.n),
      noiseSd: String(d.noiseSd),
      xMin: String(d.xMin),
      xMax: String(d.xMax),
      queryStep: String(d.queryStep ?? ((d.xMax as number) - (d.xMin as number)) / 50),
      seed: String(d.seed),
    }
  } else if (run.arrays) {
    s.source = 'import'
    s.imported = { ...run.arrays, source: (d.source as string | undefined) ?? run.data.label }
  }
  s.kernel = spec.kernel
  if (!vector) {
    s.sigma = String(typeof spec.sigma === 'number' ? spec.sigma : (run.sigma ?? 1))
    s.sigmaRule = typeof spec.sigma === 'object' && !Array.isArray(spec.sigma) ? spec.sigma.rule : null
  }
  s.mode = spec.mode
  if (spec.training) {
    setTrainingFields(s, spec.training)
    s.trainSeed = String(spec.training.seed)
  }
  s.name = `${run.name} (edited)`
  return s
}

/**
 * After a run starts: the name field empties, so the next run is not given
 * the same name unasked (the placeholder suggests the default name instead).
 */
export function afterRunStarted(s: EditorState): void {
  s.name = ''
}

/** What a run from this spec is called when the name field is left blank (the store adds " (2)" etc. to keep it unique). */
export function suggestedName(spec: ExperimentSpecInput | null): string | null {
  if (!spec) return null
  const checked = experimentSpecSchema.safeParse(spec)
  return checked.success ? defaultName(checked.data) : null
}
