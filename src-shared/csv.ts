import { InputError } from './errors'
import { maxOf } from './arrays'

/**
 * Numeric CSV: a header row, then one row per point. Shared by the CLI (files)
 * and the app's import (dropped or chosen files), so both accept and refuse
 * exactly the same input, with errors that name the file and the line.
 *
 * Accepted: comma, tab or semicolon separators (taken from the header), a
 * UTF-8 byte-order mark, CRLF line ends, blank lines, quoted header names,
 * extra columns (ignored). Cells must be decimal numbers; hex, empty cells,
 * NaN and Infinity are refused.
 */

export interface CsvColumns {
  /** Requested columns by name, in file order. */
  columns: Record<string, Float64Array>
  rows: number
}

export interface CsvSpec {
  /** Shown in errors, e.g. the file path. */
  source: string
  required: readonly string[]
  optional?: readonly string[]
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const SEPARATORS = [',', '\t', ';'] as const

function unquote(cell: string): string {
  const t = cell.trim()
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t
}

export function parseNumericCsv(text: string, spec: CsvSpec): CsvColumns {
  const { source } = spec
  const wanted = `column${spec.required.length > 1 ? 's' : ''} ${spec.required.join(', ')}`
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const lines = body.split(/\r?\n/)
  let headerLine = 0
  while (headerLine < lines.length && lines[headerLine]!.trim() === '') headerLine++
  if (headerLine === lines.length) {
    throw new InputError(`${source}: the file is empty; expected a header row with ${wanted}`)
  }
  const header = lines[headerLine]!
  const sep = SEPARATORS.find((s) => header.includes(s)) ?? ','
  const names = header.split(sep).map((c) => unquote(c).toLowerCase())
  const index: Record<string, number> = {}
  for (const name of [...spec.required, ...(spec.optional ?? [])]) {
    const at = names.indexOf(name.toLowerCase())
    if (at >= 0) index[name] = at
    else if (spec.required.includes(name)) {
      throw new InputError(
        `${source}:${headerLine + 1}: no column "${name}" in the header (found: ${names.join(', ') || 'nothing'}); expected ${wanted}`,
      )
    }
  }
  const present = Object.keys(index)
  const width = maxOf(present.map((k) => index[k]!), 0) + 1
  // Sized for every remaining line, trimmed to the rows actually read.
  const out: Record<string, Float64Array> = {}
  for (const k of present) out[k] = new Float64Array(lines.length - headerLine - 1)
  let rows = 0
  for (let l = headerLine + 1; l < lines.length; l++) {
    const line = lines[l]!
    if (line.trim() === '') continue
    const cells = line.split(sep)
    if (cells.length < width) {
      throw new InputError(`${source}:${l + 1}: expected at least ${width} columns, found ${cells.length}`)
    }
    for (const k of present) {
      const cell = unquote(cells[index[k]!]!)
      if (!NUMBER.test(cell)) {
        const shown = cell === '' ? 'an empty cell' : `"${cell.length > 40 ? cell.slice(0, 40) + '…' : cell}"`
        throw new InputError(`${source}:${l + 1}: column "${k}": ${shown} is not a number`)
      }
      const v = Number(cell)
      if (!Number.isFinite(v)) throw new InputError(`${source}:${l + 1}: column "${k}": ${cell} is out of range for a double`)
      out[k]![rows] = v
    }
    rows++
  }
  if (rows === 0) throw new InputError(`${source}: no data rows below the header`)
  for (const k of present) out[k] = out[k]!.slice(0, rows)
  return { columns: out, rows }
}

/** Formats columns as CSV with the shortest text that reads back to the same doubles. */
export function formatCsv(columns: Record<string, ArrayLike<number>>): string {
  const names = Object.keys(columns)
  const n = names.length === 0 ? 0 : columns[names[0]!]!.length
  const parts: string[] = [names.join(',')]
  for (let i = 0; i < n; i++) parts.push(names.map((k) => formatNumber(columns[k]![i]!)).join(','))
  return parts.join('\n') + '\n'
}

/** Shortest round-trip text of a double; NaN (an undefined estimate) becomes an empty cell. */
export function formatNumber(v: number): string {
  return Number.isNaN(v) ? '' : String(v)
}
