import type { SortableColumn } from '../../src-shared/api/requests'
import type { RunSummary } from '../../src-shared/api/runs'
import type { MetricName } from '../../src-shared/experiment/metrics'
import { learnedWText, sigmaEffText, sigmaVectorText } from '../results/widthVector'
import { fullDateTime, num, shortDateTime } from './format'

/** A column of the runs library: its header, how to show a run's value, and what it sorts by. */
export interface Column {
  id: string
  label: string
  width: number
  sort?: SortableColumn
  numeric?: boolean
  /** A metric column shows the metric's coverage beside the value when it is below every point. */
  metric?: MetricName
  value(r: RunSummary): string
  /** The tooltip, when it says more than the value. */
  title?(r: RunSummary): string
}

/**
 * Widths: the default columns fit the window's default 1440 px with room for
 * a vertical scroll bar (an e2e test checks). Measured in Chromium at the
 * cells' 12.5 px with 8 px padding each side: a date with a two-digit hour
 * ("Nov 29, 2026, 10:19 AM") 152 px, 'nonparametric' 93, 'epanechnikov' 87;
 * numbers to 4 significant digits. What is longer (a vector's widths, a
 * metric's coverage beside it) ends in an ellipsis and shows whole in the
 * cell's tooltip.
 */
export const COLUMNS: Column[] = [
  { id: 'name', label: 'Name', width: 180, sort: 'name', value: (r) => r.name },
  { id: 'status', label: 'Status', width: 90, sort: 'status', value: (r) => r.status },
  { id: 'created', label: 'Created', width: 175, sort: 'createdAt', value: (r) => shortDateTime(r.createdAt), title: (r) => `Created ${fullDateTime(r.createdAt)}` },
  { id: 'mode', label: 'Mode', width: 115, sort: 'mode', value: (r) => r.mode },
  { id: 'kernel', label: 'Kernel', width: 105, sort: 'kernel', value: (r) => r.kernel },
  {
    id: 'sigma',
    label: 'σ',
    width: 84,
    sort: 'sigma',
    numeric: true,
    // A vector run's σ vector shows compactly; the column sorts by the runs table's sigma, which a vector of d > 1 leaves empty (sorted last).
    value: (r) => sigmaVectorText(r)?.value ?? num(r.sigma),
    title: (r) =>
      sigmaVectorText(r)?.title ??
      (r.vector && r.mode === 'parametric'
        ? 'A trained vector run has no comparison σ: its widths are σ_eff = 1/|w| per coordinate'
        : r.mode === 'parametric'
          ? `σ ${num(r.sigma)} of the nonparametric comparison fit; the trained model uses σ_eff = 1/|w|`
          : `σ ${num(r.sigma)}`),
  },
  {
    id: 'w',
    label: 'w',
    width: 84,
    // Sorting is by the scalar learned w (the runs table's learned_w). A trained width vector has none, so vector
    // runs sort after every scalar w in either direction, in creation order: a vector has no order against a number.
    sort: 'w',
    numeric: true,
    value: (r) => learnedWText(r)?.value ?? num(r.w),
    title: (r) => learnedWText(r)?.title ?? (r.w === null ? 'no learned w' : `learned w ${r.w}`),
  },
  {
    id: 'sigmaEff',
    label: 'σ_eff',
    width: 84,
    numeric: true,
    value: (r) => sigmaEffText(r)?.value ?? num(r.sigmaEff),
    title: (r) =>
      sigmaEffText(r)?.title ??
      (r.mode === 'parametric' ? `σ_eff = 1/|w| = ${num(r.sigmaEff)}: the bandwidth the trained Gaussian model effectively uses` : 'Does not apply: a nonparametric run uses σ'),
  },
  { id: 'testMse', label: 'Test MSE', width: 92, sort: 'testMse', numeric: true, metric: 'testMse', value: (r) => num(r.metrics.testMse) },
  { id: 'looScore', label: 'LOO', width: 92, sort: 'looScore', numeric: true, metric: 'looScore', value: (r) => num(r.metrics.looScore) },
  { id: 'trainMse', label: 'Train MSE', width: 92, sort: 'trainMse', numeric: true, metric: 'trainMse', value: (r) => num(r.metrics.trainMse) },
  { id: 'trainLoss', label: 'Train loss', width: 92, sort: 'trainLoss', numeric: true, metric: 'trainLoss', value: (r) => num(r.metrics.trainLoss) },
  { id: 'data', label: 'Data', width: 140, value: (r) => `${r.data.label}${r.data.seed !== null ? ` · seed ${r.data.seed}` : ''}` },
  { id: 'n', label: 'n', width: 70, sort: 'nTrain', numeric: true, value: (r) => r.data.nTrain.toLocaleString('en') },
  { id: 'epochs', label: 'Epochs', width: 70, sort: 'epochsDone', numeric: true, value: (r) => (r.training ? `${r.epochsDone}/${r.training.epochs}` : '—') },
  { id: 'lr', label: 'lr', width: 60, numeric: true, value: (r) => num(r.training?.lr) },
  { id: 'tags', label: 'Tags', width: 100, value: (r) => r.tags.join(', ') },
  { id: 'notes', label: 'Notes', width: 180, value: (r) => r.notes.split('\n')[0] ?? '' },
  { id: 'id', label: 'Id', width: 110, value: (r) => r.id },
]

export const DEFAULT_COLUMNS = ['name', 'status', 'created', 'mode', 'kernel', 'sigma', 'w', 'sigmaEff', 'testMse', 'looScore', 'data', 'tags']

const STORAGE_KEY = 'nw-workbench.library.columns'

/** The columns the user chose last time (kept in this window's local storage, across launches). */
export function loadColumns(storage: Pick<Storage, 'getItem'> | null = globalThis.localStorage ?? null): string[] {
  try {
    const saved = JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null') as unknown
    if (Array.isArray(saved) && saved.every((c) => typeof c === 'string')) {
      const known = saved.filter((c) => COLUMNS.some((k) => k.id === c))
      if (known.length) return known
    }
  } catch {
    // A corrupt entry falls back to the defaults.
  }
  return [...DEFAULT_COLUMNS]
}

export function saveColumns(ids: string[], storage: Pick<Storage, 'setItem'> | null = globalThis.localStorage ?? null): void {
  storage?.setItem(STORAGE_KEY, JSON.stringify(ids))
}
