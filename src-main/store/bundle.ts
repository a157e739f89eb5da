import { BUNDLE_ARRAYS, BUNDLE_FORMAT, BUNDLE_VERSION, type AnyBundle, type Bundle, type BundleArrayName, type BundleRun } from '../../src-shared/api/bundle'
import type { RunSummary } from '../../src-shared/api/runs'
import type { EpochRecord } from '../../src-shared/engine/sgd'
import { InputError } from '../../src-shared/errors'
import { checkBundleRun, type CheckedRun } from './bundleCheck'
import { upgradeBundleV1 } from './bundleV1'
import { encodeFloat64 } from './blobs'

/**
 * The bundle format mapped to and from what the store keeps. Export reads a
 * run's summary, spec, curve and arrays; import checks every run first
 * (bundleCheck.ts) and only then writes, all in one transaction.
 */

export interface StoredRunForExport {
  summary: RunSummary
  /** The spec as stored (inline data replaced by a marker). */
  spec: Record<string, unknown>
  undefinedQueries: number[]
  baseline: number | null
  epochs: EpochRecord[]
  arrays: Partial<Record<BundleArrayName, Float64Array>>
}

function base64(values: Float64Array): string {
  return encodeFloat64(values).toString('base64')
}

export function toBundleRun(r: StoredRunForExport): BundleRun {
  const s = r.summary
  const arrays: BundleRun['arrays'] = {}
  for (const name of Object.keys(BUNDLE_ARRAYS) as BundleArrayName[]) if (r.arrays[name]) arrays[name] = base64(r.arrays[name]!)
  if (r.epochs.length > 0) {
    arrays.epochLoss = base64(Float64Array.from(r.epochs, (e) => e.loss))
    arrays.epochW = base64(Float64Array.from(r.epochs, (e) => e.w))
  }
  return {
    id: s.id,
    name: s.name,
    status: s.status,
    createdAt: s.createdAt,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    error: s.error,
    appVersion: s.appVersion,
    parentId: s.parentId,
    tags: s.tags,
    notes: s.notes,
    spec: r.spec,
    result: {
      sigma: s.sigma,
      sigmaEff: s.sigmaEff,
      w0: s.training?.w0 ?? null,
      w: s.w,
      baseline: r.baseline,
      metrics: s.metrics,
      coverage: s.coverage,
      // A parametric vector run keeps its curve in widthLoss and widthW, not in the epoch records.
      epochsDone: r.arrays.widthLoss ? r.arrays.widthLoss.length : r.epochs.length,
      undefinedQueries: r.undefinedQueries,
      fit: s.fit,
      ...(s.vector ? { vector: s.vector } : {}),
    },
    arrays,
  }
}

export function makeBundle(runs: BundleRun[], appVersion: string, now: number): Bundle {
  return { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, exportedAt: now, appVersion, runs }
}

/** Every run of a bundle of any version, checked; throws an InputError naming the first bad run and field. */
export function checkBundle(bundle: AnyBundle): CheckedRun[] {
  const current = bundle.version === 1 ? upgradeBundleV1(bundle) : bundle
  const seen = new Set<string>()
  return current.runs.map((run) => {
    if (seen.has(run.id)) throw new InputError(`bundle run ${run.id}: id: appears twice`)
    seen.add(run.id)
    return checkBundleRun(run)
  })
}
