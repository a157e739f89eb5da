import { InputError } from '../errors'
import { describeWanted, type ColumnSpec, type NumericColumns } from './columns'
import { readArrowColumns } from './arrowReader'
import { CsvReader } from './csvReader'
import { readParquetColumns } from './parquetReader'

/**
 * The one way in for data files, used by the command line (files on disk)
 * and the app's import (dropped or chosen files): CSV, TSV, Parquet and
 * Arrow IPC (Feather v2 files and Arrow streams), told apart by their first
 * bytes, with the file name's extension as a hint. Every format gives the
 * same NumericColumns and the same kinds of errors.
 */

/** A file to read, wherever it lives: `read` returns the bytes [start, end). */
export interface ByteSource {
  /** Shown in errors, e.g. the path as the user gave it. */
  readonly name: string
  readonly size: number
  read(start: number, end: number): Uint8Array | Promise<Uint8Array>
}

export type DataFormat = 'csv' | 'tsv' | 'parquet' | 'arrow'

/** What the app's file inputs accept. */
export const DATA_FILE_ACCEPT = '.csv,.tsv,.txt,.parquet,.arrow,.feather,.arrows,.ipc,text/csv,text/tab-separated-values'

/** Bytes of text handed to the CSV reader at a time. */
const CSV_CHUNK = 1 << 20

const PARQUET_EXTENSIONS = ['.parquet', '.parq', '.pq']
const ARROW_EXTENSIONS = ['.arrow', '.feather', '.arrows', '.ipc']

/** The format of a file from its first bytes (at least 8 when it has them) and its name. */
export function detectFormat(head: Uint8Array, name: string): DataFormat {
  if (startsWith(head, 'PAR1')) return 'parquet'
  if (startsWith(head, 'ARROW1')) return 'arrow'
  // An Arrow stream begins with a message: the continuation marker 0xFFFFFFFF, then its length.
  if (head.length >= 8 && head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff) return 'arrow'
  const lower = name.toLowerCase()
  if (PARQUET_EXTENSIONS.some((e) => lower.endsWith(e))) return 'parquet'
  if (ARROW_EXTENSIONS.some((e) => lower.endsWith(e))) return 'arrow'
  return lower.endsWith('.tsv') || lower.endsWith('.tab') ? 'tsv' : 'csv'
}

export async function readDataColumns(source: ByteSource, columns: Omit<ColumnSpec, 'source'>): Promise<NumericColumns> {
  const spec: ColumnSpec = { ...columns, source: source.name }
  const head = source.size === 0 ? new Uint8Array(0) : await source.read(0, Math.min(source.size, 8))
  const format = detectFormat(head, source.name)
  if (format === 'csv' || format === 'tsv') return readCsv(source, spec, format)
  const what = format === 'parquet' ? 'a Parquet file' : 'an Arrow IPC (Feather v2) file'
  if (source.size === 0) throw new InputError(`${source.name}: the file is empty; expected ${what} with ${describeWanted(spec)}`)
  if (startsWith(head, 'FEA1')) throw new InputError(`${source.name}: a Feather v1 file; write Feather v2 (the default since pyarrow 0.17) instead`)
  if (format === 'parquet') {
    if (!startsWith(head, 'PAR1')) throw new InputError(`${source.name}: not a Parquet file (it does not start with PAR1)`)
    await requireEnd(source, 'PAR1', 'Parquet file')
    return readParquetColumns(asyncBuffer(source), spec)
  }
  if (startsWith(head, 'ARROW1')) await requireEnd(source, 'ARROW1', 'Arrow IPC (Feather v2) file')
  return readArrowColumns(await source.read(0, source.size), spec)
}

async function readCsv(source: ByteSource, spec: ColumnSpec, format: 'csv' | 'tsv'): Promise<NumericColumns> {
  const reader = new CsvReader(spec, { expectedBytes: source.size, ...(format === 'tsv' ? { separator: '\t' } : {}) })
  for (let at = 0; at < source.size; at += CSV_CHUNK) reader.push(await source.read(at, Math.min(source.size, at + CSV_CHUNK)))
  return reader.finish()
}

/** hyparquet reads byte ranges as ArrayBuffers. */
function asyncBuffer(source: ByteSource) {
  return {
    byteLength: source.size,
    slice: async (start: number, end = source.size): Promise<ArrayBuffer> => {
      const bytes = await source.read(start, end)
      return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer)
    },
  }
}

/** Parquet and Arrow files end with their magic bytes too: a copy cut short is told as such, before a library trips on it. */
async function requireEnd(source: ByteSource, magic: string, what: string): Promise<void> {
  const tail = source.size >= 2 * magic.length ? await source.read(source.size - magic.length, source.size) : new Uint8Array(0)
  if (!startsWith(tail, magic)) {
    throw new InputError(`${source.name}: not a complete ${what}: it does not end with ${magic} (${source.size} bytes); was it cut short?`)
  }
}

function startsWith(bytes: Uint8Array, magic: string): boolean {
  if (bytes.length < magic.length) return false
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic.charCodeAt(i)) return false
  return true
}

/** A source over bytes already in memory (tests, small inputs). */
export function bytesSource(name: string, bytes: Uint8Array): ByteSource {
  return { name, size: bytes.length, read: (start, end) => bytes.subarray(start, end) }
}
