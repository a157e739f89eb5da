import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, tempDir } from '../cli/runCli'

function study(dir: string, body: unknown, name = 'study.json'): string {
  writeFileSync(join(dir, name), typeof body === 'string' ? body : JSON.stringify(body))
  return name
}

const SMALL = { name: 'cli study', base: { data: { preset: 'd2l-newest', seed: 2 } }, axes: { kernel: ['gaussian', 'boxcar'], sigma: { linear: [0.3, 0.6], count: 2 } }, replicates: 3 }

describe('nw-workbench sweep', () => {
  it('--json prints {studyId, runs, cells: [{params, runIds, metrics: {testMse: {mean, sd, n}}}]}', async () => {
    const dir = tempDir()
    const r = await cli(dir, 'sweep', '--spec', study(dir, SMALL), '--db', 'runs.db', '--json')
    expect(r.code, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(Object.keys(out)).toEqual(['studyId', 'runs', 'cells'])
    expect(out.runs).toBe(12)
    expect(out.cells).toHaveLength(4)
    expect(out.cells[0].params).toEqual({ kernel: 'gaussian', sigma: 0.3 })
    for (const c of out.cells) {
      expect(Object.keys(c)).toEqual(['params', 'runIds', 'metrics'])
      expect(c.runIds).toHaveLength(3)
      expect(c.metrics.testMse).toMatchObject({ n: 3 })
      expect(typeof c.metrics.testMse.mean).toBe('number')
      expect(typeof c.metrics.testMse.sd).toBe('number')
    }
    // Metric names are those of show --json.
    const shown = JSON.parse((await cli(dir, 'show', out.cells[0].runIds[0], '--db', 'runs.db', '--json')).stdout)
    for (const m of Object.keys(out.cells[0].metrics)) expect(m in shown.metrics || m in shown).toBe(true)
    // Again: the same study, nothing new to run.
    const again = await cli(dir, 'sweep', '--spec', 'study.json', '--db', 'runs.db', '--json')
    expect(JSON.parse(again.stdout).cells.map((c: { runIds: string[] }) => c.runIds)).toEqual(out.cells.map((c: { runIds: string[] }) => c.runIds))
  })

  it('prints a table of cells without --json', async () => {
    const dir = tempDir()
    const r = await cli(dir, 'sweep', '--spec', study(dir, SMALL), '--db', 'runs.db')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^study [a-z0-9]+ {2}cli study\n12\/12 runs done \(done\)\n/)
    expect(r.stdout).toContain('kernel  sigma  runs  test MSE (mean ± sd)')
  })

  it('refuses bad input in one line naming the file, the path and the value (exit 2), storing nothing', async () => {
    const dir = tempDir()
    const cases: [unknown, RegExp][] = [
      ['{"name": "x",', /^nw-workbench sweep: study\.json: not valid JSON at line 1, column 14/],
      [{ ...SMALL, axes: { sigma: [0.5, -1] } }, /^nw-workbench sweep: study\.json: axis "sigma" = -1 makes an invalid spec: sigma/],
      [{ ...SMALL, axes: { bandwidth: [1] } }, /^nw-workbench sweep: study\.json: axis "bandwidth" is not a spec field/],
      [{ ...SMALL, axes: { sigma: { log: [1, 2] } } }, /^nw-workbench sweep: study\.json: axes\.sigma\.count: /],
      [{ ...SMALL, replicateSeeds: 'all' }, /^nw-workbench sweep: study\.json: replicateSeeds: /],
      [{ ...SMALL, extra: true }, /^nw-workbench sweep: study\.json: .*extra/],
    ]
    for (const [body, message] of cases) {
      const r = await cli(dir, 'sweep', '--spec', study(dir, body), '--db', 'runs.db')
      expect(r.code, r.stderr).toBe(2)
      expect(r.stderr).toMatch(message)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
    }
    expect((await cli(dir, 'sweep', '--spec', 'missing.json')).stderr).toBe('nw-workbench sweep: missing.json: no such file or folder\n')
    expect((await cli(dir, 'sweep', '--spec', study(dir, SMALL), '--emit', 'pbs', 'dir')).stderr).toMatch(/--emit: unknown value "pbs" \(choose one of: slurm\)/)
    expect((await cli(dir, 'sweep', '--spec', 'study.json', '--emit', 'slurm')).stderr).toMatch(/--emit slurm needs a folder/)
    expect((await cli(dir, 'sweep', 'collect', dir, '--db', 'runs.db')).stderr).toMatch(/holds no manifest\.json/)
    expect((await cli(dir, 'sweep', '--spec', 'study.json', '--workers', '0')).stderr).toMatch(/--workers must be >= 1/)
    expect((await cli(dir, 'list', '--db', 'runs.db', '--json')).stdout).toBe('[]\n')
  })

  it('is listed in the help', async () => {
    const r = await cli(tempDir(), '--help')
    expect(r.stdout).toMatch(/\n {2}sweep +run a study/)
    const h = await cli(tempDir(), 'sweep', '--help')
    expect(h.stdout).toContain('nw-workbench sweep --spec STUDY.json --emit slurm DIR')
  })
})
