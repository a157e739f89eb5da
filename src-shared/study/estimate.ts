import type { ExperimentSpec } from '../api/spec'
import { dimensionOf, isVectorData } from '../api/vectorSpec'
import { describeData, normalizeSpec, type NormalizedSpec } from '../experiment/normalize'

/**
 * A rough cost model of one run, in milliseconds on one core of a laptop,
 * fitted by hand to runs timed on this project's 2-core test machine: the
 * estimator's fast paths cost about linearly in n, a leave-one-out bandwidth
 * search about 25 estimator passes, a training epoch about one pass. It only
 * has to tell seconds from hours for the study editor and to size Slurm
 * tasks; a running study's ETA comes from its measured pace instead.
 */
export function estimateRunMs(spec: NormalizedSpec): number {
  const info = describeData(spec.data)
  const n = info.nTrain
  const m = info.nQuery
  // Data, the fit at the queries, and the metrics' passes over the training points.
  let ms = 0.5 + 0.0025 * n + 0.001 * m
  if (typeof spec.sigma === 'object' && !Array.isArray(spec.sigma) && spec.sigma.rule === 'loo-cv') {
    const d = isVectorData(spec.data) ? dimensionOf(spec.data) : 1
    // At d > 1 a leave-one-out score sums most of the n^2 pairs (about 1e-5 ms a pair and coordinate):
    // about 15 scores below 2,000 points, above that 10 at n and 15 on a 2,000-point sample;
    // with a held-out subset of h points, about 6 scores of h x n pairs (and no metrics over every point).
    const pairs = (k: number) => 1e-5 * k * k * d
    const h = spec.sigma.heldOut
    const atN = h !== undefined && n > h ? 6 * 1e-5 * h * n * d : 10 * pairs(n)
    ms += d === 1 ? 30 + 0.06 * n : n <= 2000 ? 15 * pairs(n) : atN + 15 * pairs(2000)
  }
  if (spec.mode === 'parametric') {
    const t = spec.training!
    const stepsPerEpoch = t.batchSize === null ? 1 : Math.ceil(n / t.batchSize)
    ms += t.epochs * (0.3 + 0.002 * n + 0.05 * (stepsPerEpoch - 1))
  }
  return ms
}

/** Estimated wall time of `runs` (spec, count) on `workers` threads, plus a small per-run overhead for storing. */
export function estimateStudyMs(cells: readonly { spec: ExperimentSpec }[], replicates: number, workers: number): number {
  let total = 0
  for (const c of cells) total += replicates * (estimateRunMs(normalizeSpec(c.spec)) + STORE_MS_PER_RUN)
  return total / Math.max(1, workers)
}

/** What saving a run costs beside its computation (measured by npm run bench). */
export const STORE_MS_PER_RUN = 2
