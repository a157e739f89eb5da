import type { RunDetail, RunSummary } from '../../src-shared/api/runs'
import { minOf } from '../../src-shared/arrays'
import type { Coverage, MetricName } from '../../src-shared/experiment/metrics'
import { LIBRARY_METRICS } from '../library/coverage'

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
  // Vector runs (issue 13); empty for one-dimensional runs, so their rows drop out of a one-dimensional comparison.
  ['data', 'dimension d', (r) => r.vector?.d ?? null],
  ['data', 'features', (r) => (r.vector ? r.vector.features.join(', ') : null)],
  ['model', 'task', (r) => r.vector?.task ?? null],
  ['model', 'estimator', (r) => r.vector?.estimator ?? null],
  ['model', 'scoring', (r) => r.vector?.scoring ?? null],
  ['model', 'σ per coordinate', (r) => vectorText(r.vector?.sigma)],
  ['model', 'mode', (r) => r.mode],
  ['model', 'kernel', (r) => r.kernel],
  // A parametric run's σ is that of its nonparametric comparison fit; the trained model's own bandwidth is σ_eff.
  ['model', 'σ (nonparametric fit)', (r) => r.sigma],
  ['model', 'σ chosen by', (r) => r.sigmaRule],
  ['training', 'w0', (r) => r.training?.w0 ?? (r.training ? String(r.training.w0Spec) : null)],
  ['training', 'learning rate', (r) => r.training?.lr ?? null],
  ['training', 'epochs', (r) => r.training?.epochs ?? null],
  ['training', 'loss', (r) => r.training?.loss ?? null],
  ['training', 'leave-one-out', (r) => (r.training ? (r.training.loo ? 'yes' : 'no') : null)],
  ['training', 'batch size', (r) => (r.training ? (r.training.batchSize ?? 'full') : null)],
  ['training', 'training seed', (r) => r.training?.seed ?? null],
  ['training', 'standardised inputs', (r) => (r.vector?.learned ? (r.vector.learned.scale ? 'yes' : 'no') : null)],
  ['metrics', 'learned w', (r) => r.w ?? vectorText(r.vector?.learned?.w)],
  ['metrics', 'σ_eff = 1/|w|', (r) => r.sigmaEff],
  ['metrics', 'training loss', (r) => withCoverage(r, 'trainLoss')],
  ['metrics', 'training MSE', (r) => withCoverage(r, 'trainMse')],
  ['metrics', 'test MSE', (r) => withCoverage(r, 'testMse')],
  ['metrics', 'leave-one-out score', (r) => withCoverage(r, 'looScore')],
  ['metrics', 'accuracy', (r) => r.vector?.classMetrics?.accuracy ?? null],
  ['metrics', 'log loss', (r) => r.vector?.classMetrics?.logLoss ?? null],
  ['metrics', 'leave-one-out accuracy', (r) => r.vector?.classMetrics?.looAccuracy ?? null],
  ['metrics', 'metrics cover every point', (r) => (r.complete === null ? null : r.complete ? 'yes' : 'no')],
  ['metrics', 'status', (r) => r.status],
]

/**
 * A metric as the table shows it: the number alone when it covers every
 * point, else with how many it covers ("0.0358 · 5/50"), so a mean over a
 * few queries is never read as one over all of them.
 */
function withCoverage(r: RunDetail, metric: MetricName): string | number | null {
  const value = r.metrics[metric]
  // A partial run object (tests, hand-made fixtures) may have no coverage: then the value stands alone.
  const coverage: Coverage | null | undefined = r.coverage?.[metric]
  if (value === null || !coverage || coverage.covered >= coverage.total) return value
  return `${Number(value.toPrecision(6))} · ${coverage.covered}/${coverage.total}`
}

/** A vector as the table shows it, "(0.512, 3.1)"; null when absent. */
function vectorText(v: readonly number[] | null | undefined): string | null {
  return v ? `(${v.map((x) => String(Number(x.toPrecision(4)))).join(', ')})` : null
}

/** The loss curve: per epoch, a trained width vector's included. */
const losses = (r: RunDetail) => (r.widthEpochs?.length ? r.widthEpochs : r.epochs).map((e) => e.loss)

function curveStats(values: number[]): { min: number | null; last: number | null } {
  if (values.length === 0) return { min: null, last: null }
  return { min: minOf(values), last: values[values.length - 1]! }
}

