import type { RunSummary } from '../../src-shared/api/runs'
import type { MetricName } from '../../src-shared/experiment/metrics'
import { coverageText, coverageTitle, incompleteTitle, isPartial } from '../library/coverage'
import { num as fmt, percent } from '../library/format'
import { learnedWText, sigmaEffText, sigmaVectorText } from './widthVector'

/**
 * The chips of the results' metrics bar. A metric computed over fewer than
 * all its points says so beside its value ("test MSE 0.0358 · 5/50
 * queries"): a mean over the few queries that have an estimate must not pass
 * for a mean over all of them.
 */
export interface MetricItem {
  key: string
  label: string
  value: string
  /** "5/50 queries", when the metric covers only part of its points. */
  coverage: string | null
  title: string
}

/** What each metric's count is of, in a chip's few words. */
const UNIT: Record<MetricName, string> = { trainLoss: 'points', trainMse: 'points', testMse: 'queries', looScore: 'points' }

function metric(r: RunSummary, name: MetricName, label: string, about: string): MetricItem {
  const c = r.coverage?.[name] ?? null
  const partial = isPartial(c)
  return {
    key: name,
    label,
    value: fmt(r.metrics[name]),
    coverage: partial ? `${coverageText(c)} ${UNIT[name]}` : null,
    title: partial || r.metrics[name] !== null ? `${about}. ${coverageTitle(name, c)}` : about,
  }
}

/**
 * The width chips. A vector run has a width per coordinate, not one σ: a
 * trained one shows its learned w and σ_eff,j = 1/|w_j|, a nonparametric
 * one its σ vector, each compact with every digit in the tooltip.
 */
function widthItems(r: RunSummary): MetricItem[] {
  const w = learnedWText(r)
  const eff = sigmaEffText(r)
  if (w && eff) return [{ key: 'w', label: 'w', coverage: null, ...w }, { key: 'sigmaEff', label: 'σ_eff', coverage: null, ...eff }]
  if (r.vector && r.mode === 'parametric') return [{ key: 'w', label: 'w', value: '—', coverage: null, title: 'the width vector w is learned by training; none yet' }]
  const sigmas = sigmaVectorText(r)
  const sigma = sigmas
    ? { value: r.sigmaRule ? `${sigmas.value} (chosen by ${r.sigmaRule})` : sigmas.value, title: sigmas.title }
    : {
        value: r.sigmaRule && r.sigma !== null ? `${fmt(r.sigma, 3)} (chosen by ${r.sigmaRule})` : fmt(r.sigma),
        title: r.sigmaRule ? `bandwidth chosen by the ${r.sigmaRule} rule: ${fmt(r.sigma, 17)}` : 'bandwidth',
      }
  return [{ key: 'sigma', label: 'σ', coverage: null, ...sigma }]
}

/**
 * A classification's own metrics, in place of the regression's squared
 * errors (which it has none of: the chips read "test MSE — LOO — train MSE —").
 */
function classItems(v: NonNullable<RunSummary['vector']>): MetricItem[] {
  const m = v.classMetrics
  const c = v.classCoverage
  const chip = (key: 'accuracy' | 'logLoss' | 'looAccuracy', label: string, value: string, about: string): MetricItem => {
    const cov = c?.[key] ?? null
    return { key, label, value, coverage: isPartial(cov) ? `${coverageText(cov)} ${key === 'looAccuracy' ? 'points' : 'queries'}` : null, title: about }
  }
  return [
    chip('accuracy', 'accuracy', percent(m?.accuracy), 'share of the queries whose most likely class is their class'),
    chip('logLoss', 'log loss', fmt(m?.logLoss), 'mean of −log(score of the true class) at the queries'),
    chip('looAccuracy', 'LOO accuracy', percent(m?.looAccuracy), 'leave-one-out accuracy on the training points'),
  ]
}

export function metricItems(r: RunSummary): MetricItem[] {
  const list: MetricItem[] = [
    ...widthItems(r),
    ...(r.vector?.task === 'classification'
      ? classItems(r.vector)
      : [
          metric(r, 'testMse', 'test MSE', 'mean squared error against the noise-free truth at the queries'),
          metric(r, 'looScore', 'LOO', 'mean squared leave-one-out error on the training points'),
          metric(r, 'trainMse', 'train MSE', 'mean squared error at the training points, every pair a key'),
        ]),
  ]
  if (r.mode === 'parametric') {
    // A trained width vector's w leads the chips (widthItems); a scalar w follows the nonparametric fit's σ.
    if (!r.vector) list.push({ key: 'w', label: 'w', value: fmt(r.w), coverage: null, title: r.w ? `learned width; equivalent σ = 1/|w| = ${fmt(1 / Math.abs(r.w))}` : 'learned width' })
    list.push(metric(r, 'trainLoss', 'train loss', 'training objective at the learned w'))
  }
  if (r.fit) {
    list.push({
      key: 'fit',
      label: 'computed by',
      value: r.fit.errorBound > 0 ? `${r.fit.algorithm}, error ≤ ${r.fit.errorBound.toExponential(1)}` : r.fit.algorithm,
      coverage: null,
      title:
        r.fit.algorithm === 'dense'
          ? 'every query against every key, as the chapter computes it'
          : r.fit.errorBound > 0
            ? 'a fast path with a stated bound on the error of every estimate'
            : 'a fast path, exact up to rounding',
    })
  }
  return list
}

/** The mark of a run whose metrics do not all cover every point, or null. */
export function incompleteMark(r: RunSummary): { text: string; title: string } | null {
  return r.complete === false ? { text: 'incomplete', title: incompleteTitle(r) } : null
}
