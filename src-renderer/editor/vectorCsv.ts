import { readTextCsv } from '../../src-shared/data/csvText'

/**
 * A CSV or TSV file read whole into text columns, for the vector data
 * picker: the user chooses feature, target and truth columns after seeing
 * the header, so nothing is parsed as numbers until then. Fields are split
 * by the command line's text reader (src-shared/data/csvText.ts: quoted
 * cells may hold separators, quotes and line ends); a ragged row is refused
 * with its line number.
 */
export interface CsvTable {
  name: string
  columns: string[]
  /** Cells by column, trimmed and unquoted. */
  cells: string[][]
  rows: number
  /** Whether every cell of a column is a finite number. */
  numeric: boolean[]
}

/** Most rows the picker reads (the command line takes more). */
export const MAX_CSV_ROWS = 200_000

export function parseCsvTable(name: string, text: string): CsvTable {
  const t = readTextCsv(name, text, { limit: MAX_CSV_ROWS, tooMany: 'use nw-workbench run --spec with a file for larger data' })
  const columns = t.header.cells
  if (columns.some((c) => c === '')) throw new Error(`${name}:${t.header.line}: a column has no name`)
  const cells: string[][] = columns.map(() => [])
  for (const row of t.rows) {
    if (row.cells.length !== columns.length) throw new Error(`${name}:${row.line}: expected ${columns.length} columns, found ${row.cells.length}`)
    row.cells.forEach((p, k) => cells[k]!.push(p))
  }
  if (t.rows.length === 0) throw new Error(`${name}: no data rows below the header`)
  const numeric = cells.map((col) => col.every((c) => c !== '' && Number.isFinite(Number(c))))
  return { name, columns, cells, rows: t.rows.length, numeric }
}
