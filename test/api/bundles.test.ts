import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Bundle } from '../../src-shared/api/bundle'
import type { BundleV1 } from '../../src-shared/api/bundleV1'
import type { RunSummary } from '../../src-shared/api/runs'
import { createServices, type Services } from '../../src-main/services'
import { tempDir } from '../cli/runCli'

let a: Services
let b: Services

async function call<T>(s: Services, method: string, request: unknown): Promise<T> {
  const r = await s.dispatch(method, request)
  if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`)
  return r.value as T
}

const ARRAYS = ['xTrain', 'yTrain', 'xQuery', 'yTruth', 'yHat', 'yHatNonparametric'] as const
/** Every stored byte of a run's arrays and curve, to compare bit for bit. */
function bytes(s: Services, id: string): Record<string, string> {
  const hex = (v: Float64Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')
  const arrays = s.store.arrays(id, ARRAYS)
  const epochs = s.store.epochs(id)
  return {
    ...Object.fromEntries(Object.entries(arrays).map(([k, v]) => [k, hex(v!)])),
    epochLoss: hex(Float64Array.from(epochs, (e) => e.loss)),
    epochW: hex(Float64Array.from(epochs, (e) => e.w)),
  }
}

const total = (s: Services) => s.store.list({ offset: 0, limit: 1, sort: { by: 'createdAt', dir: 'desc' }, filter: {} }).total

beforeAll(() => {
  a = createServices({ databasePath: join(tempDir(), 'a.db'), transport: 'cli', experimentWorkers: 1 })
  b = createServices({ databasePath: join(tempDir(), 'b.db'), transport: 'cli', experimentWorkers: 1 })
})
afterAll(async () => {
  await a.close()
  await b.close()
})

describe('bundles (format 2)', () => {
  let ids: string[] = []
  let bundle: Bundle

  beforeAll(async () => {
    ids = []
    for (const spec of [
      { data: { preset: 'd2l-oldest', seed: 1 }, mode: 'parametric', tags: ['paper', 'fig-2'], notes: 'ünïcødé ✓' },
      { data: { xTrain: [0, 1], yTrain: [1, 2], xQuery: [0.5, 9] }, kernel: 'boxcar', sigma: 0.6 },
      { data: { preset: 'd2l-newest', seed: 3 }, kernel: 'cosine', sigma: { rule: 'scott' }, name: 'cosine' },
    ]) {
      const r = await call<RunSummary>(a, 'createExperiment', spec)
      await a.runner.waitFor(r.id)
      ids.push(r.id)
    }
    bundle = await call<Bundle>(a, 'exportBundle', { ids })
  })

  it('are their own camelCase format, versioned, with the spec as an object and the outcome under result', () => {
    expect(bundle).toMatchObject({ format: 'nw-workbench-bundle', version: 2 })
    const run = bundle.runs[0]!
    expect(Object.keys(run).sort()).toEqual(['appVersion', 'arrays', 'createdAt', 'error', 'finishedAt', 'id', 'name', 'notes', 'parentId', 'result', 'spec', 'startedAt', 'status', 'tags'])
    expect(run.spec).toMatchObject({ mode: 'parametric', kernel: 'gaussian', data: { preset: 'd2l-oldest', seed: 1 } })
    expect(run.result.epochsDone).toBe(5)
    expect(run.result.coverage.testMse).toEqual({ covered: 50, total: 50 })
    expect(bundle.runs[1]!.spec.data).toEqual({ inline: true })
    expect(bundle.runs[1]!.result.undefinedQueries).toEqual([1])
  })

  it('carry runs to another database, where every run comes back bit-exact', async () => {
    // Through JSON text, as a file would carry it.
    const text = JSON.stringify(bundle)
    expect(await call(b, 'importBundle', { bundle: JSON.parse(text) })).toEqual({ imported: ids, skipped: [] })
    for (const id of ids) {
      expect(bytes(b, id)).toEqual(bytes(a, id))
      expect(b.store.detail(id, 'full')).toEqual(a.store.detail(id, 'full'))
    }
    // NaN (an undefined estimate) survived: JSON numbers could not have carried it.
    expect(b.store.detail(ids[1]!, 'full').arrays!.yHat).toEqual([1.5, null])
    // Importing again changes nothing; a deleted copy comes back.
    expect(await call(b, 'importBundle', { bundle: JSON.parse(text) })).toEqual({ imported: [], skipped: ids })
    await call(b, 'deleteExperiments', { ids: [ids[0]] })
    expect(await call(b, 'importBundle', { bundle: JSON.parse(text) })).toEqual({ imported: [ids[0]], skipped: ids.slice(1) })
    expect(b.store.summary(ids[0]!).id).toBe(ids[0])
  })

  it('refuse a bundle with any unusable run, naming the run and the field, and import none of it', async () => {
    const before = total(b)
    const id = ids[0]!
    const done = (edit: (r: Bundle['runs'][number]) => void) => {
      const copy = structuredClone(bundle)
      // A fresh id, so nothing is skipped as already there.
      for (const r of copy.runs) r.id = `${r.id.slice(0, 8)}zzzz`
      edit(copy.runs[0]!)
      return copy
    }
    const cases: [string, Bundle, RegExp][] = [
      ['a done run without arrays', done((r) => (r.arrays = {})), /arrays\.(xTrain|yTrain|xQuery|yHat): is missing or empty, but the run is done/],
      ['empty arrays', done((r) => (r.arrays.xTrain = r.arrays.yTrain = '')), /arrays\.xTrain: is missing or empty/],
      ['sigma -1', done((r) => (r.result.sigma = -1)), /result\.sigma: must be a number > 0 for a finished run \(got -1\)/],
      ['sigma 0', done((r) => (r.result.sigma = 0)), /result\.sigma: must be a number > 0/],
      ['NaN in xTrain', done((r) => (r.arrays.xTrain = Buffer.from(new Float64Array(50).fill(NaN).buffer).toString('base64'))), /arrays\.xTrain\[0\]: must be a finite number \(got NaN\)/],
      ['Infinity in xTrain', done((r) => (r.arrays.xTrain = Buffer.from(new Float64Array(50).fill(Infinity).buffer).toString('base64'))), /arrays\.xTrain\[0\]: must be a finite number \(got Infinity\)/],
      ['data: null', done((r) => (r.spec.data = null)), /spec\.data: must be an object/],
      ['name: 5', done((r) => (r.spec.name = 5)), /spec\.name: /],
      ['an unknown preset', done((r) => (r.spec.data = { preset: 'd2l-future', seed: 1 })), /spec\.data\.preset: /],
      ['the kernel "__proto__"', done((r) => (r.spec.kernel = '__proto__')), /spec\.kernel: /],
      ['lengths that disagree', done((r) => (r.arrays.yTrain = Buffer.from(new Float64Array(3).buffer).toString('base64'))), /arrays\.yTrain: has 3 values but xTrain has 50/],
      ['an undefined query that has a value', done((r) => (r.result.undefinedQueries = [3])), /arrays\.yHat\[3\]: has a value, but the query is listed as undefined/],
    ]
    for (const [what, bad, message] of cases) {
      const r = await b.dispatch('importBundle', { bundle: bad })
      expect(r, what).toMatchObject({ ok: false, error: { message: expect.stringMatching(new RegExp(`^bundle run ${id.slice(0, 8)}zzzz: ${message.source}`)) } })
    }
    const wrongFormat = await b.dispatch('importBundle', { bundle: { ...bundle, format: 'something-else' } })
    expect(wrongFormat).toMatchObject({ ok: false, error: { name: 'ValidationError', message: expect.stringMatching(/^bundle\.format: /) } })
    expect(total(b)).toBe(before)
  })
})

describe('bundles of format 1 (nw-workbench 0.1)', () => {
  const legacy = join(__dirname, '..', 'fixtures', 'legacy')
  const v1 = JSON.parse(readFileSync(join(legacy, 'bundle-v1.json'), 'utf8')) as BundleV1

  it('still import, bit-exact, with what 0.1 printed for them', async () => {
    const c = createServices({ databasePath: join(tempDir(), 'c.db'), transport: 'cli', experimentWorkers: 1 })
    try {
      const r = await call<{ imported: string[] }>(c, 'importBundle', { bundle: v1 })
      expect(r.imported).toEqual(v1.runs.map((x) => x.id))
      for (const old of v1.runs) {
        for (const [name, b64] of Object.entries(old.arrays)) {
          const stored =
            name === 'epochLoss' || name === 'epochW'
              ? Float64Array.from(c.store.epochs(old.id), (e) => (name === 'epochLoss' ? e.loss : e.w))
              : c.store.arrays(old.id, [name as (typeof ARRAYS)[number]])[name as (typeof ARRAYS)[number]]!
          expect(Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength).toString('base64'), `${old.id} ${name}`).toBe(b64)
        }
        const s = c.store.summary(old.id)
        expect(s).toMatchObject({ name: old.name, status: old.status, kernel: old.kernel, sigma: old.sigma, sigmaRule: old.sigma_rule, w: old.learned_w, tags: old.tags, appVersion: '0.1.0' })
        expect(s.metrics).toEqual({ trainLoss: old.train_loss, trainMse: old.train_mse, testMse: old.test_mse, looScore: old.loo_score })
      }
      // What 0.1's `run --json` printed for the parametric run, its predictions and curve, is what show prints now.
      const shown = JSON.parse(readFileSync(join(legacy, 'show-a.json'), 'utf8')) as { id: string; yHat: number[]; epochs: unknown[]; w: number }
      const detail = c.store.detail(shown.id, 'full')
      expect(detail.arrays!.yHat).toEqual(shown.yHat)
      expect(detail.epochs).toEqual(shown.epochs)
      expect(detail.w).toBe(shown.w)
    } finally {
      await c.close()
    }
  })

  it('are refused when their counts disagree with their arrays', async () => {
    const bad = structuredClone(v1)
    bad.runs[0]!.n_train = 999_999
    const r = await b.dispatch('importBundle', { bundle: bad })
    expect(r).toMatchObject({ ok: false, error: { message: `bundle run ${bad.runs[0]!.id}: n_train is 999999 but xTrain has 40 values` } })
  })
})
