import { accessSync, constants, copyFileSync, existsSync, mkdtempSync, openSync, readSync, closeSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import { InputError } from '../../src-shared/errors'
import { MIGRATIONS } from './migrations'
import type { Migration } from './migrations/types'

export type Db = Database.Database

export interface OpenOptions {
  /** Path of a better_sqlite3.node built for this runtime's ABI (Electron's differs from Node's). */
  nativeBinding?: string
  migrations?: readonly Migration[]
}

/** The database was written by a newer nw-workbench: refuse rather than guess at its schema. */
export class NewerDatabaseError extends InputError {
  override name = 'NewerDatabaseError'
}

/** The file is an SQLite database, but another program's. */
export class ForeignDatabaseError extends InputError {
  override name = 'ForeignDatabaseError'
}

/** The table every nw-workbench schema since version 1 has. */
const OUR_TABLE = 'runs'

/**
 * Opens (creating if needed) the experiment database: WAL so readers never
 * wait for the writer and a killed process cannot corrupt it, foreign keys
 * on, then pending migrations.
 *
 * Nothing is written before the file is known to be ours, of a version we
 * know, intact and writable: a file from a newer version, another program's
 * SQLite file, a damaged or a read-only one is refused with one line, left
 * as it was (its pending WAL not checkpointed into it, its -wal and -shm
 * kept) and with no file of ours left beside it.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const migrations = options.migrations ?? MIGRATIONS
  const latest = migrations.length ? migrations[migrations.length - 1]!.version : 0
  const binding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}
  if (path === ':memory:' || !existsSync(path)) return prepare(path, connect(path, binding, false), migrations, latest, false)
  const hasWal = existsSync(`${path}-wal`)
  if (hasWal) inspectThroughWal(path, binding, latest)
  else checkHeader(path, latest)
  checkWritable(path)
  // Without a -wal, the checks that need SQLite run on the connection itself, before its first write.
  return prepare(path, connect(path, binding, false), migrations, latest, !hasWal)
}

function connect(path: string, binding: { nativeBinding?: string }, readonly: boolean): Db {
  try {
    return new Database(path, { ...binding, ...(readonly ? { readonly: true, fileMustExist: true } : {}) })
  } catch (e) {
    throw describeSqliteError(path, e)
  }
}

/** Checks, a last look at the version (another process may have written since), pragmas, then migrations. */
function prepare(path: string, db: Db, migrations: readonly Migration[], latest: number, checkIntegrity: boolean): Db {
  try {
    const current = inspect(db, path, latest)
    if (checkIntegrity) quickCheck(db, path)
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    // In WAL mode NORMAL is safe against process crashes; only power loss can drop the newest commits.
    db.pragma('synchronous = NORMAL')
    try {
      applyMigrations(db, migrations, current)
    } catch (e) {
      throw upgradeRefused(path, current, latest, e)
    }
    return db
  } catch (e) {
    // Nothing was written before the checks passed, so closing (which checkpoints) changes nothing of a refused file.
    db.close()
    throw describeSqliteError(path, e)
  }
}

function quickCheck(db: Db, path: string): void {
  const check = db.pragma('quick_check(1)', { simple: true }) as string
  if (check !== 'ok') throw new InputError(damaged(path, check))
}

/**
 * A file with a -wal was left by a process that did not close it (or is in
 * use): its newest state, version included, may be in the WAL. A read-only
 * connection reads through it without checkpointing it; it creates nothing
 * when the -shm is there too, and otherwise it works on a copy, so as to
 * leave no -shm behind.
 */
function inspectThroughWal(path: string, binding: { nativeBinding?: string }, latest: number): void {
  let copyDir: string | null = null
  let probePath = path
  if (!existsSync(`${path}-shm`)) {
    copyDir = mkdtempSync(join(tmpdir(), 'nw-db-inspect-'))
    probePath = join(copyDir, basename(path))
    copyFileSync(path, probePath)
    copyFileSync(`${path}-wal`, `${probePath}-wal`)
  }
  try {
    const db = connect(probePath, binding, true)
    try {
      inspect(db, path, latest)
      quickCheck(db, path)
    } catch (e) {
      throw describeSqliteError(path, e)
    } finally {
      db.close()
    }
  } finally {
    if (copyDir) rmSync(copyDir, { recursive: true, force: true })
  }
}

/** Without a -wal the header is the truth: refuse a newer version or a non-SQLite file before SQLite opens it. */
function checkHeader(path: string, latest: number): void {
  const header = readHeader(path)
  if (header === 'empty') return
  if (header === 'not-sqlite') throw new InputError(`${path} is not an nw-workbench database (it is not an SQLite file)`)
  if (header.userVersion > latest) throw newer(path, header.userVersion, latest)
}

/** The schema version, after checking that the file is ours (or empty) and not from a newer version. */
function inspect(db: Db, path: string, latest: number): number {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > latest) throw newer(path, current, latest)
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((t) => t.name)
  if (current === 0 && tables.length > 0) {
    throw new ForeignDatabaseError(
      `${path} is not an nw-workbench database: it is an SQLite file with tables of its own (${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}); it was left untouched — use another --db`,
    )
  }
  if (current > 0 && !tables.includes(OUR_TABLE)) {
    throw new ForeignDatabaseError(`${path} is not an nw-workbench database: its schema version is ${current} but it has no ${OUR_TABLE} table; it was left untouched — use another --db`)
  }
  return current
}

