import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../cli/runCli'
import { nw, writeSmallStudy } from './slurmHelpers'

/** Runs one array task the way the issue promises: plain bash, SLURM_ARRAY_TASK_ID set by hand. */
function task(dir: string, id: number) {
  return spawnSync('bash', [join(dir, 'study.sbatch')], { env: { ...process.env, SLURM_ARRAY_TASK_ID: String(id) }, encoding: 'utf8', timeout: 120_000 })
}

describe('the Slurm job array without Slurm', () => {
  it('runs a task with plain bash; collect reports what is missing or failed; re-emitting writes only those', () => {
    const root = tempDir('nw-sbatch-')
    const spec = writeSmallStudy(root, 'script round trip')
    const db = join(root, 'runs.db')
    const dir = join(root, 'job')
    const emitted = nw(root, ['sweep', '--spec', spec, '--emit', 'slurm', dir, '--db', db, '--runs-per-task', '2'])
    expect(emitted.status, emitted.stderr).toBe(0)
    const script = readFileSync(join(dir, 'study.sbatch'), 'utf8')
    expect(script.startsWith('#!/bin/bash\n#SBATCH --job-name=')).toBe(true)
    expect(script).toContain('#SBATCH --array=0-3\n')
    expect(readdirSync(join(dir, 'cells'))).toHaveLength(8)
    // Tasks 0 and 2 run; 1 and 3 never do.
    for (const t of [0, 2]) {
      const r = task(dir, t)
      expect(r.status, r.stderr).toBe(0)
    }
    expect(existsSync(join(dir, 'results', 'task-0.json'))).toBe(true)
    expect(existsSync(join(dir, 'work', 'task-0.db'))).toBe(false)
    const partial = nw(root, ['sweep', 'collect', dir, '--db', db, '--json'])
    expect(partial.status, partial.stderr).toBe(1)
    const p = JSON.parse(partial.stdout)
    expect(p.missing).toHaveLength(4)
    expect(p.failed).toEqual([])
    expect(p.runs).toBe(4)
    // The study now names its runs; their Slurm tags are gone.
    const list = JSON.parse(nw(root, ['list', '--db', db, '--json']).stdout) as { tags: string[] }[]
    expect(list).toHaveLength(4)
    for (const r of list) expect(r.tags).toEqual([])
    // Re-emit: only the 4 missing runs, in 2 tasks.
    const again = nw(root, ['sweep', '--spec', spec, '--emit', 'slurm', dir, '--db', db, '--runs-per-task', '2'])
    expect(again.status, again.stderr).toBe(0)
    expect(again.stdout).toContain('wrote 4 runs in 2 tasks')
    expect(again.stdout).toContain('(4 already done)')
    expect(readdirSync(join(dir, 'cells'))).toHaveLength(4)
    // The old results are collected already: clear them as a user would, then run the new tasks.
    rmSync(join(dir, 'results'), { recursive: true })
    for (const t of [0, 1]) {
      const r = task(dir, t)
      expect(r.status, r.stderr).toBe(0)
    }
    const full = nw(root, ['sweep', 'collect', dir, '--db', db, '--json'])
    expect(full.status, full.stdout).toBe(0)
    const f = JSON.parse(full.stdout)
    expect(f.runs).toBe(8)
    expect(f.missing).toEqual([])
    expect(nw(root, ['sweep', '--spec', spec, '--emit', 'slurm', dir, '--db', db]).stdout).toContain('nothing to emit')
  }, 120_000)

  it('reports a run that failed in its task as failed, with its error', () => {
    const root = tempDir('nw-sbatch-')
    const spec = join(root, 'one-point.json')
    // A rule of thumb needs two training points: the run with one is valid as a spec but fails when it runs.
    writeFileSync(spec, JSON.stringify({ name: 'one point', base: { data: { fn: 'sin', n: 50, seed: 1 }, sigma: { rule: 'silverman' } }, axes: { 'data.n': [50, 1] } }))
    const db = join(root, 'runs.db')
    const dir = join(root, 'job')
    const emitted = nw(root, ['sweep', '--spec', spec, '--emit', 'slurm', dir, '--db', db])
    expect(emitted.status, emitted.stderr).toBe(0)
    const r = task(dir, 0)
    expect(r.status, r.stderr).toBe(1)
    expect(r.stderr).toContain('did not finish')
    const c = nw(root, ['sweep', 'collect', dir, '--db', db])
    // With what it printed: once, under load, this exited 2 (an input error) and the message was lost.
    expect(c.status, c.stderr).toBe(1)
    expect(c.stdout).toMatch(/failed \(1\):\n {2}data\.n = 1, replicate 1: InputError: a rule-of-thumb bandwidth needs at least 2 training points/)
  }, 60_000)
})
