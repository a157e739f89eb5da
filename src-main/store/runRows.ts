import type { RunStatus, RunSummary } from '../../src-shared/api/runs'
import type { RunVectorInfo } from '../../src-shared/api/vectorRuns'
import type { BandwidthMethod } from '../../src-shared/engine/bandwidth'
import type { KernelId } from '../../src-shared/engine/kernels'
import type { LossKind } from '../../src-shared/engine/types'

/** A row of the runs table as better-sqlite3 returns it. */
export interface RunRow {
  id: string
  name: string
  created_at: number
  started_at: number | null
  finished_at: number | null
  status: RunStatus
  error_name: string | null
  error_message: string | null
  mode: 'nonparametric' | 'parametric'
  kernel: KernelId
  sigma: number | null
  sigma_rule: BandwidthMethod | null
  data_kind: 'preset' | 'generator' | 'inline'
  data_label: string
  seed: number | null
  n_train: number
  n_query: number
  has_truth: number
  spec_json: string
  w0_spec: string | null
  w0: number | null
  lr: number | null
  epochs: number | null
  loss: LossKind | null
  loo: number | null
  batch_size: number | null
  train_seed: number | null
  learned_w: number | null
  train_loss: number | null
  train_mse: number | null
  test_mse: number | null
  loo_score: number | null
  epochs_done: number
  undefined_queries: string
  baseline: number | null
  app_version: string
  notes: string
  deleted_at: number | null
  owner: string | null
  fit_algorithm: string | null
  fit_error_bound: number | null
  parent_id: string | null
  sigma_eff: number | null
  train_loss_covered: number | null
  train_mse_covered: number | null
  test_mse_covered: number | null
  loo_score_covered: number | null
  complete: number | null
  spec_hash: string | null
  vector_json: string | null
}

/** Every column that describes a run (not bookkeeping: which process owns it, when it was deleted). */
export const RUN_COLUMNS = [
  'id', 'name', 'created_at', 'started_at', 'finished_at', 'status', 'error_name', 'error_message', 'mode', 'kernel',
  'sigma', 'sigma_rule', 'data_kind', 'data_label', 'seed', 'n_train', 'n_query', 'has_truth', 'spec_json', 'w0_spec',
  'w0', 'lr', 'epochs', 'loss', 'loo', 'batch_size', 'train_seed', 'learned_w', 'train_loss', 'train_mse', 'test_mse',
  'loo_score', 'epochs_done', 'undefined_queries', 'baseline', 'app_version', 'notes', 'fit_algorithm', 'fit_error_bound',
  'parent_id', 'sigma_eff', 'train_loss_covered', 'train_mse_covered', 'test_mse_covered', 'loo_score_covered', 'complete', 'spec_hash', 'vector_json',
] as const satisfies readonly (keyof RunRow)[]

// Compile-time check: RUN_COLUMNS lists every column of RunRow but the bookkeeping ones.
type Missing = Exclude<keyof RunRow, (typeof RUN_COLUMNS)[number] | 'owner' | 'deleted_at'>
export const RUN_COLUMNS_COMPLETE: [Missing] extends [never] ? true : Missing = true

/** Columns of a summary: everything but the spec, the undefined-query list and the baseline, which only a detail needs. */
export const SUMMARY_COLUMNS = RUN_COLUMNS.filter((c) => c !== 'spec_json' && c !== 'undefined_queries' && c !== 'baseline').join(', ')

export function rowToSummary(row: RunRow, tags: string[]): RunSummary {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status,
    error: row.error_name ? { name: row.error_name, message: row.error_message ?? '' } : null,
    mode: row.mode,
    kernel: row.kernel,
    sigma: row.sigma,
    sigmaRule: row.sigma_rule,
    data: {
      kind: row.data_kind,
      label: row.data_label,
      seed: row.seed,
      nTrain: row.n_train,
      nQuery: row.n_query,
      hasTruth: row.has_truth === 1,
    },
    training:
      row.mode === 'parametric' && row.lr !== null
        ? {
            w0Spec: row.w0_spec === 'random' ? 'random' : Number(row.w0_spec),
            w0: row.w0,
            lr: row.lr,
            epochs: row.epochs ?? 0,
            loss: row.loss ?? 'sum-half',
            loo: row.loo === 1,
            batchSize: row.batch_size,
            seed: row.train_seed ?? 0,
          }
        : null,
    w: row.learned_w,
    metrics: { trainLoss: row.train_loss, trainMse: row.train_mse, testMse: row.test_mse, looScore: row.loo_score },
    coverage: {
      trainLoss: coverage(row.train_loss_covered, row.n_train),
      trainMse: coverage(row.train_mse_covered, row.n_train),
      testMse: coverage(row.test_mse_covered, row.n_query),
      looScore: coverage(row.loo_score_covered, row.n_train),
    },
    complete: row.complete === null ? null : row.complete === 1,
    sigmaEff: row.sigma_eff,
    parentId: row.parent_id,
    epochsDone: row.epochs_done,
    fit: row.fit_algorithm === null ? null : { algorithm: row.fit_algorithm, errorBound: row.fit_error_bound ?? 0 },
    tags,
    notes: row.notes,
    appVersion: row.app_version,
    vector: row.vector_json ? (JSON.parse(row.vector_json) as RunVectorInfo) : null,
  }
}

function coverage(covered: number | null, total: number): { covered: number; total: number } | null {
  return covered === null ? null : { covered, total }
}