/** Curve rows: min and last of the loss and of w (trackers that show only the last value hide the best one). */
const CURVES: [string, (r: RunDetail) => number | null][] = [
  ['loss: min', (r) => curveStats(losses(r)).min],
  ['loss: last', (r) => curveStats(losses(r)).last],
  ['loss: epoch of min', (r) => {
    const l = losses(r)
    return l.length ? l.reduce((b, v, k) => (v < l[b]! ? k : b), 0) + 1 : null
  }],
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

/**
 * The bandwidth axis: a nonparametric run at its σ, a trained (parametric)
 * run at σ_eff = 1/|w|, the bandwidth its model actually uses (its own σ only
 * set the comparison fit). The label says so wherever it shows.
 */
export const SIGMA_FIELD = 'σ (σ_eff for trained runs)'

/** Parameters and metrics for the scatter plot and for colouring curves; null where a field does not apply. */
export const NUMERIC_FIELDS: Record<string, (r: RunSummary) => number | null> = {
  [SIGMA_FIELD]: (r) => (r.mode === 'parametric' ? r.sigmaEff : r.sigma),
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

/** Every field curves can be coloured by, in the order the compare view lists them. */
export const COLOUR_FIELDS = ['run', ...Object.keys(CATEGORICAL_FIELDS), ...Object.keys(NUMERIC_FIELDS)]

/** Short names for the fields in an address (#/compare?color=lr); a field without one gets its label made URL-safe. */
const FIELD_SLUGS: Record<string, string> = {
  run: 'run',
  kernel: 'kernel',
  mode: 'mode',
  data: 'data',
  loss: 'loss',
  'leave-one-out': 'loo',
  [SIGMA_FIELD]: 'sigma',
  'learning rate': 'lr',
  epochs: 'epochs',
  w0: 'w0',
  'learned w': 'w',
  'training points': 'n',
  seed: 'seed',
  'test MSE': 'test-mse',
  'training MSE': 'train-mse',
  'leave-one-out score': 'loo-score',
  'training loss': 'train-loss',
}

export function fieldSlug(field: string): string {
  return FIELD_SLUGS[field] ?? field.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
}

/** The colour field an address names, by its short name or its label; null if none is called that. */
export function fieldFromSlug(slug: string): string | null {
  return COLOUR_FIELDS.find((f) => fieldSlug(f) === slug) ?? COLOUR_FIELDS.find((f) => f === slug) ?? null
}

const SNAKE: Record<(typeof LIBRARY_METRICS)[number], string> = { trainLoss: 'train_loss', trainMse: 'train_mse', testMse: 'test_mse', looScore: 'loo_score' }
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString())

/**
 * Runs as CSV, one row each: every parameter and metric (the whole library
 * in one file), tidy for pandas.read_csv: one header line, a value or an
 * empty cell (NaN) per column, booleans as true/false. Each metric comes
 * with the count of points it covers and of points it is about, and
 * `complete` says whether every metric covers all of them.
 */
export function runsCsv(runs: RunSummary[]): string {
  const cols: (readonly [string, (r: RunSummary) => string | number | boolean | null])[] = [
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
    ['loo', (r) => (r.training ? r.training.loo : null)],
    ['batch_size', (r) => r.training?.batchSize ?? null],
    ['learned_w', (r) => r.w],
    ['sigma_eff', (r) => r.sigmaEff],
    ...LIBRARY_METRICS.map((m) => [SNAKE[m], (r: RunSummary) => r.metrics[m]] as const),
    ...LIBRARY_METRICS.flatMap((m) => [
      [`${SNAKE[m]}_covered`, (r: RunSummary) => r.coverage[m]?.covered ?? null] as const,
      [`${SNAKE[m]}_total`, (r: RunSummary) => r.coverage[m]?.total ?? null] as const,
    ]),
    ['complete', (r) => r.complete],
    ['algorithm', (r) => r.fit?.algorithm ?? null],
    ['error_bound', (r) => r.fit?.errorBound ?? null],
    ['parent_id', (r) => r.parentId],
    ['started', (r) => iso(r.startedAt)],
    ['finished', (r) => iso(r.finishedAt)],
    ['app_version', (r) => r.appVersion],
    // Tags cannot contain commas, so a comma-separated list (quoted) is unambiguous; spaces are allowed in tags.
    ['tags', (r) => r.tags.join(',')],
    ['notes', (r) => r.notes],
  ]
  const cell = (v: string | number | boolean | null) => {
    if (v === null) return ''
    const s = String(v)
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  return [cols.map(([h]) => h).join(','), ...runs.map((r) => cols.map(([, get]) => cell(get(r))).join(','))].join('\n') + '\n'
}
