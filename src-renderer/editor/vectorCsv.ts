/**
 * A CSV or TSV file read whole into text columns, for the vector data
 * picker: the user chooses feature, target and truth columns after seeing
 * the header, so nothing is parsed as numbers until then. Quoted cells with
 * separators inside are not supported (the command line's readers are the
 * full ones); a ragged row is refused with its line number.
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

const unquote = (c: string) => {
  const t = c.trim()
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t
}

export function parseCsvTable(name: string, text: string): CsvTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  let h = 0
  while (h < lines.length && lines[h]!.trim() === '') h++
  if (h === lines.length) throw new Error(`${name}: the file is empty; expected a header row`)
  const header = lines[h]!
  const sep = header.includes('\t') ? '\t' : header.includes(',') ? ',' : header.includes(';') ? ';' : ','
  const columns = header.split(sep).map(unquote)
  if (columns.some((c) => c === '')) throw new Error(`${name}:${h + 1}: a column has no name`)
  const cells: string[][] = columns.map(() => [])
  let rows = 0
  for (let l = h + 1; l < lines.length; l++) {
    const line = lines[l]!
    if (line.trim() === '') continue
    const parts = line.split(sep)
    if (parts.length !== columns.length) throw new Error(`${name}:${l + 1}: expected ${columns.length} columns, found ${parts.length}`)
    if (++rows > MAX_CSV_ROWS) throw new Error(`${name}: more than ${MAX_CSV_ROWS.toLocaleString('en')} rows; use nw-workbench run --spec with a file for larger data`)
    parts.forEach((p, k) => cells[k]!.push(unquote(p)))
  }
  if (rows === 0) throw new Error(`${name}: no data rows below the header`)
  const numeric = cells.map((col) => col.every((c) => c !== '' && Number.isFinite(Number(c))))
  return { name, columns, cells, rows, numeric }
}
