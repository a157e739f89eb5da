import { randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, linkSync, lstatSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { InputError } from '../../src-shared/errors'
import { describeFsError, makeDirs } from '../fsErrors'

/** Where `serve` keeps its token between starts, in the per-user data folder. */
export const TOKEN_FILE_NAME = 'serve-token'

/** URL-safe (it travels in ?token= and in a cookie unencoded), long enough not to be guessed. */
const TOKEN_PATTERN = /^[A-Za-z0-9._~-]{16,256}$/

export function checkToken(token: string, what: string): string {
  if (!TOKEN_PATTERN.test(token)) {
    throw new InputError(`${what} must be 16 to 256 characters of A-Z, a-z, 0-9, '.', '_', '~' or '-'`)
  }
  return token
}

export function newToken(): string {
  return randomBytes(24).toString('hex')
}

export interface ServeToken {
  token: string
  /** How it was come by, for the log line serve prints. */
  source: 'given' | 'file' | 'created' | 'renewed'
  file: string | null
}

/**
 * The token for this start of `serve`: the one given with --token, else the
 * one kept in `dir`/serve-token (created at first start, replaced with
 * --new-token), as Jupyter keeps its own. The file is written whole and
 * renamed into place, readable by its owner only; a file that others may
 * read is refused rather than used.
 */
export function serveToken(dir: string, options: { given?: string; renew?: boolean } = {}): ServeToken {
  if (options.given !== undefined) return { token: checkToken(options.given, '--token'), source: 'given', file: null }
  const file = join(dir, TOKEN_FILE_NAME)
  if (!options.renew) {
    const kept = readKept(file)
    if (kept !== null) return { token: kept, source: 'file', file }
  }
  try {
    makeDirs(dir)
  } catch (e) {
    throw describeFsError(dir, e)
  }
  const token = newToken()
  const temp = join(dir, `.${TOKEN_FILE_NAME}.${process.pid}.${randomBytes(4).toString('hex')}`)
  try {
    writePrivate(temp, `${token}\n`)
    if (options.renew) {
      renameSync(temp, file)
      return { token, source: 'renewed', file }
    }
    // Created only if still absent: two servers starting at once agree on one token.
    try {
      linkSync(temp, file)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const other = readKept(file)
      if (other !== null) return { token: other, source: 'file', file }
      renameSync(temp, file)
    }
    return { token, source: 'created', file }
  } catch (e) {
    throw e instanceof InputError ? e : describeFsError(file, e)
  } finally {
    try {
      unlinkSync(temp)
    } catch {
      // Renamed into place, or never written.
    }
  }
}

function writePrivate(path: string, text: string): void {
  const fd = openSync(path, 'wx', 0o600)
  try {
    writeSync(fd, text)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** The kept token, or null when there is none yet (or it is not a token: it is then replaced). */
function readKept(file: string): string | null {
  let stat
  try {
    stat = lstatSync(file)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw describeFsError(file, e)
  }
  if (!stat.isFile()) throw new InputError(`${file} is not a regular file; remove it, or start serve with --token`)
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    throw new InputError(
      `${file} may be read by other users (mode ${(stat.mode & 0o777).toString(8)}); run chmod 600 on it, or start serve with --new-token to replace it`,
    )
  }
  let text: string
  try {
    text = readFileSync(file, 'utf8').trim()
  } catch (e) {
    throw describeFsError(file, e)
  }
  return TOKEN_PATTERN.test(text) ? text : null
}
