import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src-main/store/database'
import { tempDir } from '../cli/runCli'
import { BIN, nw } from './slurmHelpers'

function doneRuns(dbPath: string): { id: string; cell_key: string; replicate: number }[] {
  const db = openDatabase(dbPath)
  try {
    return db.prepare(`SELECT id, cell_key, replicate FROM runs WHERE study_id IS NOT NULL AND status = 'done'`).all() as { id: string; cell_key: string; replicate: number }[]
  } finally {
    db.close()
  }
}

describe('a study killed with SIGKILL', () => {
  it('resumes where it stopped: the runs saved before the kill stay, and only the rest run', async () => {
    const dir = tempDir('nw-kill-')
    const db = join(dir, 'runs.db')
    const spec = join(dir, 'study.json')
    // 60 runs of a few tens of milliseconds each.
    writeFileSync(spec, JSON.stringify({ name: 'killed', base: { data: { fn: 'sin', n: 4000, noiseSd: 0.3, seed: 1 }, sigma: 0.2 }, axes: { 'data.seed': { linear: [1, 30], count: 30 } }, replicates: 2, replicateSeeds: 'data' }))
    const child = spawn(process.execPath, [BIN, 'sweep', '--spec', spec, '--db', db], { stdio: 'ignore' })
    const exited = new Promise((r) => child.once('exit', r))
    // Kill it once some runs are saved, well before all are.
    let before: ReturnType<typeof doneRuns> = []
    for (let i = 0; i < 600; i++) {
      await new Promise((r) => setTimeout(r, 50))
      try {
        before = doneRuns(db)
      } catch {
        continue // the child has not created the tables yet
      }
      if (before.length >= 5) break
    }
    child.kill('SIGKILL')
    await exited
    before = doneRuns(db)
    expect(before.length).toBeGreaterThanOrEqual(5)
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
