import { spawn } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src-main/store/database'
import { tempDir } from '../cli/runCli'
import { BIN, nw } from './slurmHelpers'

type DoneRun = { id: string; cell_key: string; replicate: number }
const DONE_RUNS = `SELECT id, cell_key, replicate FROM runs WHERE study_id IS NOT NULL AND status = 'done'`

/** After the sweep: through the app's own opening (checks, migrations). */
function doneRuns(dbPath: string): DoneRun[] {
  const db = openDatabase(dbPath)
  try {
    return db.prepare(DONE_RUNS).all() as DoneRun[]
  } finally {
    db.close()
  }
}

/**
 * While the sweep runs: read-only, so that the watching creates no database and runs no migration beside
 * the sweep's own (an openDatabase every 50 ms from the start could create the file before the sweep did).
 * Null until the sweep has made its tables.
 */
function peekDoneRuns(dbPath: string): DoneRun[] | null {
  if (!existsSync(dbPath)) return null
  try {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true })
    try {
      return db.prepare(DONE_RUNS).all() as DoneRun[]
    } finally {
      db.close()
    }
  } catch {
    return null
  }
}

describe('a study killed with SIGKILL', () => {
  it('resumes where it stopped: the runs saved before the kill stay, and only the rest run', async () => {
    const dir = tempDir('nw-kill-')
    const db = join(dir, 'runs.db')
    const spec = join(dir, 'study.json')
    // 60 runs of a few tens of milliseconds each.
    writeFileSync(spec, JSON.stringify({ name: 'killed', base: { data: { fn: 'sin', n: 4000, noiseSd: 0.3, seed: 1 }, sigma: 0.2 }, axes: { 'data.seed': { linear: [1, 30], count: 30 } }, replicates: 2, replicateSeeds: 'data' }))
    const child = spawn(process.execPath, [BIN, 'sweep', '--spec', spec, '--db', db], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()))
    let exitedEarly: number | string | null = null
    const exited = new Promise<void>((r) =>
      child.once('exit', (code, signal) => {
        exitedEarly = code ?? signal
        r()
      }),
    )
    // Kill it once some runs are saved, well before all are (CI failed once with none saved after 30 s, and
    // nothing said why: now the sweep's stderr goes with the failure, and an early exit ends the wait).
    for (let i = 0; i < 1200 && exitedEarly === null; i++) {
      await new Promise((r) => setTimeout(r, 50))
      if ((peekDoneRuns(db)?.length ?? 0) >= 5) break
    }
    const early = exitedEarly
    child.kill('SIGKILL')
    await exited
    expect(early, `the sweep ended by itself before the kill: ${stderr}`).toBeNull()
    const before = doneRuns(db)
    expect(before.length, stderr).toBeGreaterThanOrEqual(5)
    expect(before.length).toBeLessThan(60)
    // The database is whole.
    const check = openDatabase(db)
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok')
    check.close()
    const again = nw(dir, ['sweep', '--spec', spec, '--db', db, '--json'])
    expect(again.status, again.stderr).toBe(0)
    const out = JSON.parse(again.stdout)
    expect(out.runs).toBe(60)
    const after = doneRuns(db)
    expect(after).toHaveLength(60)
    // Every run from before the kill is still there, in its slot; no slot holds two runs.
    const ids = new Set(after.map((r) => r.id))
    for (const r of before) expect(ids.has(r.id)).toBe(true)
    expect(new Set(after.map((r) => `${r.cell_key}#${r.replicate}`)).size).toBe(60)
  }, 120_000)
})
