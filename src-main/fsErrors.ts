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
