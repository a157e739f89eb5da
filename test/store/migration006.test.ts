import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { experimentSpecSchema } from '../../src-shared/api/spec'
import { normalizeSpec } from '../../src-shared/experiment/normalize'
import { openDatabase } from '../../src-main/store/database'
import { MIGRATIONS } from '../../src-main/store/migrations'
import { RunStore } from '../../src-main/store/runStore'
import { tempDir } from '../cli/runCli'

describe('migration 6 (an index per library order)', () => {
  it('upgrades a version-5 database with runs: every run, deleted ones included, is kept as it was, and pages come in the same order', () => {
    const path = join(tempDir('nw-mig6-'), 'runs.db')
    const old = new RunStore(openDatabase(path, { migrations: MIGRATIONS.filter((m) => m.version <= 5) }), 'v', 'h:1')
    const ids = Array.from({ length: 40 }, (_, i) => `mig6run${String(i).padStart(5, '0')}`)
    ids.forEach((id, i) =>
      old.createQueued(id, normalizeSpec(experimentSpecSchema.parse({ name: `run ${i % 7}`, data: { fn: 'sin', n: 10, seed: i }, sigma: 0.1 + (i % 5) / 10, tags: i % 2 ? ['odd'] : [] })), 1000 + Math.floor(i / 2)),
    )
    old.softDelete(ids.slice(0, 3), 5000)
    const sort = { by: 'sigma' as const, dir: 'desc' as const }
    const before = old.list({ offset: 0, limit: 1000, sort, filter: {} })
    const deletedBefore = old.exportBundle(ids.slice(0, 3), 0).runs
    old.close()

    const db = openDatabase(path)
    expect(db.pragma('user_version', { simple: true })).toBe(6)
    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'runs'").all() as { name: string }[]).map((r) => r.name)
    expect(indexes).not.toContain('runs_by_deleted')
    expect(indexes).toContain('runs_deleted')
    expect(indexes.filter((n) => n.startsWith('runs_live_by_'))).toHaveLength(34)
    const store = new RunStore(db, 'v', 'h:1')
    const after = store.list({ offset: 0, limit: 1000, sort, filter: {} })
    expect(after).toEqual(before)
    expect(after.total).toBe(37)
    // Pages of 6 put together are the same list.
    const paged = [0, 6, 12, 18, 24, 30, 36].flatMap((offset) => store.list({ offset, limit: 6, sort, filter: {} }).runs)
    expect(paged).toEqual(before.runs)
    expect(store.exportBundle(ids.slice(0, 3), 0).runs).toEqual(deletedBefore)
    expect(store.restore(ids.slice(0, 3))).toBe(3)
    expect(store.list({ offset: 0, limit: 1000, sort, filter: {} }).total).toBe(40)
    store.close()
  })
})
