import { InputError } from '../../src-shared/errors'
import { belowSigmaFloor, sigmaFloorMessage, SIGMA_MAX } from '../../src-shared/api/sigmaRange'
import { MAX_DIMENSION } from '../../src-shared/engine/vectorTypes'
import { standardization, standardize, type Standardization } from '../../src-shared/engine/vector'
import { readDataFile, readText } from './files'
import { readTextCsv } from '../../src-shared/data/csvText'
import { numberFlag, stringFlag, UsageError, type FlagValues } from './flags'

/**
 * Reading vector inputs for fit, bandwidth and train: the feature columns
 * named by --features (row-major n x d), a numeric target or a text class
 * column, and the width flags. Without --features the columns are x and y,
 * as the one-dimensional commands always read them.
 */

/** Features from --features a,b,... (trimmed, non-empty, distinct), or null when the flag is absent. */
export function featureNames(values: FlagValues): string[] | null {
  const raw = stringFlag(values, 'features')
  if (raw === undefined) return null
  const names = raw.split(',').map((s) => s.trim())
  if (names.some((s) => s === '')) throw new UsageError(`--features: "${raw}" has an empty column name`)
  const seen = new Set<string>()
  for (const name of names) {
    if (seen.has(name.toLowerCase())) throw new UsageError(`--features: column "${name}" is named twice`)
    seen.add(name.toLowerCase())
  }
  if (names.length > MAX_DIMENSION) throw new UsageError(`--features names ${names.length} columns; at most ${MAX_DIMENSION} are supported`)
  return names
}

export interface FeatureTable {
  /** Row-major rows x d. */
  x: Float64Array
  d: number
  rows: number
  /** The numeric columns asked for besides the features (target, truth), by name. */
  extra: Record<string, Float64Array>
}

/** Numeric feature columns plus optional and required extra numeric columns. */
export async function readFeatures(cwd: string, path: string, features: string[], required: string[] = [], optional: string[] = []): Promise<FeatureTable> {
  for (const name of required) {
    if (features.some((f) => f.toLowerCase() === name.toLowerCase())) throw new UsageError(`column "${name}" cannot be both a feature and the target`)
  }
  const { columns, rows } = await readDataFile(cwd, path, [...features, ...required], optional)
  const d = features.length
  // One feature is its column as read: a copy of 10^6 doubles is time and memory for nothing.
  const x = d === 1 ? columns[features[0]!]! : new Float64Array(rows * d)
  if (d > 1) {
    features.forEach((name, l) => {
      const column = columns[name]!
      for (let i = 0; i < rows; i++) x[i * d + l] = column[i]!
    })
  }
  const extra: Record<string, Float64Array> = {}
  for (const name of [...required, ...optional]) if (columns[name]) extra[name] = columns[name]
  return { x, d, rows, extra }
}

/**
 * A text column (class labels), one entry per data row in the same rows the
 * numeric reader keeps (blank lines skipped); null when the column is absent
 * and not required.
 */
export function readLabels(cwd: string, path: string, column: string, required: boolean): string[] | null {
  if (/\.(parquet|arrow|feather|ipc)$/i.test(path)) {
    throw new InputError(`${path}: class labels are read from CSV or TSV files; convert the file, or give the labels as numbers`)
  }
  const t = readTextCsv(path, readText(cwd, path))
  const names = t.header.cells.map((c) => c.toLowerCase())
  const at = names.indexOf(column.toLowerCase())
  if (at < 0) {
    if (!required) return null
    throw new InputError(`${path}:${t.header.line}: no column "${column}" in the header (found: ${names.join(', ') || 'nothing'})`)
  }
  const labels: string[] = []
  for (const row of t.rows) {
    if (row.cells.length <= at) throw new InputError(`${path}:${row.line}: expected at least ${at + 1} columns, found ${row.cells.length}`)
    const label = row.cells[at]!
    if (label === '') throw new InputError(`${path}:${row.line}: column "${column}": an empty cell is not a class label`)
    labels.push(label)
  }
  if (labels.length === 0) throw new InputError(`${path}: no data rows below the header`)
  return labels
}

function sigmaAbove(v: number, flag: string): number {
  if (belowSigmaFloor(v)) throw new UsageError(`${flag} ${sigmaFloorMessage()} (got ${v})`)
  return v
}

/** --sigma as one width for every coordinate or one per coordinate; null when absent. */
export function sigmaFlag(values: FlagValues, d: number): Float64Array | null {
  const raw = stringFlag(values, 'sigma')
  if (raw === undefined) return null
  const parts = raw.split(',')
  if (parts.length === 1) {
    const s = sigmaAbove(numberFlag(values, 'sigma', { min: 0, exclusiveMin: true, max: SIGMA_MAX })!, '--sigma')
    return new Float64Array(d).fill(s)
  }
  if (parts.length !== d) {
    throw new UsageError(`--sigma has ${parts.length} widths but there ${d === 1 ? 'is 1 feature' : `are ${d} features`}; give one width, or one per feature`)
  }
  return Float64Array.from(parts, (part, l) => sigmaAbove(numberFlag({ [`sigma[${l + 1}]`]: part }, `sigma[${l + 1}]`, { min: 0, exclusiveMin: true, max: SIGMA_MAX })!, `--sigma[${l + 1}]`))
}

/** With --standardize: the training inputs' per-coordinate mean and sd, applied to every input set. */
export function maybeStandardize(values: FlagValues, train: Float64Array, d: number): { apply(x: Float64Array): Float64Array; scale: Standardization | null } {
  if (values.standardize !== true) return { apply: (x) => x, scale: null }
  const s = standardization(train, d)
  return { apply: (x) => standardize(x, d, s), scale: s }
}

/** Labels as JSON: numbers when every class label is a number, else the text. */
export function jsonLabel(label: string, numeric: boolean): string | number {
  return numeric ? Number(label) : label
}
