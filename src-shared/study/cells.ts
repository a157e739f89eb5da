import { experimentSpecSchema, type ExperimentSpec } from '../api/spec'
import { describeZodError } from '../api/zodHelpers'
import { MAX_SEED } from '../engine/rng'
import { InputError } from '../errors'
import { normalizeSpec } from '../experiment/normalize'
import { axisValues } from './axes'
import { canonicalJson, fingerprint } from './canonical'
import { axisLabeler, formatParam, paramsLabel } from './labels'
import { checkPath, cloneJson, setPath } from './paths'
import { MAX_STUDY_RUNS, type Study } from './studySpec'

/** One point of the study's grid: a value for every axis. */
export interface StudyCell {
  /** Position in the product of the axes (last axis fastest). */
  index: number
  /** Canonical JSON of `params`: how runs find their cell, across re-runs and extensions. */
  key: string
  /** fingerprint(key): names the cell in files and Slurm tags. */
  id: string
  /** Axis path to value, in the study file's axis order. */
  params: Record<string, unknown>
  /** The cell's spec, validated, before its replicates' seeds are set. */
  spec: ExperimentSpec
}

/** One run a study plans: a cell and a replicate. */
export interface PlannedRun {
  cell: StudyCell
  replicate: number
}

/** Each axis's labeler, built once per study (run names are made per replicate). */
const studyLabelers = new WeakMap<Study, (path: string, v: unknown) => string>()

/** Labels a cell's values as the study views do ("d = 2, n = 316", "loo-cv (isotropic)"), not as raw JSON. */
function studyLabeler(study: Study): (path: string, v: unknown) => string {
  let labelFor = studyLabelers.get(study)
  if (!labelFor) {
    const byPath = new Map(studyAxes(study).map((a) => [a.path, axisLabeler(a.values)]))
    labelFor = (path, v) => byPath.get(path)?.(v) ?? formatParam(v)
    studyLabelers.set(study, labelFor)
  }
  return labelFor
}

/** The values of every axis, checked: paths are spec fields, ranges well formed. */
export function studyAxes(study: Study): { path: string; values: unknown[] }[] {
  const axes = Object.entries(study.axes).map(([path, axis]) => {
    checkPath(path)
    return { path, values: axisValues(path, axis) }
  })
  let cells = 1
  for (const a of axes) cells *= a.values.length
  if (cells * study.replicates > MAX_STUDY_RUNS) {
    throw new InputError(`the study plans ${cells.toLocaleString('en')} cells x ${study.replicates} replicates; at most ${MAX_STUDY_RUNS.toLocaleString('en')} runs are allowed`)
  }
  return axes
}

/** The number of cells, without building them (for the editor's count as the user types). */
export function cellCount(study: Study): number {
  let cells = 1
  for (const a of studyAxes(study)) cells *= a.values.length
  return cells
}

/**
 * The training recipe a parametric spec would run with, made explicit, so an
 * axis on one training field (training.lr) varies that field and keeps the
 * rest of the edition's recipe rather than the schema's generic defaults.
 */
function withRecipe(cell: Record<string, unknown>): void {
  const probe = experimentSpecSchema.safeParse({ ...cell, mode: 'parametric', kernel: 'gaussian', training: undefined, sigma: 1 })
  if (!probe.success) return
  const recipe = normalizeSpec(probe.data).training
  if (!recipe) return
  const given = (cell.training ?? {}) as Record<string, unknown>
  const { seed: _seed, ...rest } = recipe
  cell.training = { ...rest, ...given }
}

function cellError(params: Record<string, unknown>, message: string, issuePath: string): InputError {
  // Name the axis the problem is in, with its value; else the whole cell.
  const axis = Object.keys(params).find((p) => issuePath === p || issuePath.startsWith(`${p}.`) || p.startsWith(`${issuePath}.`))
  if (axis !== undefined) return new InputError(`axis "${axis}" = ${JSON.stringify(params[axis])} makes an invalid spec: ${message}`)
  const where = Object.keys(params).length ? `the cell ${paramsLabel(params)}` : 'the base'
  return new InputError(`${where} is not a valid experiment spec: ${message}`)
}

