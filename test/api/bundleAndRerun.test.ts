import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Bundle } from '../../src-shared/api/bundle'
import type { RunDetail, RunSummary } from '../../src-shared/api/runs'
import { createServices, type Services } from '../../src-main/services'
import type { ArrayName } from '../../src-main/store/runStore'
import { tempDir } from '../cli/runCli'

const ALL: ArrayName[] = ['xTrain', 'yTrain', 'xQuery', 'yTruth', 'yHat', 'yHatNonparametric']
let a: Services
let b: Services

async function call<T>(s: Services, method: string, request: unknown): Promise<T> {
  const r = await s.dispatch(method, request)
  if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`)
  return r.value as T
}

/** Every stored byte of a run's arrays and curve, to compare bit for bit. */
function bytes(s: Services, id: string): Record<string, string> {
  const arrays = s.store.arrays(id, ALL)
  const epochs = s.store.epochs(id)
  const hex = (v: Float64Array) => Buffer.from(v.buffer).toString('hex')
  return {
    ...Object.fromEntries(Object.entries(arrays).map(([k, v]) => [k, hex(v!)])),
    epochLoss: hex(Float64Array.from(epochs, (e) => e.loss)),
    epochW: hex(Float64Array.from(epochs, (e) => e.w)),
  }
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
      tags: ['chirp'],
    })
    await a.runner.waitFor(first.id)
    await call(a, 'tagExperiment', { id: first.id, add: ['keep'] })
    const again = await call<RunSummary>(a, 'rerunExperiment', { id: first.id })
    const done = await a.runner.waitFor(again.id)
    expect(done.status).toBe('done')
    // Its name, its tags as they are now, and a link back; the source links forward.
    expect(done.name).toBe(`${first.name} · re-run`)
    expect(done.tags).toEqual(['chirp', 'keep'])
    expect(done.parentId).toBe(first.id)
    expect((await call<RunDetail>(a, 'getExperiment', { id: again.id, arrays: false })).parent).toEqual({ id: first.id, name: first.name })
    expect((await call<RunDetail>(a, 'getExperiment', { id: first.id, arrays: false })).reruns).toEqual([{ id: again.id, name: done.name }])
    // A second re-run does not take the first one's name.
    const third = await call<RunSummary>(a, 'rerunExperiment', { id: first.id })
    expect(third.name).toBe(`${first.name} · re-run (2)`)
    await a.runner.waitFor(third.id)
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
