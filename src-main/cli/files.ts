import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseNumericCsv } from '../../src-shared/csv'
import { describeFsError, makeDirs } from '../fsErrors'

export function readText(cwd: string, path: string): string {
  try {
    return readFileSync(resolve(cwd, path), 'utf8')
  } catch (e) {
    throw describeFsError(path, e)
  }
}

export function writeText(cwd: string, path: string, text: string | Buffer): void {
  const full = resolve(cwd, path)
  try {
    makeDirs(dirname(full))
    writeFileSync(full, text)
  } catch (e) {
    throw describeFsError(path, e)
  }
}

/** Training pairs from a CSV with columns x and y. */
export function readTrainingCsv(cwd: string, path: string): { x: Float64Array; y: Float64Array } {
  const { columns } = parseNumericCsv(readText(cwd, path), { source: path, required: ['x', 'y'] })
  return { x: columns.x!, y: columns.y! }
}

/** Queries from a CSV with column x, and the noise-free truth if the file has a truth column. */
export function readQueryCsv(cwd: string, path: string): { x: Float64Array; truth: Float64Array | null } {
  const { columns } = parseNumericCsv(readText(cwd, path), { source: path, required: ['x'], optional: ['truth'] })
  return { x: columns.x!, truth: columns.truth ?? null }
}
