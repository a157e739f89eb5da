import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StudySummary } from '../../src-shared/api/studies'
import { createServices, type Services } from '../../src-main/services'
import { tempDir } from '../cli/runCli'

/**
 * CI failed with "createStudy failed: SqliteError: database is locked" when
 * the gallery started a second exercise while the first one's workers were
 * saving runs. The main connection never waits inside SQLite (busy_timeout
 * 0), so every write an API request makes must wait out the lock itself.
 */
let s: Services
let dbPath: string

beforeAll(() => {
  dbPath = join(tempDir(), 'runs.db')
  s = createServices({ databasePath: dbPath, transport: 'cli', experimentWorkers: 1, cancelGraceMs: 1000 })
})
afterAll(() => s.close())

/** Holds the write lock from another connection (a worker, another process) for `ms`. */
function holdLock(ms: number): Promise<void> {
  const other = new Database(dbPath)
  other.exec('BEGIN IMMEDIATE')
  return new Promise((resolve) =>
    setTimeout(() => {
      other.exec('COMMIT')
      other.close()
      resolve()
    }, ms),
  )
}

describe('study requests while another connection writes', () => {
  it('creates, runs and deletes a study once the lock is released, instead of failing at once', async () => {
    const released = holdLock(400)
    const created = await s.dispatch('createStudy', { study: { name: 'while locked', base: { data: { preset: 'd2l-newest', seed: 1 } }, axes: { sigma: [0.5, 1] } } })
    expect(created).toMatchObject({ ok: true })
    await released
    const id = (created as { value: StudySummary }).value.id
    await s.studies.waitFor(id)

    const lockedAgain = holdLock(300)
    const rerun = await s.dispatch('runStudy', { id })
    expect(rerun).toMatchObject({ ok: true, value: { id, status: 'done' } })
    await lockedAgain

    const lockedOnceMore = holdLock(300)
    expect(await s.dispatch('deleteStudies', { ids: [id] })).toMatchObject({ ok: true, value: { deleted: 1, runs: 2 } })
    await lockedOnceMore
  }, 60_000)
})
