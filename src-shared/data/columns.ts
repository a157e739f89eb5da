import { InputError } from '../errors'

/**
 * Which columns to read from a data file, whatever its format: the CSV and
 * TSV reader, the Parquet reader and the Arrow reader all take this and give
 * back a NumericColumns, so every entry point accepts the same files.
 */
export interface ColumnSpec {
  /** Shown in errors, e.g. the file path. */
  source: string
  required: readonly string[]
  optional?: readonly string[]
}

export interface NumericColumns {
  /** The requested columns that the file has, by the requested name. */
  columns: Record<string, Float64Array>
  rows: number
}

/** "column x" or "columns x, y", for messages. */
export function describeWanted(spec: ColumnSpec): string {
  return `column${spec.required.length > 1 ? 's' : ''} ${spec.required.join(', ')}`
}

/**
 * Where each requested column is among `names` (the file's own column
 * names, in order). A name matches exactly or, failing that, ignoring case;
 * a missing required column is an InputError that lists what the file has.
 * `where` starts the message ("t.csv:1" or "t.parquet"), `inWhat` says where
 * the names were looked for (" in the header").
 */
export function matchColumns(names: readonly string[], spec: ColumnSpec, where: string, inWhat = ''): Map<string, number> {
  const found = new Map<string, number>()
  const lower = names.map((n) => n.toLowerCase())
  for (const wanted of [...spec.required, ...(spec.optional ?? [])]) {
    let at = names.indexOf(wanted)
    if (at < 0) at = lower.indexOf(wanted.toLowerCase())
    if (at >= 0) found.set(wanted, at)
    else if (spec.required.includes(wanted)) {
      const shown = names.length === 0 ? 'nothing' : names.map((n) => (n === '' ? '""' : n)).join(', ')
      throw new InputError(`${where}: no column "${wanted}"${inWhat} (found: ${shown}); expected ${describeWanted(spec)}`)
    }
  }
  return found
}

/** A short quotation of a cell or a value for an error message. */
export function quoteCell(text: string): string {
  return `"${text.length > 40 ? text.slice(0, 40) + '…' : text}"`
}

/** Decimal numbers only: no hex, no NaN or Infinity, no empty text. */
export const DECIMAL_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/** The first line of an error's message, for wrapping a library's error in one line of ours. */
export function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!
}

/** Refuses a NaN or an infinity (Parquet and Arrow floats can hold them; CSV cells cannot), naming its row from 1. */
export function finiteColumn(values: Float64Array, what: string): Float64Array {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (v - v !== 0) throw new InputError(`${what}, row ${i + 1}: ${String(v)} is not a finite number`)
  }
  return values
}
