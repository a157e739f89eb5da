import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { RunDetail, RunSummary } from '../../src-shared/api/runs'
import { createServices } from '../../src-main/services'
import { tempDir } from '../cli/runCli'

const BIN = join(__dirname, '..', '..', 'bin', 'nw-workbench.js')

describe('a run whose save finally fails', () => {
  it('is marked failed with the reason, once the database lets the main thread write', async () => {
    const path = join(tempDir(), 'runs.db')
    const s = createServices({ databasePath: path, transport: 'cli', experimentWorkers: 1, saveDeadlineMs: 800 })
    const other = new Database(path)
    try {
      let saving = false
      s.events.on((e) => {
        if (e.type === 'run.stage' && e.stage === 'save') saving = true
      })
      const created = (await s.dispatch('createExperiment', { data: { fn: 'sin', n: 2000, seed: 3 }, mode: 'parametric', training: { epochs: 300, lr: 0.01 } })) as { ok: true; value: RunSummary }
      const id = created.value.id
      for (let i = 0; i < 400 && s.store.summary(id).status !== 'running'; i++) await new Promise((r) => setTimeout(r, 10))
      other.exec('BEGIN IMMEDIATE')
      // Held until the run is computed and its save has waited well past its deadline.
      for (let i = 0; i < 1500 && !saving; i++) await new Promise((r) => setTimeout(r, 20))
      expect(saving).toBe(true)
      await new Promise((r) => setTimeout(r, 2500))
      other.exec('COMMIT')
      const final = await s.runner.waitFor(id)
      expect(final.status).toBe('failed')
      expect(final.error!.message).toMatch(/waited \d+ s for another nw-workbench process to finish writing to the database/)
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK')
      other.close()
      await s.close()
    }
  }, 30_000)
})

describe('a process killed mid-training', () => {
  it('keeps every epoch written up to the last second, and the last w', async () => {
    const dir = tempDir()
    const db = join(dir, 'runs.db')
    // 10^5 points: about a tenth of a second an epoch here, so a second holds several.
    writeFileSync(join(dir, 'spec.json'), JSON.stringify({ data: { fn: 'sin', n: 100_000, seed: 9 }, mode: 'parametric', training: { epochs: 200, lr: 1e-4, loss: 'mean-half', w0: 1 } }))
    const child = spawn(process.execPath, [BIN, 'run', '--spec', 'spec.json', '--db', db], { cwd: dir, stdio: 'ignore' })
    // Wait until a few seconds of epochs have been written, then kill without warning.
    const probe = new Database(db, { readonly: false, fileMustExist: false })
    let written = 0
    for (let i = 0; i < 600 && written < 3; i++) {
      await new Promise((r) => setTimeout(r, 100))
      try {
        written = (probe.prepare('SELECT COALESCE(MAX(epochs_done), 0) AS n FROM runs').get() as { n: number }).n
      } catch {
        written = 0
      }
    }
    probe.close()
    expect(written).toBeGreaterThanOrEqual(3)
    await new Promise((r) => setTimeout(r, 1500))
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))

    const s = createServices({ databasePath: db, transport: 'cli', experimentWorkers: 1 })
    try {
      expect(s.interrupted).toHaveLength(1)
      const id = s.interrupted[0]!
      const d = (await s.dispatch('getExperiment', { id, arrays: false })) as { ok: true; value: RunDetail }
      const run = d.value
      expect(run.status).toBe('interrupted')
      expect(run.epochsDone).toBeGreaterThanOrEqual(written)
      expect(run.epochs).toHaveLength(run.epochsDone)
      expect(run.epochs.map((e) => e.epoch)).toEqual(Array.from({ length: run.epochsDone }, (_, i) => i + 1))
      expect(run.w).toBe(run.epochs[run.epochs.length - 1]!.w)
      expect(run.training!.w0).toBe(1)
      expect(run.error!.message).toMatch(new RegExp(`the ${run.epochsDone} epochs trained by then \\(with their last w\\) were saved`))
    } finally {
      await s.close()
    }
  }, 90_000)
})
