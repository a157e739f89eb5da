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

/**
 * Opens (creating if needed) the experiment database: WAL so readers never
 * wait for the writer and a killed process cannot corrupt it, foreign keys
 * on, then pending migrations. A file from a newer version is closed
 * untouched: its version is read before anything is written.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  let db: Db
  try {
    db = new Database(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  } catch (e) {
    throw new InputError(`cannot open the database ${path}: ${(e as Error).message}`)
  }
  try {
    const migrations = options.migrations ?? MIGRATIONS
    const current = readUserVersion(db, path)
    const latest = migrations.length ? migrations[migrations.length - 1]!.version : 0
    if (current > latest) {
      throw new NewerDatabaseError(
        `${path} was written by a newer version of nw-workbench (schema ${current}; this version knows schema ${latest}); it was left untouched — update nw-workbench or use another --db`,
      )
    }
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    // In WAL mode NORMAL is safe against process crashes; only power loss can drop the newest commits.
    db.pragma('synchronous = NORMAL')
    applyMigrations(db, migrations, current)
    return db
  } catch (e) {
    db.close()
    throw e
  }
}

function readUserVersion(db: Db, path: string): number {
  try {
    return db.pragma('user_version', { simple: true }) as number
  } catch (e) {
    throw new InputError(`${path} is not an nw-workbench database (${(e as Error).message})`)
  }
}

/** Applies the migrations newer than `current` in one transaction: all of them or none. */
export function applyMigrations(db: Db, migrations: readonly Migration[], current: number): number[] {
  const pending = migrations.filter((m) => m.version > current)
  if (pending.length === 0) return []
  db.transaction(() => {
    for (const m of pending) {
      db.exec(m.up)
      db.pragma(`user_version = ${m.version}`)
    }
  })()
  return pending.map((m) => m.version)
}
