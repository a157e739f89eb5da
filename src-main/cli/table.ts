import { maxOf } from '../../src-shared/arrays'

/** Right-aligned plain-text columns for the human-readable (non --json) output. */
export function formatTable(header: string[], rows: (string | number | null)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (c === null ? '—' : typeof c === 'number' ? formatValue(c) : c)))]
  const widths = header.map((_, k) => maxOf(cells.map((r) => r[k]!.length), 0))
  return cells.map((r) => r.map((c, k) => c.padStart(widths[k]!)).join('  ')).join('\n') + '\n'
}

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return '—'
  if (v === 0 || (Math.abs(v) >= 1e-4 && Math.abs(v) < 1e6)) return String(Number(v.toPrecision(8)))
  return v.toExponential(6)
}
