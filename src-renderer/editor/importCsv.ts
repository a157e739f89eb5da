import { parseNumericCsv } from '../../src-shared/csv'
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

/**
 * Reads a training CSV (x, y) and an optional query CSV (x, optional truth)
 * with the same parser and messages as the command line.
 */
export async function importCsvFiles(train: File, query: File | null): Promise<ImportedData> {
  const t = parseNumericCsv(await train.text(), { source: train.name, required: ['x', 'y'] })
  const q = query ? parseNumericCsv(await query.text(), { source: query.name, required: ['x'], optional: ['truth'] }) : null
  return {
    xTrain: Array.from(t.columns.x!),
    yTrain: Array.from(t.columns.y!),
    xQuery: q ? Array.from(q.columns.x!) : gridOver(t.columns.x!),
    yTruth: q?.columns.truth ? Array.from(q.columns.truth) : null,
    source: query ? `${train.name}, ${query.name}` : train.name,
  }
}