/** Every cell of the study, each with its validated spec. */
export function enumerateCells(study: Study): StudyCell[] {
  const axes = studyAxes(study)
  const touchesTraining = axes.some((a) => a.path.startsWith('training.'))
  const cells: StudyCell[] = []
  const ids = new Set<string>()
  const total = axes.reduce((n, a) => n * a.values.length, 1)
  for (let index = 0; index < total; index++) {
    const params: Record<string, unknown> = {}
    let rest = index
    for (let k = axes.length - 1; k >= 0; k--) {
      const a = axes[k]!
      params[a.path] = a.values[rest % a.values.length]
      rest = Math.floor(rest / a.values.length)
    }
    // Axis order, not the reverse order the loop filled them in.
    const ordered: Record<string, unknown> = {}
    for (const a of axes) ordered[a.path] = params[a.path]
    const raw = cloneJson(study.base) as Record<string, unknown>
    for (const a of axes) setPath(raw, a.path, cloneJson(ordered[a.path]))
    if (touchesTraining && study.base.training === undefined) withRecipe(raw)
    const parsed = experimentSpecSchema.safeParse(raw)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      throw cellError(ordered, describeZodError(parsed.error), issue.path.map(String).join('.'))
    }
    checkReplicable(study, parsed.data, ordered)
    const key = canonicalJson(ordered)
    const id = fingerprint(key)
    if (ids.has(id)) throw new InputError(`two cells of the study share the fingerprint ${id}; change an axis value slightly`)
    ids.add(id)
    cells.push({ index, key, id, params: ordered, spec: parsed.data })
  }
  return cells
}

function checkReplicable(study: Study, spec: ExperimentSpec, params: Record<string, unknown>): void {
  if (study.replicates < 2) return
  const hasDataSeed = 'seed' in spec.data
  const parametric = spec.mode === 'parametric'
  const varies = (study.replicateSeeds !== 'training' && hasDataSeed) || (study.replicateSeeds !== 'data' && parametric)
  if (!varies) {
    const what = study.replicateSeeds === 'data' ? 'the data seed, but the data are inline (no seed)' : study.replicateSeeds === 'training' ? 'the training seed, but the spec is nonparametric (no training)' : 'the seeds, but the data are inline and nothing is trained'
    throw new InputError(`replicateSeeds "${study.replicateSeeds}" varies ${what}${Object.keys(params).length ? ` in the cell ${paramsLabel(params)}` : ''}: its ${study.replicates} replicates would be identical`)
  }
}

/** Seed of replicate r: the cell's own seed plus r (mod 2^32), so replicate 0 is the cell as written. */
export function replicateSeed(seed: number, replicate: number): number {
  return (seed + replicate) % (MAX_SEED + 1)
}

/**
 * The spec of one replicate of a cell. Replicates share seeds across cells
 * (common random numbers): replicate r of every cell sees the same data, so
 * differences between cells are not blurred by different draws.
 */
export function replicateSpec(study: Study, cell: StudyCell, replicate: number): ExperimentSpec {
  const spec = cloneJson(cell.spec)
  const dataSeed = 'seed' in spec.data ? spec.data.seed : null
  const varyData = study.replicateSeeds !== 'training' && dataSeed !== null
  const varyTraining = study.replicateSeeds !== 'data'
  if (spec.mode === 'parametric') {
    const training = spec.training ?? (normalizeSpec(spec).training as NonNullable<ExperimentSpec['training']>)
    // The training seed defaults to the data seed; pinned here so that varying the data alone leaves it as it was.
    const own = training.seed ?? dataSeed ?? 0
    spec.training = { ...training, seed: varyTraining ? replicateSeed(own, replicate) : own }
  }
  if (varyData && 'seed' in spec.data) spec.data = { ...spec.data, seed: replicateSeed(dataSeed!, replicate) }
  const prefix = spec.name ?? study.name
  const label = paramsLabel(cell.params, studyLabeler(study))
  const suffix = study.replicates > 1 ? ` · #${replicate + 1}` : ''
  spec.name = `${prefix.slice(0, 120)} · ${label}`.slice(0, 200 - suffix.length) + suffix
  return spec
}

/** Every run the study plans, cell by cell. */
export function plannedRuns(study: Study, cells: StudyCell[]): PlannedRun[] {
  const out: PlannedRun[] = []
  for (const cell of cells) for (let r = 0; r < study.replicates; r++) out.push({ cell, replicate: r })
  return out
}
