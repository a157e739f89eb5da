import * as fs from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { InputError } from '../src-shared/errors'
import { appendAll } from '../src-shared/arrays'
import { describeFsError, makeDirs } from './fsErrors'

/**
 * Every file the command line writes goes through here, so that a failure
 * (a bad path, a full disk, a value that cannot be formatted) never leaves a
 * file cut short or half of a set behind. Each file is written to a
 * temporary file in its own folder (so the rename stays on one file system),
 * flushed to disk, and renamed over its target only when every file of the
 * set has been written; on failure the temporary files, and the folders
 * made for them, are removed, and the targets are untouched.
 */

export type FileContent = string | Uint8Array | Iterable<string | Uint8Array>

export interface OutputFile {
  /** As the user gave it: relative to cwd, and shown in errors. */
  path: string
  content: FileContent
}

/** The file-system calls made; a test passes failing ones to play a full disk. */
export type WriteOps = Pick<typeof fs, 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'unlinkSync' | 'rmdirSync' | 'existsSync' | 'statSync'>

let counter = 0

/** Writes all of `files` or, failing that, none of them. */
export function writeFilesAtomically(cwd: string, files: readonly OutputFile[], ops: WriteOps = fs): void {
  const targets = files.map((f) => ({ ...f, full: resolve(cwd, f.path) }))
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i]!
    const same = targets.findIndex((o) => o.full === t.full)
    if (same !== i) throw new InputError(`${targets[same]!.path} and ${t.path} are the same file; give different files`)
    if (ops.existsSync(t.full) && ops.statSync(t.full).isDirectory()) throw new InputError(`${t.path}: is a folder, not a file`)
  }
  const madeDirs: string[] = []
  const temps: string[] = []
  const renamed: string[] = []
  let current = targets[0]?.path ?? ''
  try {
    for (const t of targets) {
      current = t.path
      appendAll(madeDirs, makeDirs(dirname(t.full)))
      const temp = join(dirname(t.full), `.${basename(t.full)}.${process.pid}-${++counter}.tmp`)
      temps.push(temp)
      writeWhole(ops, temp, t.content)
    }
    for (let i = 0; i < targets.length; i++) {
      const t = targets[i]!
      current = t.path
      const existed = ops.existsSync(t.full)
      ops.renameSync(temps[i]!, t.full)
      temps[i] = ''
      if (!existed) renamed.push(t.full)
    }
  } catch (e) {
    // Undo: temporary files, the targets this call created, and the folders it made for them.
    for (const path of [...temps, ...renamed]) if (path) ignoreErrors(() => ops.unlinkSync(path))
    for (const dir of madeDirs.reverse()) ignoreErrors(() => ops.rmdirSync(dir))
    // A file-system error is the user's to fix (a path, a full disk); anything else is a bug, passed on as is.
    if (e instanceof InputError || typeof (e as NodeJS.ErrnoException)?.code !== 'string') throw e
    throw describeFsError(current, e)
  }
}

/** One file written atomically (see writeFilesAtomically). */
export function writeFileAtomically(cwd: string, path: string, content: FileContent, ops: WriteOps = fs): void {
  writeFilesAtomically(cwd, [{ path, content }], ops)
}

function writeWhole(ops: WriteOps, path: string, content: FileContent): void {
  // 'wx': never follow or reuse a file that is already there.
  const fd = ops.openSync(path, 'wx', 0o666)
  try {
    const pieces = typeof content === 'string' || content instanceof Uint8Array ? [content] : content
    for (const piece of pieces) {
      const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece
      // A write may take fewer bytes than offered: go on until all are in, or it throws (ENOSPC).
      for (let at = 0; at < bytes.length; ) {
        const n = ops.writeSync(fd, bytes, at, bytes.length - at)
        if (n <= 0) throw Object.assign(new Error('the disk is full'), { code: 'ENOSPC' })
        at += n
      }
    }
    ops.fsyncSync(fd)
  } finally {
    ops.closeSync(fd)
  }
}

function ignoreErrors(f: () => void): void {
  try {
    f()
  } catch {
    // Best effort: the original error is the one to report.
  }
}
