import { dirname, resolve } from 'node:path'
import { csvDataSchema, experimentSpecSchema, type ExperimentSpec } from '../../src-shared/api/spec'
import { describeZodError } from '../../src-shared/api/zodHelpers'
import { InputError } from '../../src-shared/errors'
import { readQueryCsv, readText, readTrainingCsv } from './files'

/** Where in `text` the JSON parser stopped, as "line L, column C". */
function jsonPosition(text: string, message: string): string {
  const m = /position (\d+)/.exec(message)
  if (!m) return ''
  const pos = Number(m[1])
  const before = text.slice(0, pos).split('\n')
  return ` at line ${before.length}, column ${before[before.length - 1]!.length + 1}`
}

/**
 * Reads an experiment spec file: JSON, validated with the API's own schema.
 * Data given as CSV paths (relative to the spec file) are read here and
 * become inline data, so the run stores the data themselves.
 */
export function readSpecFile(cwd: string, path: string): ExperimentSpec {
  const text = readText(cwd, path)
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    const msg = (e as Error).message
    throw new InputError(`${path}: not valid JSON${jsonPosition(text, msg)} (${msg.split('\n')[0]})`)
  }
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const data = (raw as { data?: unknown }).data
    if (data && typeof data === 'object' && ('trainCsv' in data || 'queryCsv' in data)) {
      const csv = csvDataSchema.safeParse(data)
      if (!csv.success) throw new InputError(`${path}: data: ${describeZodError(csv.error)}`)
      const base = dirname(resolve(cwd, path))
      const train = readTrainingCsv(base, csv.data.trainCsv)
      const query = readQueryCsv(base, csv.data.queryCsv)
      ;(raw as { data: unknown }).data = {
        xTrain: Array.from(train.x),
        yTrain: Array.from(train.y),
        xQuery: Array.from(query.x),
        yTruth: query.truth ? Array.from(query.truth) : null,
        source: `${csv.data.trainCsv}, ${csv.data.queryCsv}`,
      }
    }
  }
  const parsed = experimentSpecSchema.safeParse(raw)
  if (!parsed.success) throw new InputError(`${path}: ${describeZodError(parsed.error)}`)
  return parsed.data
}
