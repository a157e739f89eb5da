import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Bundle } from '../../src-shared/api/bundle'
import type { RunSummary } from '../../src-shared/api/runs'
import { createServices, type Services } from '../../src-main/services'
import type { ArrayName } from '../../src-main/store/runStore'
import { tempDir } from '../cli/runCli'

const ALL: ArrayName[] = ['xTrain', 'yTrain', 'xQuery', 'yTruth', 'yHat', 'yHatNonparametric', 'epochLoss', 'epochW']
let a: Services
let b: Services

async function call<T>(s: Services, method: string, request: unknown): Promise<T> {
  const r = await s.dispatch(method, request)
  if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`)
  return r.value as T
}

/** Every stored byte of a run's arrays, to compare bit for bit. */
function bytes(s: Services, id: string): Record<string, string> {
  const arrays = s.store.arrays(id, ALL)
  return Object.fromEntries(Object.entries(arrays).map(([k, v]) => [k, Buffer.from(v!.buffer).toString('hex')]))
}

beforeAll(() => {
  a = createServices({ databasePath: join(tempDir(), 'a.db'), transport: 'cli', experimentWorkers: 1 })
  b = createServices({ databasePath: join(tempDir(), 'b.db'), transport: 'cli', experimentWorkers: 1 })
})
afterAll(async () => {
  await a.close()
  await b.close()
})

describe('re-run exactly', () => {
  it('reproduces a run bit for bit from its stored seed and parameters (random w0 and minibatches included)', async () => {
    const first = await call<RunSummary>(a, 'createExperiment', {
      data: { fn: 'chirp', n: 120, noiseSd: 0.3, seed: 77 },
      kernel: 'gaussian',
      sigma: { rule: 'loo-cv' },
      mode: 'parametric',
      training: { w0: 'random', lr: 0.3, epochs: 9, loss: 'mean-half', loo: true, batchSize: 16 },
    })
    await a.runner.waitFor(first.id)
    const again = await call<RunSummary>(a, 'rerunExperiment', { id: first.id })
    const done = await a.runner.waitFor(again.id)
    expect(done.status).toBe('done')
    expect(done.name).toBe(`${first.name} · re-run`)
    expect(bytes(a, again.id)).toEqual(bytes(a, first.id))
    const s1 = a.store.summary(first.id)
    expect({ ...done.training, sigma: done.sigma, w: done.w, metrics: done.metrics }).toEqual({ ...s1.training, sigma: s1.sigma, w: s1.w, metrics: s1.metrics })
  })

  it('keeps re-run names within the 200-character limit, so they still export and import', async () => {
    const long = await call<RunSummary>(a, 'createExperiment', { name: 'x'.repeat(200), data: { preset: 'd2l-oldest', seed: 2 } })
    await a.runner.waitFor(long.id)
    const again = await call<RunSummary>(a, 'rerunExperiment', { id: long.id })
    expect(again.name.length).toBeLessThanOrEqual(200)
    expect(again.name.endsWith(' · re-run')).toBe(true)
    await a.runner.waitFor(again.id)
    const bundle = await call<Bundle>(a, 'exportBundle', { ids: [again.id] })
    expect((await b.dispatch('importBundle', { bundle })).ok).toBe(true)
  })

  it('reproduces imported data too', async () => {
    const first = await call<RunSummary>(a, 'createExperiment', { data: { xTrain: [0.1, 0.5, 0.9, 1.7], yTrain: [1, -0, 2.5, 3], xQuery: [0, 1, 2], source: 'mine.csv' }, kernel: 'tricube', sigma: 0.8 })
    await a.runner.waitFor(first.id)
    const again = await call<RunSummary>(a, 'rerunExperiment', { id: first.id })
    await a.runner.waitFor(again.id)
    expect(bytes(a, again.id)).toEqual(bytes(a, first.id))
  })
})

describe('bundles', () => {
  it('carry runs to another database, where every run comes back bit-exact', async () => {
    const ids: string[] = []
    for (const spec of [
      { data: { preset: 'd2l-oldest', seed: 1 }, mode: 'parametric', tags: ['paper', 'fig-2'], notes: 'ünïcødé ✓' },
      { data: { xTrain: [0, 1], yTrain: [1, 2], xQuery: [0.5, 9] }, kernel: 'boxcar', sigma: 0.6 },
      { data: { preset: 'd2l-newest', seed: 3 }, kernel: 'cosine', sigma: 0.4, name: 'cosine' },
    ]) {
      const r = await call<RunSummary>(a, 'createExperiment', spec)
      await a.runner.waitFor(r.id)
      ids.push(r.id)
    }
    const bundle = await call<Bundle>(a, 'exportBundle', { ids })
    // Through JSON text, as a file would carry it.
    const text = JSON.stringify(bundle)
    const result = await call<{ imported: string[]; skipped: string[] }>(b, 'importBundle', { bundle: JSON.parse(text) })
    expect(result).toEqual({ imported: ids, skipped: [] })
    for (const id of ids) {
      expect(bytes(b, id)).toEqual(bytes(a, id))
      const { ...sa } = a.store.detail(id, true)
      const { ...sb } = b.store.detail(id, true)
      expect(sb).toEqual(sa)
    }
    // NaN (an undefined estimate) survived: JSON numbers could not have carried it.
    expect(b.store.detail(ids[1]!, true).arrays!.yHat).toEqual([1.5, null])
    // Importing again changes nothing; a deleted copy comes back.
    expect(await call(b, 'importBundle', { bundle: JSON.parse(text) })).toEqual({ imported: [], skipped: ids })
    await call(b, 'deleteExperiments', { ids: [ids[0]] })
    expect(await call(b, 'importBundle', { bundle: JSON.parse(text) })).toEqual({ imported: [ids[0]], skipped: ids.slice(1) })
    expect(b.store.summary(ids[0]!).id).toBe(ids[0])
  })

  it('refuse a malformed bundle with a clear error and import nothing', async () => {
    const bundle = await call<Bundle>(a, 'exportBundle', { ids: [a.store.list({ offset: 0, limit: 1, sort: { by: 'createdAt', dir: 'desc' }, filter: {} }).runs[0]!.id] })
    const before = b.store.list({ offset: 0, limit: 1000, sort: { by: 'createdAt', dir: 'desc' }, filter: {} }).total
    const bad = structuredClone(bundle)
    bad.runs[0]!.kernel = 'gauss' as never
    const r = await b.dispatch('importBundle', { bundle: bad })
    expect(r).toMatchObject({ ok: false, error: { name: 'ValidationError', message: expect.stringMatching(/^bundle\.runs\[0\]\.kernel: /) } })
    const brokenSpec = structuredClone(bundle)
    brokenSpec.runs[0]!.spec_json = 'not json'
    expect(await b.dispatch('importBundle', { bundle: brokenSpec })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/spec_json: is not a stored experiment spec/) } })
    const mismatched = structuredClone(bundle)
    mismatched.runs[0]!.arrays.yTrain = Buffer.from(new Float64Array(3).buffer).toString('base64')
    expect(await b.dispatch('importBundle', { bundle: mismatched })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/arrays\.yTrain: has 3 values but xTrain has/) } })
    const wrongFormat = await b.dispatch('importBundle', { bundle: { ...bundle, format: 'something-else' } })
    expect(wrongFormat).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^bundle\.format: /) } })
    expect(b.store.list({ offset: 0, limit: 1000, sort: { by: 'createdAt', dir: 'desc' }, filter: {} }).total).toBe(before)
  })
})
