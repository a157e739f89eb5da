import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bundleJsonSchema, experimentSpecJsonSchema } from '../../src-shared/api/jsonSchema'
import { formatCsv } from '../../src-shared/csv'
import { reference } from '../engine/reference'
import { cli, tempDir } from './runCli'

describe('nw-workbench run, list, show, delete', () => {
  const dir = tempDir()
  const ds = reference.datasets[0]!
  writeFileSync(join(dir, 't.csv'), formatCsv({ x: ds.x, y: ds.y }))
  writeFileSync(join(dir, 'q.csv'), formatCsv({ x: ds.q }))
  const t = ds.training[0]!
  writeFileSync(
    join(dir, 'spec.json'),
    JSON.stringify({
      name: 'cli trained',
      data: { trainCsv: 't.csv', queryCsv: 'q.csv' },
      kernel: 'gaussian',
      sigma: 0.5,
      mode: 'parametric',
      training: { w0: t.w0, lr: t.lr, epochs: t.epochs, loss: t.loss, loo: t.loo },
      tags: ['cli'],
    }),
  )
  const db = ['--db', 'runs.db']

  it('runs a spec as the app does, stores it, and prints it with the fields of fit and train', async () => {
    const r = await cli(dir, 'run', '--spec', 'spec.json', ...db, '--json')
    expect(r.code, r.stderr).toBe(0)
    const run = JSON.parse(r.stdout)
    expect(run).toMatchObject({ name: 'cli trained', status: 'done', kernel: 'gaussian', sigma: 0.5, mode: 'parametric', tags: ['cli'] })
    // The same numbers as the chapter's PyTorch code.
    expect(run.epochs.map((e: { loss: number }) => e.loss)).toHaveLength(t.epochs)
    run.epochs.forEach((e: { loss: number; w: number }, i: number) => {
      expect(Math.abs(e.loss - t.records[i]!.loss)).toBeLessThan(1e-10 * Math.abs(t.records[i]!.loss))
      expect(Math.abs(e.w - t.records[i]!.w)).toBeLessThan(1e-10 * Math.abs(t.records[i]!.w))
    })
    expect(Math.abs(run.w - t.w)).toBeLessThan(1e-10 * Math.abs(t.w))
    run.yHat.forEach((v: number, i: number) => expect(Math.abs(v - t.yHat[i]!)).toBeLessThan(1e-9))
    const show = await cli(dir, 'show', run.id.slice(0, 6), ...db, '--json')
    expect(show.code).toBe(0)
    expect(JSON.parse(show.stdout)).toEqual(run)
    const list = await cli(dir, 'list', ...db, '--json')
    expect(JSON.parse(list.stdout).map((x: { id: string }) => x.id)).toEqual([run.id])
    const human = await cli(dir, 'list', ...db)
    expect(human.stdout).toMatch(/cli trained/)
    const del = await cli(dir, 'delete', run.id, ...db)
    expect(del.stdout).toBe(`deleted 1 run: ${run.id}\n`)
    expect(JSON.parse((await cli(dir, 'list', ...db, '--json')).stdout)).toEqual([])
  })

  it('runs presets and generator specs too', async () => {
    writeFileSync(join(dir, 'preset.json'), JSON.stringify({ data: { preset: 'd2l-middle', seed: 5 }, mode: 'parametric' }))
    const r = await cli(dir, 'run', '--spec', 'preset.json', ...db, '--json')
    expect(r.code, r.stderr).toBe(0)
    // No training given: the middle edition's own recipe.
    expect(JSON.parse(r.stdout).training).toMatchObject({ w0Spec: 1, lr: 1, epochs: 5, loss: 'mean-half', loo: false, batchSize: 10 })
    writeFileSync(join(dir, 'gen.json'), JSON.stringify({ data: { fn: 'chirp', n: 80, seed: 2 }, kernel: 'tricube', sigma: { rule: 'loo-cv' } }))
    const g = await cli(dir, 'run', '--spec', 'gen.json', ...db, '--json')
    expect(g.code, g.stderr).toBe(0)
    expect(JSON.parse(g.stdout)).toMatchObject({ status: 'done', sigmaRule: 'loo-cv' })
  })

  it('exits 1 with one line when the run itself fails', async () => {
    writeFileSync(join(dir, 'fails.json'), JSON.stringify({ data: { xTrain: [2, 2], yTrain: [1, 2], xQuery: [2] }, sigma: { rule: 'scott' } }))
    const r = await cli(dir, 'run', '--spec', 'fails.json', ...db)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^nw-workbench run: run [a-z0-9]+ failed: all training inputs are equal/)
  })

  it.each([
    ['missing.json', '', /missing\.json: no such file or folder/],
    ['broken.json', '{"data": ', /broken\.json: not valid JSON/],
    ['badseed.json', '{"data": {"preset": "d2l-oldest", "seed": -4}}', /badseed\.json: data\.seed: /],
    ['badkernel.json', '{"data": {"preset": "d2l-oldest", "seed": 1}, "kernel": "gauss"}', /badkernel\.json: kernel: /],
    ['parboxcar.json', '{"data": {"preset": "d2l-oldest", "seed": 1}, "kernel": "boxcar", "mode": "parametric"}', /kernel: parametric training learns the width of the Gaussian kernel/],
    ['extra.json', '{"data": {"preset": "d2l-oldest", "seed": 1}, "sigmaa": 1}', /Unrecognized key: "sigmaa"/],
    ['nocsv.json', '{"data": {"trainCsv": "nope.csv", "queryCsv": "q.csv"}}', /nope\.csv: no such file or folder/],
    ['csvonly.json', '{"data": {"trainCsv": "t.csv"}}', /data: queryCsv: /],
  ])('refuses a bad spec %s with exit code 2 and one line', async (file, text, pattern) => {
    if (text) writeFileSync(join(dir, file), text)
    const r = await cli(dir, 'run', '--spec', file, ...db)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(pattern)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('writes a bundle and imports it into another database, bit-exact', async () => {
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ data: { preset: 'd2l-oldest', seed: 8 }, mode: 'parametric' }))
    const run = JSON.parse((await cli(dir, 'run', '--spec', 'b.json', ...db, '--json')).stdout)
    const out = await cli(dir, 'bundle', 'export', run.id, '--out', 'one.json', ...db)
    expect(out.stdout).toBe('wrote 1 run to one.json\n')
    const imported = await cli(dir, 'bundle', 'import', 'one.json', '--db', 'other.db')
    expect(imported.stdout).toBe('imported 1 run\n')
    expect(JSON.parse((await cli(dir, 'show', run.id, '--db', 'other.db', '--json')).stdout)).toEqual(run)
    expect((await cli(dir, 'bundle', 'import', 'one.json', '--db', 'other.db')).stdout).toBe('imported 0 runs, skipped 1 already here\n')
    writeFileSync(join(dir, 'notbundle.json'), '{"format": "x"}')
    const bad = await cli(dir, 'bundle', 'import', 'notbundle.json', '--db', 'other.db')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^nw-workbench bundle: notbundle\.json: not an nw-workbench bundle: format: /)
  })

  it('refuses unknown runs and ambiguous prefixes', async () => {
    const r = await cli(dir, 'show', 'zzzzzz', ...db)
    expect([r.code, r.stderr]).toEqual([2, 'nw-workbench show: no run with id zzzzzz\n'])
  })

  it('publishes the spec’s JSON Schema, and the committed copy is current', async () => {
    const r = await cli(dir, 'schema')
    expect(JSON.parse(r.stdout)).toEqual(experimentSpecJsonSchema())
    const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'experiment-spec.schema.json'), 'utf8'))
    expect(committed).toEqual(experimentSpecJsonSchema())
  })

  it('publishes the bundle format’s JSON Schema, and the committed copy is current', async () => {
    const r = await cli(dir, 'schema', '--bundle')
    expect(JSON.parse(r.stdout)).toEqual(bundleJsonSchema())
    const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'bundle.schema.json'), 'utf8'))
    expect(committed).toEqual(bundleJsonSchema())
  })
})
