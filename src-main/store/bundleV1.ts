import { BUNDLE_FORMAT, BUNDLE_VERSION, type Bundle, type BundleRun } from '../../src-shared/api/bundle'
import type { BundleRunV1, BundleV1 } from '../../src-shared/api/bundleV1'
import { InputError } from '../../src-shared/errors'
import { sigmaEffOf } from './runColumns'

/**
 * Upgrades a version 1 bundle (a copy of each run's row) to the current
 * format. Its counts must agree with its arrays: they are derived from the
 * arrays in version 2, so a disagreement means the file was edited or broken.
 */
export function upgradeBundleV1(b: BundleV1): Bundle {
  return { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, exportedAt: b.exportedAt, appVersion: b.appVersion, runs: b.runs.map(upgradeRun) }
}

function valuesIn(b64: string | undefined): number | null {
  return b64 === undefined ? null : Buffer.from(b64, 'base64').length / 8
}

function upgradeRun(r: BundleRunV1): BundleRun {
  const counts: [keyof typeof r, number, string][] = [
    ['n_train', r.n_train, 'xTrain'],
    ['n_query', r.n_query, 'xQuery'],
  ]
  for (const [column, n, array] of counts) {
    const have = valuesIn(r.arrays[array as keyof typeof r.arrays])
    if (have !== null && have !== n) throw new InputError(`bundle run ${r.id}: ${column} is ${n} but ${array} has ${have} values`)
  }
  let spec: Record<string, unknown>
  try {
    spec = JSON.parse(r.spec_json) as Record<string, unknown>
  } catch {
    throw new InputError(`bundle run ${r.id}: spec_json is not JSON`)
  }
  const counted = (covered: number | null, total: number) => (covered === null ? null : { covered, total })
  const undefinedQueries = JSON.parse(r.undefined_queries) as number[]
  const m = r.n_query
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    error: r.error_name === null ? null : { name: r.error_name, message: r.error_message ?? '' },
    appVersion: r.app_version,
    parentId: null,
    tags: r.tags,
    notes: r.notes,
    spec,
    result: {
      sigma: r.sigma,
      sigmaEff: sigmaEffOf(r.learned_w),
      w0: r.w0,
      w: r.learned_w,
      baseline: r.baseline,
      metrics: { trainLoss: r.train_loss, trainMse: r.train_mse, testMse: r.test_mse, looScore: r.loo_score },
      // Version 1 did not record coverage; a test MSE skipped exactly the undefined queries.
      coverage: {
        trainLoss: counted(r.train_loss === null ? null : r.n_train, r.n_train),
        trainMse: null,
        testMse: counted(r.test_mse === null ? null : m - undefinedQueries.length, m),
        looScore: counted(r.loo_score === null ? null : r.n_train, r.n_train),
      },
      epochsDone: r.epochs_done,
      undefinedQueries,
      fit: r.fit_algorithm ? { algorithm: r.fit_algorithm, errorBound: r.fit_error_bound ?? 0 } : null,
    },
    arrays: r.arrays,
  }
}
