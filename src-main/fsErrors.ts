import { existsSync, mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { InputError } from '../src-shared/errors'

/** Explains a file-system error in words, naming the path. */
export function describeFsError(path: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code
  const reason =
    code === 'ENOENT'
      ? 'no such file or folder'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'is a folder, not a file'
          : code === 'ENOTDIR'
            ? 'a part of the path is not a folder'
            : code === 'EROFS'
              ? 'the file system is read-only'
              : code === 'ENOSPC'
                ? 'the disk is full'
                : (e as Error).message
  return new InputError(`${path}: ${reason}`)
}

/**
 * mkdir -p without Node's recursive mode, which spins forever on some
 * pseudo file systems (a path under /proc answers ENOENT to the child and
 * EEXIST to the parent, and Node retries). Creates each missing folder in
 * turn and lets the first real error through. Returns the folders it
 * created, outermost first.
 */
export function makeDirs(path: string): string[] {
  const missing: string[] = []
  let p = resolve(path)
  while (!existsSync(p)) {
    missing.unshift(p)
    const parent = dirname(p)
    if (parent === p) break
    p = parent
  }
  for (const dir of missing) mkdirSync(dir)
  return missing
}
