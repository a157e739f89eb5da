import { BUNDLE_ARRAYS, type BundleArrayName, type BundleRun } from '../../src-shared/api/bundle'
import { experimentSpecSchema } from '../../src-shared/api/spec'
import { describeZodError } from '../../src-shared/api/zodHelpers'
import { InputError } from '../../src-shared/errors'
import { normalizeSpec, type NormalizedSpec } from '../../src-shared/experiment/normalize'
import { inlineVectorFromStorage } from '../../src-shared/experiment/vectorData'
import { vectorInfoOfSpec } from '../../src-shared/experiment/vectorInfo'

/**
 * Checks a bundle run with the same schemas the API uses before anything is
 * written: its spec must be one the API would accept, its arrays whole
 * float64 values of matching lengths, its inputs finite, and a finished run
 * must carry what a finished run has (data, predictions, a bandwidth > 0).
 * A run that fails is refused with a message naming it and the field, so no
 * run that cannot be opened or re-run gets in.
 */
export interface CheckedRun {
  run: BundleRun
  spec: NormalizedSpec
  arrays: Partial<Record<BundleArrayName, Float64Array>>
}

/** Arrays that hold inputs: every value must be finite. */
const FINITE: readonly BundleArrayName[] = ['xTrain', 'yTrain', 'xQuery', 'yTruth', 'epochLoss', 'epochW', 'batchLoss']

/** The run's dimension: its result's, else its spec's (1 for one-dimensional runs). */
function dimensionOfRun(run: BundleRun, spec: NormalizedSpec): number {
  return run.result.vector?.d ?? vectorInfoOfSpec(spec)?.d ?? 1
}

function fail(run: BundleRun, field: string, problem: string): never {
  throw new InputError(`bundle run ${run.id}: ${field}: ${problem}`)
}

function decode(run: BundleRun): CheckedRun['arrays'] {
  const out: CheckedRun['arrays'] = {}
  for (const name of Object.keys(run.arrays) as BundleArrayName[]) {
    if (!(name in BUNDLE_ARRAYS)) continue
    const bytes = Buffer.from(run.arrays[name]!, 'base64')
    if (bytes.length % 8 !== 0) fail(run, `arrays.${name}`, 'is not a whole number of float64 values')
    const copy = new Uint8Array(bytes.length)
    copy.set(bytes)
    const values = new Float64Array(copy.buffer)
    if (FINITE.includes(name)) {
      for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) fail(run, `arrays.${name}[${i}]`, `must be a finite number (got ${values[i]})`)
    }
    out[name] = values
  }
  return out
}

function checkSpec(run: BundleRun, arrays: CheckedRun['arrays']): NormalizedSpec {
  const stored = run.spec
  let spec: Record<string, unknown> = stored
  const data = stored.data as { inline?: unknown; source?: unknown } | undefined
  if (data && typeof data === 'object' && data.inline === true && 'features' in data) {
    for (const name of ['xTrain', 'yTrain', 'xQuery'] as const) if (!arrays[name]) fail(run, `arrays.${name}`, 'is missing, and the spec says its data are inline')
    try {
      spec = { ...stored, data: inlineVectorFromStorage(data, { xTrain: arrays.xTrain!, yTrain: arrays.yTrain!, xQuery: arrays.xQuery!, yTruth: arrays.yTruth ?? null }) }
    } catch (e) {
      fail(run, 'arrays.yTrain', (e as Error).message)
    }
  } else if (data && typeof data === 'object' && data.inline === true) {
    for (const name of ['xTrain', 'yTrain', 'xQuery'] as const) if (!arrays[name]) fail(run, `arrays.${name}`, 'is missing, and the spec says its data are inline')
    spec = {
      ...stored,
      data: {
        xTrain: Array.from(arrays.xTrain!),
        yTrain: Array.from(arrays.yTrain!),
        xQuery: Array.from(arrays.xQuery!),
        yTruth: arrays.yTruth ? Array.from(arrays.yTruth) : null,
        ...(typeof data.source === 'string' ? { source: data.source } : {}),
      },
    }
  }
  // A normalised spec says training: null for a nonparametric run, where the API's spec leaves it out.
  if (spec.training === null) {
    const { training: _none, ...rest } = spec
    spec = rest
  }
  const parsed = experimentSpecSchema.safeParse(spec)
  if (!parsed.success) {
    throw new InputError(`bundle run ${run.id}: ${describeZodError(parsed.error).replace(/(^|; )/g, '$1spec.').replace(/spec\.\[/g, 'spec[')}`)
  }
  if (parsed.data.mode === 'parametric' && !parsed.data.training) fail(run, 'spec.training', 'is missing for a parametric run')
  return normalizeSpec(parsed.data)
}

