import { BUNDLE_ARRAYS, type BundleArrayName, type BundleRun } from '../../src-shared/api/bundle'
import { experimentSpecSchema } from '../../src-shared/api/spec'
import { describeZodError } from '../../src-shared/api/zodHelpers'
import { InputError } from '../../src-shared/errors'
import { normalizeSpec, type NormalizedSpec } from '../../src-shared/experiment/normalize'

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
  if (data && typeof data === 'object' && data.inline === true) {
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

function checkLengths(run: BundleRun, a: CheckedRun['arrays']): void {
  const groups: BundleArrayName[][] = [
    ['xTrain', 'yTrain'],
    ['xQuery', 'yTruth', 'yHat', 'yHatNonparametric'],
    ['epochLoss', 'epochW'],
  ]
  for (const group of groups) {
    const present = group.filter((n) => a[n])
    for (const n of present.slice(1)) {
      if (a[n]!.length !== a[present[0]!]!.length) fail(run, `arrays.${n}`, `has ${a[n]!.length} values but ${present[0]} has ${a[present[0]!]!.length}`)
    }
  }
  if (a.epochLoss && a.epochLoss.length !== run.result.epochsDone) {
    fail(run, 'result.epochsDone', `is ${run.result.epochsDone} but arrays.epochLoss has ${a.epochLoss.length} values`)
  }
}

function checkFinished(run: BundleRun, spec: NormalizedSpec, a: CheckedRun['arrays']): void {
  const r = run.result
  for (const name of ['xTrain', 'yTrain', 'xQuery', 'yHat'] as const) {
    if (!a[name] || a[name]!.length === 0) fail(run, `arrays.${name}`, 'is missing or empty, but the run is done')
  }
  if (r.sigma === null || !(r.sigma > 0) || !Number.isFinite(r.sigma)) fail(run, 'result.sigma', `must be a number > 0 for a finished run (got ${r.sigma})`)
  if (spec.mode === 'parametric' && (r.w === null || !Number.isFinite(r.w))) fail(run, 'result.w', 'must be a finite number for a finished parametric run')
  const m = a.xQuery!.length
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
  checkLengths(run, arrays)
  if (run.status === 'done') checkFinished(run, spec, arrays)
  return { run, spec, arrays }
}
