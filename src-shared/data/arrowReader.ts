import type { DataType, Table, Vector } from 'apache-arrow'
import { InputError } from '../errors'
import { arrowDecompressors } from './codecs'
import { DECIMAL_NUMBER, finiteColumn, firstLine, matchColumns, quoteCell, type ColumnSpec, type NumericColumns } from './columns'

type Arrow = typeof import('apache-arrow')
let loaded: Promise<Arrow> | null = null

/**
 * apache-arrow, loaded on first use (it takes a tenth of a second to load, which
 * a CSV-only command should not pay), with the decoders for compressed record
 * batches (Feather v2 from pyarrow is LZ4 by default) in its registry.
 */
function loadArrow(): Promise<Arrow> {
  loaded ??= Promise.all([import('apache-arrow'), arrowDecompressors()]).then(([arrow, codecs]) => {
    arrow.compressionRegistry.set(arrow.CompressionType.LZ4_FRAME, { decode: codecs.lz4Frame })
    arrow.compressionRegistry.set(arrow.CompressionType.ZSTD, { decode: codecs.zstd })
    return arrow
  })
  return loaded
}

/**
 * Numeric columns of an Arrow IPC file (Feather v2) or stream, chosen by
 * name, as Float64Arrays. Floats and integers of any width convert, as do
 * dictionary-encoded numbers; a null, NaN or infinity is an error naming its
 * row (counted from 1) and column, and a text, boolean, date or nested
 * column is refused by name.
 */
export async function readArrowColumns(bytes: Uint8Array, spec: ColumnSpec): Promise<NumericColumns> {
  const { source } = spec
  const arrow = await loadArrow()
  let table: Table
  try {
    table = arrow.tableFromIPC(bytes)
  } catch (e) {
    throw new InputError(`${source}: not a readable Arrow IPC (Feather v2) file (${firstLine(e)}); is it cut short?`)
  }
  const fields = table.schema.fields
  const found = matchColumns(
    fields.map((f) => f.name),
    spec,
    source,
  )
  const rows = table.numRows
  const columns: Record<string, Float64Array> = {}
  for (const [name, at] of found) {
    const vector = table.getChildAt(at)!
    const what = `${source}: column "${name}"`
    const refused = nonNumeric(arrow, vector.type)
    if (refused === 'text') throw textColumnError(vector, what)
    if (refused) throw new InputError(`${what} holds ${refused}, not numbers`)
    if (vector.nullCount > 0) {
      for (let i = 0; i < rows; i++) if (!vector.isValid(i)) throw new InputError(`${what}, row ${i + 1}: a missing value (null)`)
    }
    columns[name] = finiteColumn(toFloat64(arrow, vector), what)
  }
  if (rows === 0) throw new InputError(`${source}: no data rows`)
  return { columns, rows }
}

/** Why a column of this type cannot be read as numbers, or null when it can. */
function nonNumeric(arrow: Arrow, type: DataType): string | null {
  const { Type } = arrow
  switch (type.typeId) {
    case Type.Int:
    case Type.Float:
      return null
    case Type.Dictionary:
      return nonNumeric(arrow, (type as unknown as { dictionary: DataType }).dictionary)
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Utf8View:
      return 'text'
    case Type.Bool:
      return 'true/false values'
    case Type.Date:
    case Type.Time:
    case Type.Timestamp:
    case Type.Duration:
    case Type.Interval:
      return 'dates or times'
    case Type.Decimal:
      return 'Arrow decimals (cast the column to float64)'
    default:
      return `values of type ${String(type)}`
  }
}

function toFloat64(arrow: Arrow, vector: Vector): Float64Array {
  const { Type, Precision } = arrow
  const type = vector.type
  const plain = type.typeId === Type.Float ? (type as unknown as { precision: number }).precision !== Precision.HALF : type.typeId === Type.Int
  if (plain) {
    // Whole typed arrays of the column (one per record batch, concatenated); 64-bit integers come as bigints.
    const values = vector.toArray() as ArrayLike<number | bigint>
    if (values instanceof BigInt64Array || values instanceof BigUint64Array) return Float64Array.from(values, Number)
    const out = new Float64Array(values.length)
    out.set(values as ArrayLike<number>)
    return out
  }
  // Half floats and dictionary-encoded numbers: value by value.
  const out = new Float64Array(vector.length)
  for (let i = 0; i < vector.length; i++) out[i] = Number(vector.get(i))
  return out
}

/** The error for a text column, naming its first cell that is not a decimal number. */
function textColumnError(vector: Vector, what: string): InputError {
  for (let i = 0; i < vector.length; i++) {
    const v: unknown = vector.get(i)
    if (typeof v !== 'string' || !DECIMAL_NUMBER.test(v.trim())) {
      return new InputError(`${what}, row ${i + 1}: ${v === null ? 'a missing value (null)' : quoteCell(String(v))} is not a number (the column holds text)`)
    }
  }
  return new InputError(`${what} holds numbers stored as text; store it as a numeric column`)
}
