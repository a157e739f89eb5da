import { BUNDLE_FORMAT, BUNDLE_VERSION, type Bundle, type BundleColumn, type BundleRun } from '../../src-shared/api/bundle'
import { InputError } from '../../src-shared/errors'
import type { Db } from './database'
import { RUN_COLUMNS, type RunRow } from './runRows'

type ArrayRow = { run_id: string; name: BundleRun['arrays'] extends Record<infer K, string> ? K : never; data: Buffer }

const COLUMNS = RUN_COLUMNS

// Compile-time check: the bundle schema and the runs table list the same columns.
type OnlyInBundle = Exclude<BundleColumn, (typeof RUN_COLUMNS)[number]>
type OnlyInTable = Exclude<(typeof RUN_COLUMNS)[number], BundleColumn>
export const BUNDLE_COLUMNS_MATCH: [OnlyInBundle, OnlyInTable] extends [never, never] ? true : [OnlyInBundle, OnlyInTable] = true

/** The runs with these ids as a bundle (deleted runs included only if asked by id). */
export function exportBundle(db: Db, ids: string[], appVersion: string, now: number): Bundle {
  const runs: BundleRun[] = []
  const rowStmt = db.prepare(`SELECT ${COLUMNS.join(', ')} FROM runs WHERE id = ?`)
  const tagStmt = db.prepare('SELECT tag FROM run_tags WHERE run_id = ? ORDER BY tag')
  const arrStmt = db.prepare('SELECT run_id, name, data FROM run_arrays WHERE run_id = ?')
  for (const id of ids) {
    const row = rowStmt.get(id) as RunRow | undefined
    if (!row) throw new InputError(`no run with id ${id}`)
    const arrays: Record<string, string> = {}
    for (const a of arrStmt.all(id) as ArrayRow[]) arrays[a.name] = a.data.toString('base64')
    const tags = (tagStmt.all(id) as { tag: string }[]).map((t) => t.tag)
    runs.push({ ...(row as unknown as BundleRun), tags, arrays })
  }
  return { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, exportedAt: now, appVersion, runs }
}

/**
 * Adds a bundle's runs, all in one transaction. A run whose id is already
 * here is skipped (importing twice changes nothing), or restored if it had
 * been deleted; a run that was still
 * queued or running when exported comes back as interrupted.
 */
export function importBundle(db: Db, bundle: Bundle, owner: string): { imported: string[]; skipped: string[] } {
  const imported: string[] = []
  const skipped: string[] = []
  const exists = db.prepare('SELECT deleted_at FROM runs WHERE id = ?')
  const undelete = db.prepare('UPDATE runs SET deleted_at = NULL WHERE id = ?')
  const insert = db.prepare(`INSERT INTO runs (${COLUMNS.join(', ')}, owner) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')}, @owner)`)
  const tag = db.prepare('INSERT INTO run_tags (run_id, tag) VALUES (?, ?)')
  const arr = db.prepare('INSERT INTO run_arrays (run_id, name, data) VALUES (?, ?, ?)')
  db.transaction(() => {
    for (const r of bundle.runs) {
      const here = exists.get(r.id) as { deleted_at: number | null } | undefined
      if (here) {
        // The same run (ids are random): a deleted copy comes back rather than staying invisible.
        if (here.deleted_at !== null) {
          undelete.run(r.id)
          imported.push(r.id)
        } else {
          skipped.push(r.id)
        }
        continue
      }
      const { tags, arrays, ...row } = r
      const unfinished = row.status === 'queued' || row.status === 'running'
      insert.run({
        // Bundles from before migration 2 carry no fit algorithm.
        fit_algorithm: null,
        fit_error_bound: null,
        ...row,
        ...(unfinished ? { status: 'interrupted', error_name: 'Interrupted', error_message: 'the run had not finished when it was exported' } : {}),
        owner,
      })
      for (const t of new Set(tags)) tag.run(r.id, t)
      for (const [name, b64] of Object.entries(arrays)) {
        const bytes = Buffer.from(b64, 'base64')
        if (bytes.length % 8 !== 0) throw new InputError(`bundle run ${r.id}: array ${name} is not a whole number of float64 values`)
        arr.run(r.id, name, bytes)
      }
      imported.push(r.id)
    }
  })()
  return { imported, skipped }
}
