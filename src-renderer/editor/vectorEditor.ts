import type { ExperimentSpecInput } from '../../src-shared/api/spec'
import { belowSigmaFloor, sigmaFloorMessage, SIGMA_MAX } from '../../src-shared/api/sigmaRange'
import { experimentSpecSchema } from '../../src-shared/api/spec'
import { describeZodError } from '../../src-shared/api/zodHelpers'
import { DATA_PRESETS, dataPreset } from '../../src-shared/datasets/presets'
import type { KernelId } from '../../src-shared/engine/kernels'
import { MAX_SEED } from '../../src-shared/engine/rng'
import type { Estimator, Scoring } from '../../src-shared/engine/vectorTypes'
import type { Validation } from './validation'
import type { CsvTable } from './vectorCsv'

/**
 * The editor's vector data (issue 13), apart from the one-dimensional
 * form: a shipped data set with its feature columns, or an imported CSV
 * with a column picker (features, the target or class column, an optional
 * truth column), and the per-coordinate widths. It builds the same spec
 * `nw-workbench run --spec` reads.
 */
export interface VectorEditorState {
  kind: 'dataset' | 'csv'
  dataset: string
  /** Shipped set: chosen feature columns, in the set's order. */
  features: string[]
  holdout: string
  seed: string
  /** Imported table (raw, not reactive), and its chosen columns. */
  csv: CsvTable | null
  csvFeatures: string[]
  csvTarget: string
  /** '' for none. */
  csvTruth: string
  task: 'regression' | 'classification'
  sigmaRule: 'given' | 'silverman' | 'scott' | 'loo-cv'
  /** One width, or one per feature, separated by commas. */
  sigma: string
  estimator: Estimator
  scoring: Scoring
  /** Parametric mode: train on standardised inputs (one learning rate then fits every coordinate's scale). */
  standardize: boolean
}

export function defaultVectorEditorState(): VectorEditorState {
  return {
    kind: 'dataset',
    dataset: 'cars',
    features: [...dataPreset('cars').defaultFeatures],
    holdout: '0.25',
    seed: '0',
    csv: null,
    csvFeatures: [],
    csvTarget: '',
    csvTruth: '',
    task: 'regression',
    sigmaRule: 'silverman',
    sigma: '1',
    estimator: 'nw',
    scoring: 'distance',
    standardize: true,
  }
}

/** The task a choice of data implies: a shipped set's own, an imported text target is classification. */
export function vectorTask(v: VectorEditorState): 'regression' | 'classification' {
  if (v.kind === 'dataset') return DATA_PRESETS.find((p) => p.id === v.dataset)?.task ?? 'regression'
  return v.task
}

function numberIn(text: string, lo: number, hi: number, integer: boolean): number | null {
  const t = text.trim()
  if (t === '' || !Number.isFinite(Number(t))) return null
  const v = Number(t)
  if (v < lo || v > hi || (integer && !Number.isInteger(v))) return null
  return v
}

type VectorErrors = Partial<Record<'vector.features' | 'vector.holdout' | 'vector.seed' | 'vector.csv' | 'vector.target' | 'vector.sigma', string>>

export interface VectorValidation extends Omit<Validation, 'errors'> {
  errors: Validation['errors'] & VectorErrors
}

