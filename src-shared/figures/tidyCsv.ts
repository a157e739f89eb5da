import { strToU8, zipSync } from 'fflate'
import { formatNumber } from '../csv'
import { blockStartRank } from './figureOption'
import type { Figure, Panel } from './model'

/**
 * The data behind a chart as one tidy table a researcher loads with a single
 * `pandas.read_csv`: one row per drawn value, `series,x,y` first, further
 * columns only where a chart needs them (a heatmap's weight and the inputs
 * its cell covers; which y axis a curve is read on). An empty y is a gap (a
 * query with no estimate). A multi-panel figure is one such file per panel.
 */

type Cell = string | number | null

function quote(v: Cell): string {
  if (v === null || (typeof v === 'number' && !Number.isFinite(v))) return ''
  if (typeof v === 'number') return formatNumber(v)
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

function table(header: string[], rows: Cell[][]): string {
  const out = [header.join(',')]
  for (const r of rows) out.push(r.map(quote).join(','))
  return out.join('\n') + '\n'
}

export function panelCsv(p: Panel): string {
  if (p.kind === 'xy') {
    const twoAxes = p.series.some((s) => s.type === 'line' && s.yAxis === 1)
    // Cells (a surface, regions) add the value each shows, its half sizes and its fill.
    const cells = p.series.some((s) => s.type === 'cells')
    const rows: Cell[][] = []
    for (const s of p.series) {
      const axis = s.type === 'line' && s.yAxis === 1 ? p.y2?.label ?? 'y2' : p.y.label
      for (let i = 0; i < s.x.length; i++) {
        const y = s.y[i]
        const row: Cell[] = [s.name, s.x[i]!, y === undefined || y === null || Number.isNaN(y) ? null : y]
        if (twoAxes) row.push(axis)
        if (cells && s.type === 'cells') row.push(s.value[i]!, s.dx, s.dy, s.fill[i]!)
        else if (cells) row.push(null, null, null, null)
        rows.push(row)
      }
    }
    return table(['series', 'x', 'y', ...(twoAxes ? ['y_axis'] : []), ...(cells ? ['value', 'dx', 'dy', 'fill'] : [])], rows)
  }
  if (p.kind === 'heatmap') {
    const h = p.heatmap
    const rows: Cell[][] = []
    for (let r = 0; r < h.rows; r++) {
      for (let c = 0; c < h.cols; c++) {
        rows.push([
          'attention weights',
          blockStartRank(c, p.keys, h.cols),
          blockStartRank(r, p.queries, h.rows),
          h.values[r * h.cols + c]!,
          r,
          c,
          h.colEdges[c]!,
          h.colEdges[c + 1]!,
          h.rowEdges[r]!,
          h.rowEdges[r + 1]!,
        ])
      }
    }
    return table(['series', 'x', 'y', 'weight', 'row', 'col', 'key_from', 'key_to', 'query_from', 'query_to'], rows)
  }
  return table(['series', 'x', 'y'], (p.data ?? []).map((d) => [d.series, d.x, d.y]))
}

/** CSV file names of a figure's panels. */
export function panelFileName(fig: Figure, k: number): string {
  return fig.panels.length === 1 ? `${fig.name}.csv` : `panel-${k + 1}-${fig.panels[k]!.id}.csv`
}

export interface ExportFile {
  name: string
  data: string | Uint8Array
}

/** A figure's data: one CSV, or for several panels one CSV each in a zip. */
export function figureCsv(fig: Figure): ExportFile {
  if (fig.panels.length === 1) return { name: `${fig.name}.csv`, data: panelCsv(fig.panels[0]!) }
  return { name: `${fig.name}-csv.zip`, data: zipFiles(fig.panels.map((p, k) => ({ name: panelFileName(fig, k), data: panelCsv(p) }))) }
}

/** Files in a zip, with a fixed date so the same files make the same zip. */
export function zipFiles(files: ExportFile[]): Uint8Array {
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {}
  for (const f of files) entries[f.name] = [typeof f.data === 'string' ? strToU8(f.data) : f.data, { mtime: new Date(Date.UTC(2000, 0, 1)) }]
  return zipSync(entries, { level: 6 })
}
