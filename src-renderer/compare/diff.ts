import type { RunDetail, RunSummary } from '../../src-shared/api/runs'
import { minOf } from '../../src-shared/arrays'

/**
 * The compare view's table: parameters, metrics and curve statistics of
 * several runs, one row each, with a flag telling whether the runs differ
 * there (the "only differences" switch hides the rest).
 */
export interface DiffRow {
  group: 'data' | 'model' | 'training' | 'metrics' | 'curves'
  label: string
  values: (string | number | null)[]
  differs: boolean
}

type Getter = (r: RunDetail) => string | number | null

const PARAMETERS: [DiffRow['group'], string, Getter][] = [
  ['data', 'data', (r) => r.data.label],
  ['data', 'seed', (r) => r.data.seed],
  ['data', 'training points', (r) => r.data.nTrain],
  ['data', 'queries', (r) => r.data.nQuery],
  ['model', 'mode', (r) => r.mode],
  ['model', 'kernel', (r) => r.kernel],
  ['model', 'σ', (r) => r.sigma],
  ['model', 'σ chosen by', (r) => r.sigmaRule],
  ['training', 'w0', (r) => r.training?.w0 ?? (r.training ? String(r.training.w0Spec) : null)],
  ['training', 'learning rate', (r) => r.training?.lr ?? null],
  ['training', 'epochs', (r) => r.training?.epochs ?? null],
  ['training', 'loss', (r) => r.training?.loss ?? null],
  ['training', 'leave-one-out', (r) => (r.training ? (r.training.loo ? 'yes' : 'no') : null)],
  ['training', 'batch size', (r) => (r.training ? (r.training.batchSize ?? 'full') : null)],
  ['training', 'training seed', (r) => r.training?.seed ?? null],
  ['metrics', 'learned w', (r) => r.w],
  ['metrics', 'training loss', (r) => r.metrics.trainLoss],
  ['metrics', 'training MSE', (r) => r.metrics.trainMse],
  ['metrics', 'test MSE', (r) => r.metrics.testMse],
  ['metrics', 'leave-one-out score', (r) => r.metrics.looScore],
  ['metrics', 'status', (r) => r.status],
]

function curveStats(values: number[]): { min: number | null; last: number | null } {
  if (values.length === 0) return { min: null, last: null }
  return { min: minOf(values), last: values[values.length - 1]! }
}

/** Curve rows: min and last of the loss and of w (trackers that show only the last value hide the best one). */
const CURVES: [string, (r: RunDetail) => number | null][] = [
  ['loss: min', (r) => curveStats(r.epochs.map((e) => e.loss)).min],
  ['loss: last', (r) => curveStats(r.epochs.map((e) => e.loss)).last],
  ['loss: epoch of min', (r) => (r.epochs.length ? r.epochs.reduce((b, e) => (e.loss < b.loss ? e : b)).epoch : null)],
  ['w: min', (r) => curveStats(r.epochs.map((e) => e.w)).min],
  ['w: last', (r) => curveStats(r.epochs.map((e) => e.w)).last],
]

function same(values: (string | number | null)[]): boolean {
  return values.every((v) => Object.is(v, values[0]))
}

export function diffRuns(runs: RunDetail[], onlyDifferences: boolean): DiffRow[] {
  const rows: DiffRow[] = [
    ...PARAMETERS.map(([group, label, get]) => ({ group, label, values: runs.map(get) })),
    ...CURVES.map(([label, get]) => ({ group: 'curves' as const, label, values: runs.map(get) })),
  ].map((r) => ({ ...r, differs: !same(r.values) }))
  // Rows empty for every run (training fields of nonparametric runs) say nothing.
  const informative = rows.filter((r) => r.values.some((v) => v !== null))
  return onlyDifferences ? informative.filter((r) => r.differs) : informative
}

/** Parameters and metrics for the scatter plot and for colouring curves. */
export const NUMERIC_FIELDS: Record<string, (r: RunSummary) => number | null> = {
  σ: (r) => r.sigma,
  'learning rate': (r) => r.training?.lr ?? null,
  epochs: (r) => r.training?.epochs ?? null,
  w0: (r) => r.training?.w0 ?? null,
  'learned w': (r) => r.w,
  'training points': (r) => r.data.nTrain,
  seed: (r) => r.data.seed,
  'test MSE': (r) => r.metrics.testMse,
  'training MSE': (r) => r.metrics.trainMse,
  'leave-one-out score': (r) => r.metrics.looScore,
  'training loss': (r) => r.metrics.trainLoss,
}

export const CATEGORICAL_FIELDS: Record<string, (r: RunSummary) => string> = {
  kernel: (r) => r.kernel,
  mode: (r) => r.mode,
  data: (r) => r.data.label,
  loss: (r) => r.training?.loss ?? '—',
  'leave-one-out': (r) => (r.training ? (r.training.loo ? 'yes' : 'no') : '—'),
}

/** Runs as CSV, one row each: every parameter and metric (the whole library in one file). */
export function runsCsv(runs: RunSummary[]): string {
  const cols: [string, (r: RunSummary) => string | number | null][] = [
    ['id', (r) => r.id],
    ['name', (r) => r.name],
    ['created', (r) => new Date(r.createdAt).toISOString()],
    ['status', (r) => r.status],
    ['mode', (r) => r.mode],
    ['kernel', (r) => r.kernel],
    ['sigma', (r) => r.sigma],
    ['sigma_rule', (r) => r.sigmaRule],
    ['data', (r) => r.data.label],
    ['seed', (r) => r.data.seed],
    ['n_train', (r) => r.data.nTrain],
    ['n_query', (r) => r.data.nQuery],
    ['w0', (r) => r.training?.w0 ?? null],
    ['lr', (r) => r.training?.lr ?? null],
    ['epochs', (r) => r.training?.epochs ?? null],
    ['loss', (r) => r.training?.loss ?? null],
    ['loo', (r) => (r.training ? r.training.loo : null) as never],
    ['batch_size', (r) => r.training?.batchSize ?? null],
    ['learned_w', (r) => r.w],
    ['train_loss', (r) => r.metrics.trainLoss],
    ['train_mse', (r) => r.metrics.trainMse],
    ['test_mse', (r) => r.metrics.testMse],
    ['loo_score', (r) => r.metrics.looScore],
    ['tags', (r) => r.tags.join(' ')],
    ['notes', (r) => r.notes],
  ]
  const cell = (v: string | number | boolean | null) => {
    if (v === null) return ''
    const s = String(v)
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  return [cols.map(([h]) => h).join(','), ...runs.map((r) => cols.map(([, get]) => cell(get(r))).join(','))].join('\n') + '\n'
}
