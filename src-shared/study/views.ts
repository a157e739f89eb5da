import type { StudyAxisInfo } from '../api/studies'
import type { CellSummary, StudyMetric } from './aggregate'
import { axisLabeler, axisLabels } from './labels'
import type { Aggregate } from './stats'

/** What the study views read of a study. */
export interface StudyView {
  name: string
  axes: StudyAxisInfo[]
  cells: CellSummary[]
}

export type BandKind = 'sd' | 'ci'

export interface SeriesPoint {
  x: number | string
  mean: number | null
  lo: number | null
  hi: number | null
  n: number
}

export interface MetricLine {
  /** The other parameters' values that make this line, as a label ("kernel = boxcar"); '' when x is the only axis. */
  label: string
  points: SeriesPoint[]
}

export interface MetricLines {
  lines: MetricLine[]
  /** Whether x is numeric (else categorical, in axis order). */
  numeric: boolean
  /** Log scales where values are positive and span a decade or more (x also when its axis is a log range). */
  logX: boolean
  logY: boolean
  categories: string[]
}

/** The band around a mean: mean ± sd, or the 95% confidence interval. */
export function band(a: Aggregate | undefined, kind: BandKind): { lo: number | null; hi: number | null } {
  if (!a || a.mean === null) return { lo: null, hi: null }
  if (kind === 'ci') return a.ci95 ? { lo: a.ci95[0], hi: a.ci95[1] } : { lo: a.mean, hi: a.mean }
  return a.sd === null ? { lo: a.mean, hi: a.mean } : { lo: a.mean - a.sd, hi: a.mean + a.sd }
}

function spansDecades(values: number[]): boolean {
  let lo = Infinity
  let hi = -Infinity
  for (const v of values) {
    if (!(v > 0)) return false
    lo = Math.min(lo, v)
    hi = Math.max(hi, v)
  }
  return values.length > 1 && hi / lo >= 10
}

/**
 * A metric against one parameter: one line per combination of the other
 * parameters (per kernel, say), each point the mean over replicates with
 * its band. Lines keep the order of the axes' values.
 */
export function metricLines(study: StudyView, metric: StudyMetric, xPath: string, kind: BandKind): MetricLines {
  const axis = study.axes.find((a) => a.path === xPath)
  const xs = axis ? axis.values : []
  const numeric = xs.every((v) => typeof v === 'number')
  const others = study.axes.filter((a) => a.path !== xPath).map((a) => ({ path: a.path, label: axisLabeler(a.values) }))
  const xLabel = axisLabeler(xs)
  const byLabel = new Map<string, SeriesPoint[]>()
  for (const cell of study.cells) {
    const label = others.map((a) => `${a.path} = ${a.label(cell.params[a.path])}`).join(', ')
    const a = cell.metrics[metric]
    const x = cell.params[xPath]
    const point: SeriesPoint = { x: numeric ? (x as number) : xLabel(x), mean: a?.mean ?? null, ...band(a, kind), n: a?.n ?? 0 }
    const list = byLabel.get(label)
    if (list) list.push(point)
    else byLabel.set(label, [point])
  }
  const lines = [...byLabel.entries()].map(([label, points]) => ({ label, points: numeric ? points.sort((p, q) => (p.x as number) - (q.x as number)) : points }))
  // The scale follows the means; a band reaching towards 0 on a log axis is drawn as far as it goes.
  const ys: number[] = []
  for (const l of lines) for (const p of l.points) if (p.mean !== null) ys.push(p.mean)
  return {
    lines,
    numeric,
    logX: numeric && (axis?.kind === 'log' || (axis?.kind === 'random' && spansDecades(xs as number[])) || spansDecades(xs as number[])),
    logY: ys.length > 0 && spansDecades(ys) && ys.every((v) => v > 0),
    categories: numeric ? [] : axisLabels(xs),
  }
}

export interface RankedCell {
  cell: CellSummary
  rank: number
  value: Aggregate
}

/** Cells ordered by a metric's mean, smallest first (errors and losses: smaller is better); cells without a value last. */
export function bestCells(study: StudyView, metric: StudyMetric, limit = 10): RankedCell[] {
  const ranked = study.cells
    .filter((c) => c.metrics[metric]?.mean !== null && c.metrics[metric] !== undefined)
    .sort((a, b) => a.metrics[metric]!.mean! - b.metrics[metric]!.mean!)
  return ranked.slice(0, limit).map((cell, i) => ({ cell, rank: i + 1, value: cell.metrics[metric]! }))
}

export interface ParallelData {
  dims: { name: string; numeric: boolean; log: boolean; categories: string[] }[]
  /** One row per cell: each parameter's value (a number, or its category label), then the metric's mean. */
  rows: (number | string | null)[][]
}

/** Parallel coordinates: every parameter and the metric, one polyline per cell. */
export function parallelData(study: StudyView, metric: StudyMetric, metricLabel: string): ParallelData {
  const dims = study.axes.map((a) => {
    const numeric = a.values.every((v) => typeof v === 'number')
    return { name: a.path, numeric, log: numeric && (a.kind === 'log' || spansDecades(a.values as number[])), categories: numeric ? [] : axisLabels(a.values) }
  })
  const labelers = study.axes.map((a) => axisLabeler(a.values))
  const means = study.cells.map((c) => c.metrics[metric]?.mean ?? null)
  const metricDim = { name: metricLabel, numeric: true, log: spansDecades(means.filter((m): m is number => m !== null)), categories: [] }
  const rows = study.cells.map((c, i) => [...study.axes.map((a, k) => (dims[k]!.numeric ? (c.params[a.path] as number) : labelers[k]!(c.params[a.path]))), means[i]!])
  return { dims: [...dims, metricDim], rows }
}

/** Parameters two studies share, for comparing them along one. */
export function sharedParams(a: StudyView, b: StudyView): string[] {
  const inB = new Set(b.axes.map((x) => x.path))
  return a.axes.map((x) => x.path).filter((p) => inB.has(p))
}
