import type { RunSummary } from '../../src-shared/api/runs'

/**
 * What a set of runs can be compared by, drawn: one-dimensional runs
 * overlay their fits over x; vector runs of one dimension d overlay their
 * widths per coordinate and (d = 2) set their surfaces side by side. A
 * one-dimensional fit and a fit over (a, b) share no axis, nor do vector
 * runs of different d: those get a sentence saying so, and the table
 * still compares every run.
 */
export type CompareKind =
  | { kind: 'one-dimensional' }
  | { kind: 'vector'; d: number }
  | { kind: 'mixed'; message: string }
  | { kind: 'dimensions'; message: string }

const quoted = (runs: RunSummary[]) => runs.map((r) => `“${r.name}”`).join(', ')
const isAre = (n: number) => (n === 1 ? 'is' : 'are')

export function compareKind(runs: RunSummary[]): CompareKind {
  const vector = runs.filter((r) => r.vector)
  const flat = runs.filter((r) => !r.vector)
  if (vector.length === 0) return { kind: 'one-dimensional' }
  if (flat.length > 0) {
    const dims = [...new Set(vector.map((r) => r.vector!.d))].sort((a, b) => a - b)
    return {
      kind: 'mixed',
      message:
        `${quoted(flat)} ${isAre(flat.length)} one-dimensional (a fit over x) and ${quoted(vector)} ${isAre(vector.length)} ${vector.length === 1 ? 'a vector run' : 'vector runs'} ` +
        `(d = ${dims.join(', ')}: a fit over several inputs), so their fits, widths and weights have no common axis and are not overlaid. ` +
        'The one-dimensional fits are overlaid alone; the table compares every run. Compare vector runs with vector runs of the same d.',
    }
  }
  const byD = new Map<number, RunSummary[]>()
  for (const r of vector) byD.set(r.vector!.d, [...(byD.get(r.vector!.d) ?? []), r])
  if (byD.size > 1) {
    const groups = [...byD.entries()].sort((a, b) => a[0] - b[0]).map(([d, rs]) => `d = ${d}: ${quoted(rs)}`)
    return {
      kind: 'dimensions',
      message: `These vector runs have different dimensions (${groups.join('; ')}), so their widths per coordinate and their surfaces do not line up and are not overlaid. The table compares every run.`,
    }
  }
  return { kind: 'vector', d: vector[0]!.vector!.d }
}
