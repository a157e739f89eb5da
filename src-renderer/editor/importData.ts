import { readDataColumns, type ByteSource } from '../../src-shared/data/dataFile'
import type { ImportedData } from './editorModel'

/** Queries when no query file is given: 100 steps across the training range. */
function gridOver(x: Float64Array): number[] {
  let lo = Infinity
  let hi = -Infinity
  for (const v of x) {
    lo = Math.min(lo, v)
    hi = Math.max(hi, v)
  }
  if (hi === lo) return [lo]
  return Array.from({ length: 101 }, (_, i) => lo + ((hi - lo) * i) / 100)
}

/** A dropped or chosen file, read in slices as the reader asks (a large CSV streams in; Parquet reads only its columns). */
export function fileSource(file: Blob & { name: string }): ByteSource {
  return {
    name: file.name,
    size: file.size,
    read: async (start, end) => new Uint8Array(await file.slice(start, end).arrayBuffer()),
  }
}

/**
 * Reads a training file (x, y) and an optional query file (x, optional
 * truth): CSV, TSV, Parquet or Arrow/Feather, with the same reader and
 * messages as the command line.
 */
export async function importDataFiles(train: File, query: File | null): Promise<ImportedData> {
  const t = await readDataColumns(fileSource(train), { required: ['x', 'y'] })
  const q = query ? await readDataColumns(fileSource(query), { required: ['x'], optional: ['truth'] }) : null
  return {
    xTrain: Array.from(t.columns.x!),
    yTrain: Array.from(t.columns.y!),
    xQuery: q ? Array.from(q.columns.x!) : gridOver(t.columns.x!),
    yTruth: q?.columns.truth ? Array.from(q.columns.truth) : null,
    source: query ? `${train.name}, ${query.name}` : train.name,
  }
}
