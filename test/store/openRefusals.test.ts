import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { applyMigrations, openDatabase } from '../../src-main/store/database'
import { MIGRATIONS, SCHEMA_VERSION } from '../../src-main/store/migrations'
import { RunStore } from '../../src-main/store/runStore'
import { cli, tempDir } from '../cli/runCli'

// Issue 15: a refused database must be left exactly as it was. A newer
// version's pending WAL was checkpointed into it (and its -wal and -shm
// deleted) before the refusal; another program's SQLite file was given our
// tables; a read-only or damaged file gave "internal error".

/** Every file of the folder with its bytes: the database, its -wal and -shm, and anything stray. */
function snapshot(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f))]))
}

function expectUnchanged(dir: string, before: Map<string, Buffer>, except: string[] = []): void {
  const after = snapshot(dir)
  expect([...after.keys()]).toEqual([...before.keys()])
  for (const [f, bytes] of before) if (!except.includes(f)) expect(after.get(f)!.equals(bytes), `${f} changed`).toBe(true)
}

/** `list --db FILE` must exit 2 with one line naming the file. */
async function expectCliRefusal(path: string, pattern: RegExp): Promise<void> {
  const r = await cli(dirname(path), 'list', '--db', path)
  expect(r.code).toBe(2)
  expect(r.stdout).toBe('')
  expect(r.stderr).toMatch(/^nw-workbench list: [^\n]+\n$/)
  expect(r.stderr).toContain(path)
  expect(r.stderr).toMatch(pattern)
  expect(r.stderr).not.toMatch(/internal error/)
}

function walLeftBehind(path: string, version: number): void {
  const r = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), join(__dirname, 'fixtures', 'walLeftBehind.ts'), path, String(version)])
  expect(r.signal).toBe('SIGKILL')
  expect(existsSync(`${path}-wal`)).toBe(true)
}

describe('a database written by a newer version, its newest state still in the -wal', () => {
  it('is refused, and its main file, -wal and -shm are left as they were', async () => {
    const dir = tempDir()
    const path = join(dir, 'future.db')
    walLeftBehind(path, SCHEMA_VERSION + 7)
    // The main file still says our version: only the WAL knows better.
    expect(readFileSync(path).readInt32BE(60)).toBe(SCHEMA_VERSION)
    const before = snapshot(dir)
    expect([...before.keys()]).toEqual(['future.db', 'future.db-shm', 'future.db-wal'])
    expect(() => openDatabase(path)).toThrow(new RegExp(`written by a newer version of nw-workbench \\(schema ${SCHEMA_VERSION + 7};`))
    // The -shm is SQLite's shared index of the WAL: a reader may rebuild it; the database and its WAL must not move.
    expectUnchanged(dir, before, ['future.db-shm'])
    await expectCliRefusal(path, /newer version/)
    expectUnchanged(dir, before, ['future.db-shm'])
  })

  it('is refused without leaving a -shm when there was none', async () => {
    const dir = tempDir()
    const path = join(dir, 'future.db')
    walLeftBehind(path, SCHEMA_VERSION + 1)
    rmSync(`${path}-shm`)
    const before = snapshot(dir)
    expect(() => openDatabase(path)).toThrow(/newer version/)
    expectUnchanged(dir, before)
    await expectCliRefusal(path, /newer version/)
    expectUnchanged(dir, before)
  })

  it('of our own version is opened, with what its WAL holds', () => {
    const dir = tempDir()
    const path = join(dir, 'ours.db')
    walLeftBehind(path, SCHEMA_VERSION)
    const db = openDatabase(path)
    expect(db.prepare('SELECT x FROM from_the_future').get()).toEqual({ x: 'written by a newer version' })
    db.close()
  })
})

