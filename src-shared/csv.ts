/**
 * Writing numeric CSV. (Reading is src-shared/data/csvReader.ts, behind
 * readDataColumns, shared by the command line and the app's import.)
 */

/** Rows formatted per piece by csvChunks: a piece stays a few megabytes at most. */
const ROWS_PER_CHUNK = 65_536

/** Formats columns as CSV with the shortest text that reads back to the same doubles. */
export function formatCsv(columns: Record<string, ArrayLike<number>>): string {
  return Array.from(csvChunks(columns)).join('')
}

/**
 * The same text as formatCsv in pieces of whole lines, for files too large
 * to build as one string (a million rows). The columns have equal lengths.
 */
export function* csvChunks(columns: Record<string, ArrayLike<number>>): Generator<string> {
  const names = Object.keys(columns)
  const arrays = names.map((k) => columns[k]!)
  const n = arrays.length === 0 ? 0 : arrays[0]!.length
  yield names.join(',') + '\n'
  for (let start = 0; start < n; start += ROWS_PER_CHUNK) {
    const end = Math.min(n, start + ROWS_PER_CHUNK)
    const lines = new Array<string>(end - start)
    for (let i = start; i < end; i++) {
      let line = formatNumber(arrays[0]![i]!)
      for (let k = 1; k < arrays.length; k++) line += ',' + formatNumber(arrays[k]![i]!)
      lines[i - start] = line
    }
    yield lines.join('\n') + '\n'
  }
}

/** Shortest round-trip text of a double; NaN (an undefined estimate) becomes an empty cell. */
export function formatNumber(v: number): string {
  return Number.isNaN(v) ? '' : String(v)
}