function newer(path: string, current: number, latest: number): NewerDatabaseError {
  return new NewerDatabaseError(
    `${path} was written by a newer version of nw-workbench (schema ${current}; this version knows schema ${latest}); it was left untouched — update nw-workbench or use another --db`,
  )
}

function damaged(path: string, detail: string): string {
  return `${path} is damaged (SQLite: ${detail.split('\n')[0]}); it was left untouched — restore it from a backup, or use another --db`
}

/** The first 100 bytes of an SQLite file hold its magic string and, at offset 60, PRAGMA user_version. */
function readHeader(path: string): { userVersion: number } | 'empty' | 'not-sqlite' {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (e) {
    throw describeSqliteError(path, e)
  }
  try {
    if (statSync(path).isDirectory()) throw new InputError(`${path} is a folder, not a database file`)
    const header = Buffer.alloc(100)
    const n = readSync(fd, header, 0, 100, 0)
    if (n === 0) return 'empty'
    if (n < 100 || header.toString('latin1', 0, 16) !== 'SQLite format 3\0') return 'not-sqlite'
    return { userVersion: header.readInt32BE(60) }
  } catch (e) {
    if (e instanceof InputError) throw e
    throw describeSqliteError(path, e)
  } finally {
    closeSync(fd)
  }
}

/** SQLite opens a file it may not write read-only without a word, and fails at the first write: check first. */
function checkWritable(path: string): void {
  for (const p of [path, dirname(path)]) {
    try {
      accessSync(p, constants.W_OK)
    } catch {
      throw new InputError(
        p === path
          ? `${path} is read-only: nw-workbench needs to write to its database (check the file's permissions, or use another --db)`
          : `${path} cannot be used: its folder ${p} is read-only, and SQLite keeps its journal (-wal, -shm) beside the database`,
      )
    }
  }
}

/**
 * A migration that SQLite refused as SQL ("no such column: complete"): the tables are not those its
 * version number says (a database made by a development build whose migrations were numbered
 * otherwise). The transaction rolled back, so the file is as it was; it said "internal error".
 */
function upgradeRefused(path: string, current: number, latest: number, e: unknown): Error {
  if (String((e as { code?: unknown })?.code ?? '') !== 'SQLITE_ERROR') return e instanceof Error ? e : new Error(String(e))
  return new InputError(
    `${path} could not be upgraded from schema ${current} to ${latest} (${(e as Error).message}): its tables are not those schema ${current} has, ` +
      `as if another build of nw-workbench made it; nothing was changed: move it aside, or open another database with --db`,
  )
}

/** One line for what SQLite or the file system said, naming the file. */
export function describeSqliteError(path: string, e: unknown): Error {
  if (e instanceof InputError) return e
  const code = String((e as { code?: unknown })?.code ?? '')
  const message = (e as Error)?.message ?? String(e)
  if (code === 'SQLITE_NOTADB') return new InputError(`${path} is not an nw-workbench database (${message})`)
  if (code.startsWith('SQLITE_CORRUPT')) return new InputError(damaged(path, message))
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') return new InputError(`${path} is read-only: nw-workbench needs to write to its database (${message})`)
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'ENOENT' || code === 'EACCES' || code === 'EPERM') return new InputError(`cannot open the database ${path}: ${message}`)
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return new InputError(`${path}: the disk is full`)
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new InputError(`${path} is locked by another process (${message}); try again`)
  if (code.startsWith('SQLITE_IOERR')) return new InputError(`${path} could not be read or written (${message})`)
  return e instanceof Error ? e : new Error(message)
}

/**
 * Applies the migrations newer than the database's version in one transaction: all of them or none.
 * `current` is the version read before (none pending: no transaction). The version that counts is read
 * again inside the transaction, which takes the write lock first: another process opening the same new
 * file at the same moment may have migrated it since (both read 0, and the later one's first CREATE TABLE
 * failed, ending that process with an input error).
 */
export function applyMigrations(db: Db, migrations: readonly Migration[], current: number): number[] {
  if (!migrations.some((m) => m.version > current)) return []
  return db.transaction(() => {
    const now = db.pragma('user_version', { simple: true }) as number
    const pending = migrations.filter((m) => m.version > now)
    for (const m of pending) {
      try {
        db.exec(m.up)
      } catch (e) {
        // Which step failed, for the message; SQLite's code stays for describeSqliteError.
        if (e instanceof Error) e.message = `migration ${m.version} (${m.name}): ${e.message}`
        throw e
      }
      db.pragma(`user_version = ${m.version}`)
    }
    return pending.map((m) => m.version)
  }).immediate()
}