describe("another program's SQLite file", () => {
  it.each([['delete'], ['wal']])('(journal mode %s) is refused, not given our tables, and left as it was', async (mode) => {
    const dir = tempDir()
    const path = join(dir, 'theirs.sqlite')
    const theirs = new Database(path)
    theirs.pragma(`journal_mode = ${mode}`)
    theirs.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada')")
    theirs.close()
    const before = snapshot(dir)
    expect(() => openDatabase(path)).toThrow(/is not an nw-workbench database: it is an SQLite file with tables of its own \(contacts\)/)
    expectUnchanged(dir, before)
    await expectCliRefusal(path, /tables of its own/)
    expectUnchanged(dir, before)
    const check = new Database(path, { readonly: true })
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([{ name: 'contacts' }])
    check.close()
  })

  it('with a schema version but none of our tables is refused too', () => {
    const dir = tempDir()
    const path = join(dir, 'versioned.sqlite')
    const theirs = new Database(path)
    theirs.exec('CREATE TABLE things (x)')
    theirs.pragma('user_version = 1')
    theirs.close()
    expect(() => openDatabase(path)).toThrow(/its schema version is 1 but it has no runs table/)
  })

  it('an empty file is a new database', () => {
    const path = join(tempDir(), 'empty.db')
    writeFileSync(path, '')
    const db = openDatabase(path)
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    db.close()
  })
})

/** Makes a file read-only even for root (who ignores permission bits): chattr +i where we are root. */
function makeReadOnly(path: string): () => void {
  chmodSync(path, 0o444)
  if (process.getuid?.() !== 0) return () => chmodSync(path, 0o644)
  const r = spawnSync('chattr', ['+i', path])
  if (r.status !== 0) throw new Error(`chattr +i failed (${String(r.stderr).trim()}): cannot make a file read-only for root here`)
  return () => {
    spawnSync('chattr', ['-i', path])
    chmodSync(path, 0o644)
  }
}

function ourDatabase(path: string, runs = 0): void {
  const store = new RunStore(openDatabase(path), 'test', 'test:1')
  const spec = { name: 'r', kernel: 'gaussian', sigma: 1, mode: 'nonparametric', data: { kind: 'preset', preset: 'd2l-oldest', seed: 1, n: null }, tags: [], notes: 'x'.repeat(300) }
  for (let i = 0; i < runs; i++) store.createQueued(`run${String(i).padStart(9, '0')}`, spec as never, i)
  store.close()
}

describe('a read-only database', () => {
  it('gets one line and exit 2, and no file is left beside it', async () => {
    const dir = tempDir()
    const path = join(dir, 'locked.db')
    ourDatabase(path)
    const before = snapshot(dir)
    expect([...before.keys()]).toEqual(['locked.db'])
    const undo = makeReadOnly(path)
    try {
      expect(() => openDatabase(path)).toThrow(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is read-only`))
      expectUnchanged(dir, before)
      await expectCliRefusal(path, /is read-only/)
      expectUnchanged(dir, before)
    } finally {
      undo()
    }
  })
})

describe('a database with a damaged page', () => {
  it('gets one line and exit 2, and is left as it was with no file beside it', async () => {
    const dir = tempDir()
    const path = join(dir, 'damaged.db')
    ourDatabase(path, 400)
    const bytes = readFileSync(path)
    const pageSize = bytes.readUInt16BE(16)
    expect(bytes.length / pageSize).toBeGreaterThan(10)
    // Garbage over a page in the middle of the file (a b-tree page of the runs).
    const page = Math.floor(bytes.length / pageSize / 2)
    for (let i = 0; i < pageSize; i++) bytes[page * pageSize + i] = (i * 37 + 11) & 0xff
    writeFileSync(path, bytes)
    const before = snapshot(dir)
    expect(() => openDatabase(path)).toThrow(/is damaged \(SQLite: /)
    expectUnchanged(dir, before)
    await expectCliRefusal(path, /is damaged/)
    expectUnchanged(dir, before)
  })
})

describe('a database whose tables are not those its schema version says', () => {
  // A development build's database: schema 5 by its number, but made by migrations numbered otherwise (this
  // one lacks migration 3's columns). Migration 6 failed on "no such column: complete" as "internal error".
  it('gets one line and exit 2 naming the migration, and is left as it was', async () => {
    const dir = tempDir()
    const path = join(dir, 'other-build.db')
    const db = new Database(path)
    // In WAL mode, as every nw-workbench database is.
    db.pragma('journal_mode = WAL')
    applyMigrations(db, MIGRATIONS.slice(0, 2), 0)
    db.pragma('user_version = 5')
    db.close()
    const before = snapshot(dir)
    expect(() => openDatabase(path)).toThrow(/could not be upgraded from schema 5 to \d+ \(migration 6 .*no such column: \w+\).*nothing was changed/)
    await expectCliRefusal(path, /could not be upgraded from schema 5/)
    expectUnchanged(dir, before)
  })
})
