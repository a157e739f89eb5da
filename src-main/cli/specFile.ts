import { dirname, resolve } from 'node:path'
import { z } from 'zod'
import { DATA_FILE_KEYS, experimentSpecSchema, type ExperimentSpec } from '../../src-shared/api/spec'
import { describeZodError } from '../../src-shared/api/zodHelpers'
import { InputError } from '../../src-shared/errors'
import { readQueryFile, readText, readTrainingFile } from './files'
import { readVectorFiles } from './vectorSpecFile'

/** Where in `text` the JSON parser stopped, as "line L, column C". */
function jsonPosition(text: string, message: string): string {
  const m = /position (\d+)/.exec(message)
  if (!m) return ''
  const pos = Number(m[1])
  const before = text.slice(0, pos).split('\n')
  return ` at line ${before.length}, column ${before[before.length - 1]!.length + 1}`
}

/** A JSON file's value; a syntax error names the file, line and column. */
export function readJsonFile(cwd: string, path: string): unknown {
  const text = readText(cwd, path)
  try {
    return JSON.parse(text) as unknown
  } catch (e) {
    const msg = (e as Error).message
    throw new InputError(`${path}: not valid JSON${jsonPosition(text, msg)} (${msg.split('\n')[0]})`)
  }
}

/** trainFile and queryFile, or their older names trainCsv and queryCsv. */
const fileKeysSchema = z.object(Object.fromEntries(DATA_FILE_KEYS.map((k) => [k, z.string().min(1).optional()]))).strict()

/** The two data files a spec's data names, whichever names it uses for them. */
function dataFiles(path: string, data: object): { train: string; query: string } {
  const parsed = fileKeysSchema.safeParse(data)
  if (!parsed.success) throw new InputError(`${path}: data: ${describeZodError(parsed.error)}`)
  const d = parsed.data as Partial<Record<(typeof DATA_FILE_KEYS)[number], string>>
  // Errors speak the names the spec uses.
  const suffix = d.trainCsv !== undefined || d.queryCsv !== undefined ? 'Csv' : 'File'
  const pick = (role: 'train' | 'query'): string => {
    const now = d[`${role}File`]
    const old = d[`${role}Csv`]
    if (now !== undefined && old !== undefined) throw new InputError(`${path}: data: give ${role}File or its old name ${role}Csv, not both`)
    const file = now ?? old
    if (file === undefined) throw new InputError(`${path}: data: ${role}${suffix}: missing (the ${role === 'train' ? 'training' : 'query'} data file, relative to the spec file)`)
    return file
  }
  return { train: pick('train'), query: pick('query') }
}

/**
 * Reads an experiment spec file: JSON, validated with the API's own schema.
 * Data given as file paths (trainFile and queryFile, relative to the spec
 * file; CSV, TSV, Parquet or Arrow) are read here and become inline data,
 * so the run stores the data themselves.
 */
export async function readSpecFile(cwd: string, path: string): Promise<ExperimentSpec> {
  const raw = readJsonFile(cwd, path)
  await inlineDataFiles(cwd, path, raw)
  const parsed = experimentSpecSchema.safeParse(raw)
  if (!parsed.success) throw new InputError(`${path}: ${describeZodError(parsed.error)}`)
  return parsed.data
}

/**
 * Replaces a spec's data given as file paths (trainFile and queryFile, or
 * trainCsv and queryCsv, relative to the spec file at `path`) with the data
 * read from them, in place; `spec` is the parsed JSON of a spec (or of a
 * study's base spec).
 */
export async function inlineDataFiles(cwd: string, path: string, spec: unknown): Promise<void> {
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return
  const data = (spec as { data?: unknown }).data
  if (!data || typeof data !== 'object' || !DATA_FILE_KEYS.some((k) => k in data)) return
  const base = dirname(resolve(cwd, path))
  if ('features' in data) {
    ;(spec as { data: unknown }).data = await readVectorFiles(base, path, data, (spec as { task?: unknown }).task)
    return
  }
  const files = dataFiles(path, data)
  const train = await readTrainingFile(base, files.train)
  const query = await readQueryFile(base, files.query)
  ;(spec as { data: unknown }).data = {
    xTrain: Array.from(train.x),
    yTrain: Array.from(train.y),
    xQuery: Array.from(query.x),
    yTruth: query.truth ? Array.from(query.truth) : null,
    source: `${files.train}, ${files.query}`,
  }
}
