import { csvChunks } from '../../src-shared/csv'
import { writeFileAtomically } from '../atomicWrite'
import { stringFlag, UsageError, type FlagValues } from './flags'

/** `--out FILE.csv` of fit and train: the estimates as CSV, beside the JSON on stdout. */
export const OUT_FLAG = { out: { type: 'string' as const } }

export const OUT_HELP = `  --out FILE.csv  also write the estimates as CSV: columns x, y_hat, and truth when the
                  query file has one; an undefined estimate is an empty cell`

/** The --out path, checked before any work: it writes CSV, so another format's extension is a mistake. */
export function outFlag(values: FlagValues): string | undefined {
  const path = stringFlag(values, 'out')
  if (path === undefined) return undefined
  const extension = /\.([^./\\]+)$/.exec(path)?.[1]
  if (extension !== undefined && extension.toLowerCase() !== 'csv') {
    throw new UsageError(`--out writes CSV: give a .csv file (got ${path})`)
  }
  return path
}

/** Writes x, y_hat (and truth) atomically: a failure leaves no partial file. */
export function writeEstimatesCsv(cwd: string, path: string, query: { x: Float64Array; truth: Float64Array | null }, yHat: Float64Array): void {
  const columns: Record<string, Float64Array> = { x: query.x, y_hat: yHat }
  if (query.truth) columns.truth = query.truth
  writeFileAtomically(cwd, path, csvChunks(columns))
}
