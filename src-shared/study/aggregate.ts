import type { RunStatus } from '../api/runs'
import { aggregate, type Aggregate } from './stats'

/**
 * Metrics a study aggregates over replicates, named as `nw-workbench show
 * --json` names them: the four of `metrics`, and the run's sigma (chosen by
 * a rule, it is an outcome) and learned w.
 */
export const STUDY_METRICS = ['testMse', 'trainMse', 'looScore', 'trainLoss', 'sigma', 'w'] as const
export type StudyMetric = (typeof STUDY_METRICS)[number]

export const METRIC_LABELS: Record<StudyMetric, string> = {
  testMse: 'test MSE',
  trainMse: 'train MSE',
  looScore: 'LOO score',
  trainLoss: 'train loss',
  sigma: 'σ',
  w: 'learned w',
}

/** What a summary needs of one run of a study. */
export interface StudyRunRecord {
  id: string
  cellKey: string
  replicate: number
  status: RunStatus
  values: Record<StudyMetric, number | null>
}

export interface CellSummary {
  key: string
  params: Record<string, unknown>
  /** The cell's runs, one per replicate that has one, in replicate order. */
  runIds: string[]
  done: number
  failed: number
  metrics: Partial<Record<StudyMetric, Aggregate>>
}

/**
 * Each cell's runs and their metrics aggregated over replicates. A replicate
 * with several runs (a failed attempt, then a done one) counts once: its done
 * run, else its newest; `runs` must come newest first within a replicate.
 * A metric is reported when some run of the study has a value for it.
 */
export function summarizeCells(cells: readonly { key: string; params: Record<string, unknown> }[], runs: readonly StudyRunRecord[]): CellSummary[] {
  const byCell = new Map<string, Map<number, StudyRunRecord>>()
  const present = new Set<StudyMetric>()
  for (const r of runs) {
    let reps = byCell.get(r.cellKey)
    if (!reps) byCell.set(r.cellKey, (reps = new Map()))
    const held = reps.get(r.replicate)
    if (!held || (held.status !== 'done' && r.status === 'done')) reps.set(r.replicate, r)
    if (r.status === 'done') for (const m of STUDY_METRICS) if (r.values[m] !== null) present.add(m)
  }
  const metrics = STUDY_METRICS.filter((m) => present.has(m))
  return cells.map((cell) => {
    const reps = [...(byCell.get(cell.key)?.entries() ?? [])].sort((a, b) => a[0] - b[0]).map(([, r]) => r)
    const done = reps.filter((r) => r.status === 'done')
    const out: CellSummary = {
      key: cell.key,
      params: cell.params,
      runIds: reps.map((r) => r.id),
      done: done.length,
      failed: reps.filter((r) => r.status === 'failed' || r.status === 'interrupted' || r.status === 'cancelled').length,
      metrics: {},
    }
    for (const m of metrics) out.metrics[m] = aggregate(done.map((r) => r.values[m]))
    return out
  })
}
