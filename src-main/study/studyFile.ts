import { describeZodError } from '../../src-shared/api/zodHelpers'
import { InputError } from '../../src-shared/errors'
import { enumerateCells, type StudyCell } from '../../src-shared/study/cells'
import { studySchema, type Study } from '../../src-shared/study/studySpec'
import { inlineDataFiles, readJsonFile } from '../cli/specFile'

/**
 * Reads a study file (issue 14's format), checks it, and enumerates its
 * cells, so a bad axis or value is refused before anything is stored; every
 * error names the file. Base data given as file paths (relative to the file;
 * CSV, TSV, Parquet or Arrow) are read into inline data, as `run --spec` does.
 */
export async function readStudyFile(cwd: string, path: string): Promise<{ study: Study; cells: StudyCell[] }> {
  const raw = readJsonFile(cwd, path)
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) await inlineDataFiles(cwd, path, (raw as { base?: unknown }).base)
  const parsed = studySchema.safeParse(raw)
  if (!parsed.success) throw new InputError(`${path}: ${describeZodError(parsed.error)}`)
  const study = parsed.data
  try {
    return { study, cells: enumerateCells(study) }
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${path}: ${e.message}`)
    throw e
  }
}
