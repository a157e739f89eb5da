import type { RunSummary } from '../../src-shared/api/runs'
import type { Coverage, MetricName } from '../../src-shared/experiment/metrics'

/**
 * How a metric's coverage is shown: the count beside the value when it is
 * below every point, with a sentence saying what that means. A mean over the
 * few queries that have an estimate is not comparable with a mean over all.
 */

/** The metrics in the order tables list them (kept here so the renderer does not load the engine for a list). */
export const LIBRARY_METRICS = ['trainLoss', 'trainMse', 'testMse', 'looScore'] as const satisfies readonly MetricName[]

export const METRIC_LABELS: Record<MetricName, string> = {
  trainLoss: 'training loss',
  trainMse: 'training MSE',
  testMse: 'test MSE',
  looScore: 'leave-one-out score',
}

/** What each metric is a mean over. */
const OVER: Record<MetricName, string> = {
  trainLoss: 'training points',
  trainMse: 'training points',
  testMse: 'queries',
  looScore: 'training points (each left out in turn)',
}

export function isPartial(c: Coverage | null | undefined): c is Coverage {
  return !!c && c.covered < c.total
}

/** "5/50" */
export function coverageText(c: Coverage): string {
  return `${c.covered.toLocaleString('en')}/${c.total.toLocaleString('en')}`
}

/** One line for a metric's coverage, for a tooltip or a table cell. */
export function coverageTitle(metric: MetricName, c: Coverage | null): string {
  if (!c) return `${METRIC_LABELS[metric]}: not computed for this run`
  if (c.covered >= c.total) return `${METRIC_LABELS[metric]}: computed over all ${c.total.toLocaleString('en')} ${OVER[metric]}`
  const missing = c.total - c.covered
  return (
    `${METRIC_LABELS[metric]} covers only ${c.covered.toLocaleString('en')} of ${c.total.toLocaleString('en')} ${OVER[metric]}: ` +
    `${missing.toLocaleString('en')} have no estimate (no training point within the kernel's reach), so this mean is not comparable with one over all of them`
  )
}

/** Why a run is marked incomplete: its partial metrics, one clause each. */
export function incompleteTitle(r: Pick<RunSummary, 'coverage'>): string {
  const parts = LIBRARY_METRICS.filter((m) => isPartial(r.coverage[m])).map((m) => `${METRIC_LABELS[m]} ${coverageText(r.coverage[m]!)}`)
  return `Incomplete: ${parts.join(', ')}. Sorted after complete runs while “incomplete runs last” is on.`
}
