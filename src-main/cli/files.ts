import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs'
import { resolve } from 'node:path'
import type { NumericColumns } from '../../src-shared/data/columns'
import { readDataColumns, type ByteSource } from '../../src-shared/data/dataFile'
import { InputError } from '../../src-shared/errors'
import { describeFsError } from '../fsErrors'

export function readText(cwd: string, path: string): string {
  try {
    return readFileSync(resolve(cwd, path), 'utf8')
  } catch (e) {
    throw describeFsError(path, e)
  }
}

/**
 * A data file on disk (CSV, TSV, Parquet or Arrow: see readDataColumns),
 * read in ranges as the reader asks for them rather than all at once.
 */
export async function readDataFile(cwd: string, path: string, required: readonly string[], optional: readonly string[] = []): Promise<NumericColumns> {
  let fd: number
  let size: number
  try {
    fd = openSync(resolve(cwd, path), 'r')
    size = fstatSync(fd).size
  } catch (e) {
    throw describeFsError(path, e)
  }
  const source: ByteSource = {
    name: path,
    size,
    read(start, end) {
      const bytes = new Uint8Array(end - start)
      try {
        for (let at = 0; at < bytes.length; ) {
          const n = readSync(fd, bytes, at, bytes.length - at, start + at)
          if (n === 0) throw new InputError(`${path}: the file got shorter while it was read`)
          at += n
        }
      } catch (e) {
        if (e instanceof InputError) throw e
        throw describeFsError(path, e)
      }
      return bytes
    },
  }
  try {
    return await readDataColumns(source, { required, optional })
  } finally {
    closeSync(fd)
  }
}

/** Training pairs: columns x and y. */
export async function readTrainingFile(cwd: string, path: string): Promise<{ x: Float64Array; y: Float64Array }> {
  const { columns } = await readDataFile(cwd, path, ['x', 'y'])
  return { x: columns.x!, y: columns.y! }
}

/** Queries: column x, and the noise-free truth if the file has a truth column. */
export async function readQueryFile(cwd: string, path: string): Promise<{ x: Float64Array; truth: Float64Array | null }> {
  const { columns } = await readDataFile(cwd, path, ['x'], ['truth'])
  return { x: columns.x!, truth: columns.truth ?? null }
}
