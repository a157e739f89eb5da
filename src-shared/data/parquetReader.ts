import type { AsyncBuffer, CompressionCodec, Compressors, FileMetaData, SchemaTree } from 'hyparquet'
import { InputError } from '../errors'
import { parquetDecompressors } from './codecs'
import { DECIMAL_NUMBER, finiteColumn, firstLine, matchColumns, quoteCell, type ColumnSpec, type NumericColumns } from './columns'

/**
 * Numeric columns of a Parquet file, chosen by name, as Float64Arrays.
 * Any numeric physical type converts (double, float, int32, int64,
 * decimal, float16), required or nullable; a null, NaN or infinity is an
 * error naming its row (counted from 1) and column, and a text, boolean,
 * date or nested column is refused by name. Reads only the columns asked
 * for: `file` fetches byte ranges on demand.
 */
export async function readParquetColumns(file: AsyncBuffer, spec: ColumnSpec): Promise<NumericColumns> {
  const { source } = spec
  // Loaded on first use: a command or an app session that reads no Parquet never loads the library.
  const { parquetMetadataAsync, parquetRead, parquetSchema } = await import('hyparquet')
  let metadata: FileMetaData
  try {
    metadata = await parquetMetadataAsync(file)
  } catch (e) {
    throw new InputError(`${source}: not a readable Parquet file (${firstLine(e)}); is it cut short?`)
  }
  const compressors = await parquetDecompressors(codecsOf(metadata))
  const columnsByName = parquetSchema(metadata).children
  const found = matchColumns(
    columnsByName.map((c) => c.element.name),
    spec,
    source,
  )
  const rows = Number(metadata.num_rows)
  const wanted = [...found].map(([name, at]) => ({ name, node: columnsByName[at]! }))
  for (const { name, node } of wanted) {
    const refused = nonNumeric(node)
    if (refused === 'text') throw await textColumnError(parquetRead, { file, metadata, compressors }, node.element.name, name, source)
    if (refused) throw new InputError(`${source}: column "${name}" holds ${refused}, not numbers`)
  }
  if (rows === 0) throw new InputError(`${source}: no data rows`)
  const out = new Map(wanted.map(({ name, node }) => [node.element.name, { name, values: new Float64Array(rows) }]))
  // onChunk runs inside hyparquet's promise callbacks, where a throw would go unhandled: keep the first problem and throw it after.
  let problem: InputError | null = null
  try {
    await parquetRead({
      file,
      metadata,
      columns: [...out.keys()],
      compressors,
      onChunk: ({ columnName, columnData, rowStart }) => {
        const column = out.get(columnName)
        if (!column || problem) return
        problem = copyChunk(columnData, column.values, rowStart, `${source}: column "${column.name}"`)
      },
    })
  } catch (e) {
    throw new InputError(`${source}: cannot read the Parquet data (${firstLine(e)}); is the file cut short or damaged?`)
  }
  if (problem) throw problem
  const columns: Record<string, Float64Array> = {}
  for (const { name, values } of out.values()) columns[name] = finiteColumn(values, `${source}: column "${name}"`)
  return { columns, rows }
}

/** Every compression codec the file's column chunks use. */
function* codecsOf(metadata: FileMetaData): Generator<CompressionCodec> {
  for (const group of metadata.row_groups) for (const chunk of group.columns) if (chunk.meta_data) yield chunk.meta_data.codec
}

/** Why a column cannot be read as numbers, or null when it can. */
function nonNumeric(node: SchemaTree): string | null {
  const { type, converted_type: converted, logical_type: logical, repetition_type: repetition } = node.element
  if (node.children.length > 0 || repetition === 'REPEATED') return 'nested values (a list, map or struct)'
  const kind = logical?.type
  if (kind === 'DECIMAL' || converted === 'DECIMAL' || kind === 'FLOAT16') return null
  if (kind === 'STRING' || kind === 'ENUM' || kind === 'JSON' || converted === 'UTF8' || converted === 'ENUM' || converted === 'JSON') return 'text'
  if (kind === 'DATE' || kind === 'TIME' || kind === 'TIMESTAMP' || converted === 'DATE' || converted?.startsWith('TIME') || type === 'INT96') return 'dates or times'
  if (type === 'BOOLEAN') return 'true/false values'
  if (type === 'INT32' || type === 'INT64' || type === 'FLOAT' || type === 'DOUBLE') return null
  // hyparquet reads unannotated byte arrays as UTF-8 text, as pyarrow writes old string columns.
  return type === 'BYTE_ARRAY' ? 'text' : 'bytes'
}

/**
 * Copies a decoded chunk into out at rowStart; returns the error for a
 * null (a missing value) instead of throwing.
 */
function copyChunk(data: ArrayLike<unknown>, out: Float64Array, rowStart: number, what: string): InputError | null {
  if (data instanceof Float64Array || data instanceof Float32Array || data instanceof Int32Array || data instanceof Uint32Array) {
    out.set(data, rowStart)
    return null
  }
  for (let i = 0; i < data.length; i++) {
    const v = data[i]
    if (typeof v === 'number') out[rowStart + i] = v
    else if (typeof v === 'bigint') out[rowStart + i] = Number(v)
    else if (v === null || v === undefined) return new InputError(`${what}, row ${rowStart + i + 1}: a missing value (null)`)
    else return new InputError(`${what}, row ${rowStart + i + 1}: ${quoteCell(String(v))} is not a number`)
  }
  return null
}

/** The error for a text column, naming its first cell that is not a decimal number (pandas writes a column with one stray word as text). */
async function textColumnError(
  parquetRead: typeof import('hyparquet').parquetRead,
  opened: { file: AsyncBuffer; metadata: FileMetaData; compressors: Compressors },
  column: string,
  name: string,
  source: string,
): Promise<InputError> {
  let first: { row: number; text: string } | null = null
  try {
    await parquetRead({
      ...opened,
      columns: [column],
      onChunk: ({ columnData, rowStart }) => {
        for (let i = 0; i < columnData.length && (first === null || rowStart + i < first.row); i++) {
          const v: unknown = columnData[i]
          if (typeof v !== 'string' || !DECIMAL_NUMBER.test(v.trim())) first = { row: rowStart + i, text: v === null || v === undefined ? 'null' : String(v) }
        }
      },
    })
  } catch {
    // The type alone is reason enough to refuse; the cell is a courtesy.
  }
  const at = first as { row: number; text: string } | null
  return at
    ? new InputError(`${source}: column "${name}", row ${at.row + 1}: ${quoteCell(at.text)} is not a number (the column holds text)`)
    : new InputError(`${source}: column "${name}" holds numbers stored as text; store it as a numeric column`)
}