function checkLengths(run: BundleRun, spec: NormalizedSpec, a: CheckedRun['arrays']): void {
  const groups: BundleArrayName[][] = [
    ['xTrain', 'yTrain'],
    ['xQuery', 'yTruth', 'yHat', 'yHatNonparametric', 'bandLower', 'bandUpper', 'classScores'],
    ['epochLoss', 'epochW'],
    ['widthLoss', 'widthW'],
  ]
  // Values per row: vector inputs have d, class scores one per class.
  const d = dimensionOfRun(run, spec)
  const width: Partial<Record<BundleArrayName, number>> = { xTrain: d, xQuery: d, widthW: d, classScores: run.result.vector?.classCount ?? 1 }
  const rows = (n: BundleArrayName) => a[n]!.length / (width[n] ?? 1)
  for (const group of groups) {
    const present = group.filter((n) => a[n])
    for (const n of present) {
      if (!Number.isInteger(rows(n))) fail(run, `arrays.${n}`, `has ${a[n]!.length} values, not whole rows of ${width[n]}`)
    }
    for (const n of present.slice(1)) {
      // One-dimensional arrays have a value per row: the message counts values, as it always has.
      const unit = d === 1 && n !== 'classScores' ? 'values' : 'rows'
      if (rows(n) !== rows(present[0]!)) fail(run, `arrays.${n}`, `has ${rows(n)} ${unit} but ${present[0]} has ${rows(present[0]!)}`)
    }
  }
  if (a.epochLoss && a.epochLoss.length !== run.result.epochsDone) {
    fail(run, 'result.epochsDone', `is ${run.result.epochsDone} but arrays.epochLoss has ${a.epochLoss.length} values`)
  }
  if (a.widthLoss && a.widthLoss.length !== run.result.epochsDone) {
    fail(run, 'result.epochsDone', `is ${run.result.epochsDone} but arrays.widthLoss has ${a.widthLoss.length} values`)
  }
}

function checkFinished(run: BundleRun, spec: NormalizedSpec, a: CheckedRun['arrays']): void {
  const r = run.result
  for (const name of ['xTrain', 'yTrain', 'xQuery', 'yHat'] as const) {
    if (!a[name] || a[name]!.length === 0) fail(run, `arrays.${name}`, 'is missing or empty, but the run is done')
  }
  const vector = vectorInfoOfSpec(spec)
  if (vector) {
    const sigma = r.vector?.sigma
    if (!r.vector || !sigma) fail(run, 'result.vector.sigma', 'is missing, but the run is a finished vector run')
    if (r.vector.d !== vector.d || sigma.length !== vector.d) fail(run, 'result.vector.sigma', `must have one width per feature (${vector.d})`)
    sigma.forEach((s, l) => {
      if (!(s > 0) || !Number.isFinite(s)) fail(run, `result.vector.sigma[${l}]`, `must be a number > 0 (got ${s})`)
    })
    if (r.vector.task === 'classification' && (!a.classScores || r.vector.classCount === null || !r.vector.labelNames)) {
      fail(run, 'arrays.classScores', 'is missing, but the run is a finished classification run')
    }
  } else if (r.sigma === null || !(r.sigma > 0) || !Number.isFinite(r.sigma)) {
    fail(run, 'result.sigma', `must be a number > 0 for a finished run (got ${r.sigma})`)
  }
  if (spec.mode === 'parametric' && vector) {
    const w = r.vector?.learned?.w
    if (!w || w.length !== vector.d || !w.every(Number.isFinite)) fail(run, 'result.vector.learned.w', `must be ${vector.d} finite numbers for a finished parametric vector run`)
  } else if (spec.mode === 'parametric' && (r.w === null || !Number.isFinite(r.w))) {
    fail(run, 'result.w', 'must be a finite number for a finished parametric run')
  }
  const m = a.yHat!.length
  const undefinedSet = new Set(r.undefinedQueries)
  for (const q of r.undefinedQueries) if (q >= m) fail(run, 'result.undefinedQueries', `names query ${q}, but there are ${m}`)
  const yHat = a.yHat!
  for (let i = 0; i < m; i++) {
    const defined = Number.isFinite(yHat[i]!)
    if (defined === undefinedSet.has(i)) fail(run, `arrays.yHat[${i}]`, defined ? 'has a value, but the query is listed as undefined' : 'is not a finite number')
  }
}

export function checkBundleRun(run: BundleRun): CheckedRun {
  const arrays = decode(run)
  const spec = checkSpec(run, arrays)
  checkLengths(run, spec, arrays)
  if (run.status === 'done') checkFinished(run, spec, arrays)
  return { run, spec, arrays }
}
