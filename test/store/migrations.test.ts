import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { applyMigrations, openDatabase } from '../../src-main/store/database'
import { MIGRATIONS, SCHEMA_VERSION } from '../../src-main/store/migrations'
import { tempDir } from '../cli/runCli'

describe('migrations', () => {
  it('bring an empty in-memory database to the latest version', () => {
    const db = openDatabase(':memory:')
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name)
    expect(tables).toEqual(['run_arrays', 'run_epochs', 'run_tags', 'runs', 'studies', 'study_cells'])
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    db.close()
  })

  it.each(MIGRATIONS.map((m) => [m.version, m]))('migration %i applies on an in-memory database from the previous version', (_, m) => {
    const db = new Database(':memory:')
    applyMigrations(db, MIGRATIONS.filter((x) => x.version < m.version), 0)
    expect(applyMigrations(db, MIGRATIONS, m.version - 1)).toEqual(MIGRATIONS.filter((x) => x.version >= m.version).map((x) => x.version))
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    db.close()
  })

  it('leave a database that another process migrated meanwhile as it is (two processes opening a new file at once)', () => {
    const path = join(tempDir('nw-migrate-race-'), 'runs.db')
    // This connection has read version 0, as openDatabase does before it migrates...
    const late = new Database(path)
    late.pragma('journal_mode = WAL')
    // ...and another process migrates the file first (the study-kill test's watcher against the sweep it watched).
    openDatabase(path).close()
    // It threw "migration 1 (runs): table runs already exists" and the process exited with an input error.
    expect(applyMigrations(late, MIGRATIONS, 0)).toEqual([])
    expect(late.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    late.close()
    const again = openDatabase(path)
    expect(again.pragma('integrity_check', { simple: true })).toBe('ok')
    again.close()
  })

  it('apply pending migrations in one transaction: a failing one leaves the database as it was', () => {
    const db = new Database(':memory:')
    const broken = [...MIGRATIONS, { version: SCHEMA_VERSION + 1, name: 'ok part', up: 'CREATE TABLE extra (a)' }, { version: SCHEMA_VERSION + 2, name: 'broken', up: 'CREATE TABLE nonsense (' }]
    expect(() => applyMigrations(db, broken, 0)).toThrow()
    expect(db.pragma('user_version', { simple: true })).toBe(0)
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 })
    db.close()
  })

  it('refuse a database written by a newer version, with a clear message, and leave it untouched', () => {
    const path = join(tempDir(), 'future.db')
    const future = new Database(path)
    future.exec('CREATE TABLE whatever (x)')
    future.pragma(`user_version = ${SCHEMA_VERSION + 5}`)
    future.close()
    const before = readFileSync(path)
    expect(() => openDatabase(path)).toThrow(new RegExp(`written by a newer version of nw-workbench \\(schema ${SCHEMA_VERSION + 5}; this version knows schema ${SCHEMA_VERSION}\\); it was left untouched`))
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  it('refuse a file that is not a database', () => {
    const path = join(tempDir(), 'notes.db')
    writeFileSync(path, 'these are my notes, not a database at all, and they are long enough to matter\n'.repeat(20))
    expect(() => openDatabase(path)).toThrow(/is not an nw-workbench database/)
  })

  it('turn on WAL for a file database', () => {
    const db = openDatabase(join(tempDir(), 'wal.db'))
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    db.close()
  })
})
