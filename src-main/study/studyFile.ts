import { dirname, resolve } from 'node:path'
import { csvDataSchema } from '../../src-shared/api/spec'
import { describeZodError } from '../../src-shared/api/zodHelpers'
import { InputError } from '../../src-shared/errors'
import { enumerateCells, type StudyCell } from '../../src-shared/study/cells'
import { studySchema, type Study } from '../../src-shared/study/studySpec'
import { readQueryCsv, readText, readTrainingCsv } from '../cli/files'

/** Where in `text` the JSON parser stopped, as " at line L, column C". */
function jsonPosition(text: string, message: string): string {
  const m = /position (\d+)/.exec(message)
  if (!m) return ''
  const before = text.slice(0, Number(m[1])).split('\n')
  return ` at line ${before.length}, column ${before[before.length - 1]!.length + 1}`
}

/**
 * Reads a study file (issue 14's format), checks it, and enumerates its
 * cells, so a bad axis or value is refused before anything is stored; every
 * error names the file. Base data given as CSV paths (relative to the file)
 * are read into inline data, as `run --spec` does.
 */
export function readStudyFile(cwd: string, path: string): { study: Study; cells: StudyCell[] } {
  const text = readText(cwd, path)
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    const msg = (e as Error).message
    throw new InputError(`${path}: not valid JSON${jsonPosition(text, msg)} (${msg.split('\n')[0]})`)
  }
  const parsed = studySchema.safeParse(raw)
  if (!parsed.success) throw new InputError(`${path}: ${describeZodError(parsed.error)}`)
  const study = parsed.data
  const data = study.base.data
  if (data && typeof data === 'object' && ('trainCsv' in data || 'queryCsv' in data)) {
    const csv = csvDataSchema.safeParse(data)
    if (!csv.success) throw new InputError(`${path}: base.data: ${describeZodError(csv.error)}`)
    const base = dirname(resolve(cwd, path))
    const train = readTrainingCsv(base, csv.data.trainCsv)
    const query = readQueryCsv(base, csv.data.queryCsv)
    study.base.data = {
      xTrain: Array.from(train.x),
      yTrain: Array.from(train.y),
      xQuery: Array.from(query.x),
      yTruth: query.truth ? Array.from(query.truth) : null,
      source: `${csv.data.trainCsv}, ${csv.data.queryCsv}`,
    }
  }
  try {
    return { study, cells: enumerateCells(study) }
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${path}: ${e.message}`)
    throw e
  }
}