/** The spec the vector form describes, or what is wrong with each of its fields. */
export function validateVectorEditor(
  v: VectorEditorState,
  kernel: KernelId,
  name: string,
  mode: 'nonparametric' | 'parametric' = 'nonparametric',
  training?: ExperimentSpecInput['training'],
): VectorValidation {
  const errors: VectorErrors = {}
  let data: Record<string, unknown> | null = null
  let d = 0
  if (v.kind === 'dataset') {
    const seed = numberIn(v.seed, 0, MAX_SEED, true)
    if (seed === null) errors['vector.seed'] = `a whole number in [0, ${MAX_SEED}]`
    const holdout = numberIn(v.holdout, 0, 0.9, false)
    if (holdout === null) errors['vector.holdout'] = 'a share in [0, 0.9]'
    if (v.features.length === 0) errors['vector.features'] = 'choose at least one feature'
    d = v.features.length
    if (seed !== null && holdout !== null && d > 0) data = { dataset: v.dataset, features: [...v.features], holdout, seed }
  } else if (!v.csv) {
    errors['vector.csv'] = 'choose a CSV file'
  } else {
    const t = v.csv
    const col = (name: string) => t.columns.indexOf(name)
    if (v.csvFeatures.length === 0) errors['vector.features'] = 'choose at least one numeric feature column'
    const bad = v.csvFeatures.find((f) => col(f) < 0 || !t.numeric[col(f)])
    if (bad !== undefined) errors['vector.features'] = `column "${bad}" is not numeric`
    if (!v.csvTarget || col(v.csvTarget) < 0) errors['vector.target'] = 'choose the target or class column'
    else if (v.csvFeatures.includes(v.csvTarget)) errors['vector.target'] = 'the target cannot also be a feature'
    else if (v.task === 'regression' && !t.numeric[col(v.csvTarget)]) errors['vector.target'] = `column "${v.csvTarget}" has text: choose classification, or a numeric column`
    if (v.csvTruth && (col(v.csvTruth) < 0 || !t.numeric[col(v.csvTruth)])) errors['vector.target'] = `truth column "${v.csvTruth}" is not numeric`
    d = v.csvFeatures.length
    if (Object.keys(errors).length === 0) {
      const x: number[] = []
      const fs = v.csvFeatures.map(col)
      for (let i = 0; i < t.rows; i++) for (const k of fs) x.push(Number(t.cells[k]![i]))
      const target = t.cells[col(v.csvTarget)]!
      // The queries are the table's rows: classification scores them against their own labels (and, honestly, by leave-one-out).
      data =
        v.task === 'classification'
          ? { features: [...v.csvFeatures], target: v.csvTarget, xTrain: x, labelsTrain: [...target], xQuery: x, labelsQuery: [...target], source: t.name }
          : {
              features: [...v.csvFeatures],
              target: v.csvTarget,
              xTrain: x,
              yTrain: target.map(Number),
              xQuery: x,
              yTruth: v.csvTruth ? t.cells[col(v.csvTruth)]!.map(Number) : null,
              source: t.name,
            }
    }
  }
  let sigma: ExperimentSpecInput['sigma'] | null = null
  const trained = mode === 'parametric'
  // A trained run learns its widths: the width fields do not apply.
  if (trained) {
    sigma = 1
  } else if (v.sigmaRule !== 'given') {
    sigma = { rule: v.sigmaRule }
  } else {
    const parts = v.sigma.split(',').map((p) => numberIn(p, Number.MIN_VALUE, SIGMA_MAX, false))
    if (parts.some((p) => p === null)) errors['vector.sigma'] = 'widths > 0, separated by commas'
    else if (parts.some((p) => belowSigmaFloor(p!))) errors['vector.sigma'] = `each width ${sigmaFloorMessage('σ')}`
    else if (parts.length !== 1 && parts.length !== d) errors['vector.sigma'] = `give one width, or one per feature (${d})`
    else sigma = parts as number[]
  }
  if (Object.keys(errors).length > 0 || !data || sigma === null) return { errors, data: null, spec: null }
  const spec = {
    data,
    kernel,
    // The form's mode goes in as chosen, so a parametric choice on class data meets the schema's own explanation.
    mode,
    task: vectorTask(v),
    ...(trained
      ? { training: { ...(training ?? {}), standardize: v.standardize } }
      : { sigma, ...(vectorTask(v) === 'regression' ? { estimator: v.estimator } : {}), scoring: v.scoring }),
    ...(name.trim() ? { name: name.trim() } : {}),
  } as ExperimentSpecInput
  const checked = experimentSpecSchema.safeParse(spec)
  if (!checked.success) return { errors: { spec: describeZodError(checked.error) }, data: null, spec: null }
  // data stays null: the live preview and the bandwidth suggestions read one-dimensional data only.
  return { errors, data: null, spec }
}

/**
 * The vector form filled from a stored run's spec ("edit and re-run"), or
 * null for a one-dimensional spec. Shipped sets come back whole; imported
 * tables are not kept with the run, so the form asks for the file again.
 */
export function vectorEditorStateFromSpec(spec: {
  data: Record<string, unknown>
  sigma: unknown
  estimator?: unknown
  scoring?: unknown
  task?: unknown
  training?: unknown
}): VectorEditorState | null {
  const d = spec.data
  if (!('dataset' in d || 'vectorFn' in d || 'features' in d)) return null
  const v = defaultVectorEditorState()
  if ('dataset' in d) {
    v.dataset = String(d.dataset)
    v.features = Array.isArray(d.features) ? d.features.map(String) : [...dataPreset(v.dataset).defaultFeatures]
    v.holdout = String(d.holdout ?? 0.25)
    v.seed = String(d.seed ?? 0)
  } else {
    v.kind = 'csv'
  }
  if (Array.isArray(spec.sigma)) {
    v.sigmaRule = 'given'
    v.sigma = spec.sigma.join(', ')
  } else if (spec.sigma && typeof spec.sigma === 'object' && 'rule' in spec.sigma) {
    v.sigmaRule = (spec.sigma as { rule: VectorEditorState['sigmaRule'] }).rule
  } else if (typeof spec.sigma === 'number') {
    v.sigmaRule = 'given'
    v.sigma = String(spec.sigma)
  }
  if (spec.estimator === 'local-linear') v.estimator = 'local-linear'
  if (spec.scoring === 'dot') v.scoring = 'dot'
  if (spec.task === 'classification') v.task = 'classification'
  const training = spec.training as { standardize?: unknown } | null | undefined
  if (training && typeof training.standardize === 'boolean') v.standardize = training.standardize
  return v
}
