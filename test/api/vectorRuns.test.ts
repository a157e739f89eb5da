import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Bundle } from '../../src-shared/api/bundle'
import type { RunSummary } from '../../src-shared/api/runs'
import { experimentSpecSchema, type ExperimentSpecInput } from '../../src-shared/api/spec'
import { runExperiment } from '../../src-shared/experiment/execute'
import { normalizeSpec } from '../../src-shared/experiment/normalize'
import { createServices, type Services } from '../../src-main/services'
import { applyMigrations } from '../../src-main/store/database'
import { MIGRATIONS } from '../../src-main/store/migrations'
import { ARRAY_NAMES, RunStore } from '../../src-main/store/runStore'
import { specHash } from '../../src-main/store/runColumns'
import { cli, tempDir } from '../cli/runCli'

/**
 * Vector runs through the whole path: a spec through the API, computed and
 * saved by a worker, read back, exported as a bundle and imported into
 * another database, where every stored byte is the same; and through
 * `nw-workbench run --spec` with files.
 */
let a: Services
let b: Services

async function call<T>(s: Services, method: string, request: unknown): Promise<T> {
  const r = await s.dispatch(method, request)
  if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`)
  return r.value as T
}

function bytes(s: Services, id: string): Record<string, string> {
  const hex = (v: Float64Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')
  return Object.fromEntries(Object.entries(s.store.arrays(id, ARRAY_NAMES)).map(([k, v]) => [k, hex(v!)]))
}

const f64hex = (v: ArrayLike<number>) => Buffer.from(Float64Array.from(v).buffer).toString('hex')

const SPECS: ExperimentSpecInput[] = [
  { data: { dataset: 'cars', seed: 2 }, sigma: { rule: 'loo-cv' }, name: 'cars loo' },
  { data: { dataset: 'penguins', seed: 4, features: ['beak_length', 'flipper_length', 'body_mass'] }, sigma: { rule: 'scott' }, tags: ['cls'] },
  { data: { vectorFn: 'first-only', d: 3, n: 120, queryCount: 30, seed: 1 }, kernel: 'epanechnikov', sigma: [0.4, 0.9, 1.1], estimator: 'local-linear' },
  { data: { vectorFn: 'sin-linear-2d', d: 2, n: 80, queryCount: 25, seed: 6 }, sigma: [0.7, 0.7], bands: { kind: 'bootstrap', replicates: 20, seed: 3 } },
  {
    data: { features: ['u', 'v'], target: 'kind', xTrain: [0, 0, 1, 0, 0, 1, 4, 4, 5, 4, 4, 5], labelsTrain: ['a', 'a', 'a', 'b', 'b', 'b'], xQuery: [0.5, 0.5, 4.5, 4.5, 20, 20], labelsQuery: ['a', 'b', 'c'] },
    kernel: 'boxcar',
    sigma: [2, 2],
  },
]

beforeAll(() => {
  a = createServices({ databasePath: join(tempDir(), 'a.db'), transport: 'cli', experimentWorkers: 1 })
  b = createServices({ databasePath: join(tempDir(), 'b.db'), transport: 'cli', experimentWorkers: 1 })
})
afterAll(async () => {
  await a.close()
  await b.close()
})

describe('vector runs in the store and in bundles', () => {
  const ids: string[] = []
  let bundle: Bundle

  beforeAll(async () => {
    for (const spec of SPECS) {
      const r = await call<RunSummary>(a, 'createExperiment', spec)
      await a.runner.waitFor(r.id)
      ids.push(r.id)
    }
    bundle = await call<Bundle>(a, 'exportBundle', { ids })
  }, 120_000)

  it('are computed by the worker and stored bit-exact: the same bits as computing the spec here', () => {
    ids.forEach((id, k) => {
      const summary = a.store.summary(id)
      expect(summary.status, summary.error?.message).toBe('done')
      const o = runExperiment(normalizeSpec(experimentSpecSchema.parse(SPECS[k])))
      const stored = bytes(a, id)
      expect(stored.xTrain).toBe(f64hex(o.dataset.xTrain))
      expect(stored.yTrain).toBe(f64hex(o.dataset.yTrain))
      expect(stored.yHat).toBe(f64hex(o.yHat))
      if (o.vector!.classScores) expect(stored.classScores).toBe(f64hex(o.vector!.classScores))
      if (o.vector!.bandLower) expect(stored.bandLower).toBe(f64hex(o.vector!.bandLower))
      // The width vector, through JSON: every bit of each double.
      expect(f64hex(summary.vector!.sigma!)).toBe(f64hex(o.vector!.info.sigma!))
      expect(summary.vector).toEqual(o.vector!.info)
      expect(summary.data.nTrain).toBe(o.dataset.xTrain.length / o.vector!.info.d)
      expect(summary.data.nQuery).toBe(o.yHat.length)
    })
  })

  it('describe classification runs by their classes and metrics with coverage', () => {
    const penguins = a.store.detail(ids[1]!, 'full')
    expect(penguins.vector).toMatchObject({ d: 3, task: 'classification', classCount: 3, labelNames: ['Adelie', 'Chinstrap', 'Gentoo'] })
    expect(penguins.vector!.classMetrics!.accuracy).toBeGreaterThan(0.9)
    expect(penguins.arrays!.classScores).toHaveLength(penguins.data.nQuery * 3)
    expect(penguins.complete).toBe(true)
    // A boxcar at width 2 leaves the far query without a key: counted, and the run marked incomplete.
    const inline = a.store.detail(ids[4]!, 'full')
    expect(inline.vector!.classCoverage!.accuracy).toEqual({ covered: 2, total: 3 })
    expect(inline.undefinedQueries).toEqual([2])
    expect(inline.arrays!.yHat).toEqual([0, 1, null])
    expect(inline.arrays!.classScores!.slice(4)).toEqual([null, null])
    expect(inline.complete).toBe(false)
  })

  it('travel in a bundle to another database and come back bit-exact, with their spec re-runnable to the same hash', async () => {
    const run = bundle.runs[4]!
    expect(run.spec.data).toEqual({ inline: true, features: ['u', 'v'], target: 'kind', labelNames: ['a', 'b', 'c'] })
    expect(Object.keys(run.arrays).sort()).toEqual(['classScores', 'xQuery', 'xTrain', 'yHat', 'yTrain', 'yTruth'])
    expect(await call(b, 'importBundle', { bundle: JSON.parse(JSON.stringify(bundle)) })).toEqual({ imported: ids, skipped: [] })
    for (const id of ids) {
      expect(bytes(b, id)).toEqual(bytes(a, id))
      expect(b.store.detail(id, 'full')).toEqual(a.store.detail(id, 'full'))
      expect(specHash(b.store.spec(id))).toBe(specHash(a.store.spec(id)))
    }
    // The stored inline spec is the one given, labels and all.
    expect(a.store.spec(ids[4]!).data).toEqual(normalizeSpec(experimentSpecSchema.parse(SPECS[4])).data)
    expect(specHash(a.store.spec(ids[4]!))).toBe(specHash(normalizeSpec(experimentSpecSchema.parse(SPECS[4]))))
  })

  it('refuse a bundle whose vector run lost its widths or has rows of the wrong length', async () => {
    const broken = structuredClone(bundle)
    broken.runs = [structuredClone(bundle.runs[2]!)]
    broken.runs[0]!.id = 'zzzzbroken1'
    broken.runs[0]!.result.vector!.sigma = [0.4, 0.9]
    await expect(call(b, 'importBundle', { bundle: broken })).rejects.toThrow(/bundle run zzzzbroken1: result\.vector\.sigma: must have one width per feature \(3\)/)
    const rows = structuredClone(bundle)
    rows.runs = [structuredClone(bundle.runs[2]!)]
    rows.runs[0]!.id = 'zzzzbroken2'
    rows.runs[0]!.arrays.xTrain = Buffer.from(new Float64Array(10).buffer).toString('base64')
    await expect(call(b, 'importBundle', { bundle: rows })).rejects.toThrow(/bundle run zzzzbroken2: arrays\.xTrain: has 10 values, not whole rows of 3/)
  })
})

describe('nw-workbench run --spec with vector data', () => {
  it('reads feature, target and class columns from files and stores the run', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'train.csv'), 'a,b,label\n0,0,red\n1,0,red\n0,1,red\n4,4,blue\n5,4,blue\n4,5,blue\n')
    writeFileSync(join(dir, 'query.csv'), 'a,b,label\n0.5,0.5,red\n4.5,4.5,blue\n')
    writeFileSync(join(dir, 'cls.json'), JSON.stringify({ data: { trainFile: 'train.csv', queryFile: 'query.csv', features: ['a', 'b'], target: 'label' }, task: 'classification', sigma: [1, 1] }))
    const db = ['--db', join(dir, 'w.db')]
    const r = await cli(dir, 'run', '--spec', 'cls.json', ...db, '--json')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout) as { vector: { labelNames: string[]; classMetrics: { accuracy: number } }; yHat: number[]; classScores: number[] }
    expect(out.vector.labelNames).toEqual(['blue', 'red'])
    expect(out.yHat).toEqual([1, 0])
    expect(out.vector.classMetrics.accuracy).toBe(1)
    expect(out.classScores).toHaveLength(4)

    writeFileSync(join(dir, 'reg.csv'), 'a,b,y\n0,0,1\n1,0,2\n0,1,3\n1,1,4\n')
    writeFileSync(join(dir, 'reg.json'), JSON.stringify({ data: { trainFile: 'reg.csv', queryFile: 'reg.csv', features: ['a', 'b'], target: 'y', truth: 'y' }, sigma: [0.5, 2] }))
    const g = await cli(dir, 'run', '--spec', 'reg.json', ...db, '--json')
    expect(g.code).toBe(0)
    expect(JSON.parse(g.stdout)).toMatchObject({ vector: { d: 2, features: ['a', 'b'], target: 'y', sigma: [0.5, 2] }, data: { nTrain: 4, nQuery: 4, hasTruth: true } })

    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ data: { trainFile: 'reg.csv', queryFile: 'reg.csv', features: ['a', 'nope'], target: 'y' } }))
    const bad = await cli(dir, 'run', '--spec', 'bad.json', ...db)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/reg\.csv.*nope/)
  })
})

describe('migration 5', () => {
  it('leaves a one-dimensional run saved before it readable, with no vector part', () => {
    const db = new Database(':memory:')
    applyMigrations(db, MIGRATIONS.filter((m) => m.version <= 4), 0)
    db.exec(`INSERT INTO runs (id, name, created_at, status, mode, kernel, sigma, data_kind, data_label, n_train, n_query, has_truth, spec_json, app_version)
             VALUES ('old1', 'old', 1, 'done', 'nonparametric', 'gaussian', 0.5, 'preset', 'd2l-oldest', 50, 50, 1, '{"data":{"preset":"d2l-oldest","seed":1}}', '0.1')`)
    expect(applyMigrations(db, MIGRATIONS, 4)).toEqual([5, 6])
    const store = new RunStore(db as never, '9', 'h')
    expect(store.summary('old1')).toMatchObject({ sigma: 0.5, vector: null })
  })
})
