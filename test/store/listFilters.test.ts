import { beforeAll, describe, expect, it } from 'vitest'
import { experimentSpecSchema, type ExperimentSpecInput } from '../../src-shared/api/spec'
import type { ExperimentOutcome } from '../../src-shared/experiment/execute'
import { normalizeSpec } from '../../src-shared/experiment/normalize'
import { openDatabase } from '../../src-main/store/database'
import { RunStore } from '../../src-main/store/runStore'
import type { RunFilter, SortableColumn } from '../../src-shared/api/requests'

const store = new RunStore(openDatabase(':memory:'), 'v', 'h:1')

function fakeOutcome(sigma: number, testMse: number | null, w: number | null): ExperimentOutcome {
  const a = Float64Array.of(1, 2)
  return {
    dataset: { xTrain: a, yTrain: a, xQuery: a, yTruth: null },
    sigma,
    w0: null,
    epochs: [],
    w,
    yHat: a,
    yHatNonparametric: null,
    undefinedQueries: [],
    baseline: 1.5,
    metrics: { trainLoss: null, trainMse: 0.1, testMse, looScore: 0.2, coverage: { trainLoss: null, trainMse: { covered: 2, total: 2 }, testMse: null, looScore: { covered: 2, total: 2 } } },
    fit: { algorithm: 'dense', errorBound: 0 },
  }
}

const RUNS: { id: string; spec: ExperimentSpecInput; testMse: number | null; w?: number; done: boolean }[] = [
  { id: 'aaaa00000001', spec: { name: 'Gaussian wide', data: { preset: 'd2l-oldest', seed: 1 }, kernel: 'gaussian', sigma: 2, tags: ['paper'] }, testMse: 0.5, done: true },
  { id: 'aaaa00000002', spec: { name: 'Gaussian narrow', data: { preset: 'd2l-oldest', seed: 1 }, kernel: 'gaussian', sigma: 0.1, tags: ['paper', 'narrow'], notes: 'overfits 50% of the time' }, testMse: 0.9, done: true },
  { id: 'aaaa00000003', spec: { name: 'Boxcar', data: { preset: 'd2l-newest', seed: 2 }, kernel: 'boxcar', sigma: 0.5 }, testMse: 0.3, done: true },
  { id: 'aaaa00000004', spec: { name: 'Trained', data: { preset: 'd2l-oldest', seed: 3 }, mode: 'parametric' }, testMse: 0.2, w: 4, done: true },
  { id: 'aaaa00000005', spec: { name: 'queued one', data: { fn: 'sin', n: 10, seed: 4 }, kernel: 'tricube', sigma: 1 }, testMse: null, done: false },
]

beforeAll(() => {
  RUNS.forEach((r, i) => {
    store.createQueued(r.id, normalizeSpec(experimentSpecSchema.parse(r.spec)), 1000 + i)
    if (r.done) store.saveOutcome(r.id, fakeOutcome(typeof r.spec.sigma === 'number' ? r.spec.sigma : 1, r.testMse, r.w ?? null), 2000 + i)
  })
})

const ids = (filter: RunFilter, by: SortableColumn = 'createdAt', dir: 'asc' | 'desc' = 'asc') =>
  store.list({ offset: 0, limit: 100, sort: { by, dir }, filter }).runs.map((r) => r.id.slice(-1))

describe('filtering and sorting the runs library', () => {
  it('filters by kernel, mode and status', () => {
    expect(ids({ kernel: ['gaussian'] })).toEqual(['1', '2', '4'])
    expect(ids({ kernel: ['boxcar', 'tricube'] })).toEqual(['3', '5'])
    expect(ids({ mode: ['parametric'] })).toEqual(['4'])
    expect(ids({ status: ['queued'] })).toEqual(['5'])
    expect(ids({ status: ['done'], mode: ['nonparametric'] })).toEqual(['1', '2', '3'])
  })

  it('filters by a sigma range, inclusive', () => {
    expect(ids({ sigmaMin: 0.5 })).toEqual(['1', '3', '4', '5'])
    expect(ids({ sigmaMin: 0.1, sigmaMax: 0.5 })).toEqual(['2', '3'])
  })

  it('needs every requested tag', () => {
    expect(ids({ tags: ['paper'] })).toEqual(['1', '2'])
    expect(ids({ tags: ['paper', 'narrow'] })).toEqual(['2'])
    expect(ids({ tags: ['nope'] })).toEqual([])
  })

  it('searches names, notes, tags, data labels and ids, case-insensitively, with % and _ taken literally', () => {
    expect(ids({ text: 'GAUSSIAN' })).toEqual(['1', '2', '4'])
    expect(ids({ text: 'narrow' })).toEqual(['2'])
    expect(ids({ text: '50%' })).toEqual(['2'])
    expect(ids({ text: '%' })).toEqual(['2'])
    expect(ids({ text: 'd2l-newest' })).toEqual(['3'])
    expect(ids({ text: 'aaaa00000005' })).toEqual(['5'])
    expect(ids({ text: '_' })).toEqual([])
  })

  it('sorts by any column, with missing values last either way', () => {
    expect(ids({}, 'testMse', 'asc')).toEqual(['4', '3', '1', '2', '5'])
    expect(ids({}, 'testMse', 'desc')).toEqual(['2', '1', '3', '4', '5'])
    expect(ids({}, 'name', 'asc')).toEqual(['3', '2', '1', '5', '4'])
    // Ties (σ = 1) fall back to newest first.
    expect(ids({}, 'sigma', 'desc')).toEqual(['1', '5', '4', '3', '2'])
    expect(ids({}, 'createdAt', 'desc')).toEqual(['5', '4', '3', '2', '1'])
  })

  it('pages, and reports the total of the filter', () => {
    const page = store.list({ offset: 1, limit: 2, sort: { by: 'createdAt', dir: 'asc' }, filter: { kernel: ['gaussian'] } })
    expect(page.total).toBe(3)
    expect(page.runs.map((r) => r.id.slice(-1))).toEqual(['2', '4'])
    expect(page.runs[0]!.tags).toEqual(['narrow', 'paper'])
  })

  it('combines every filter', () => {
    expect(ids({ kernel: ['gaussian'], mode: ['nonparametric'], status: ['done'], sigmaMax: 1, tags: ['paper'], text: 'narrow' })).toEqual(['2'])
  })
})

describe('id lists', () => {
  it('take any number of ids in one statement: the statement cache stays bounded and 40,000 ids work', () => {
    const many = Array.from({ length: 40_000 }, (_, i) => `zz${String(i).padStart(10, '0')}`)
    many[12_345] = 'aaaa00000003'
    expect(store.list({ offset: 0, limit: 10, sort: { by: 'createdAt', dir: 'asc' }, filter: { ids: many } }).runs.map((r) => r.id)).toEqual(['aaaa00000003'])
    const before = store.cachedStatements
    for (let k = 1; k <= 3000; k++) {
      const ids = many.slice(0, k)
      store.list({ offset: 0, limit: 10, sort: { by: 'createdAt', dir: 'asc' }, filter: { ids, tags: k % 2 ? ['paper'] : ['paper', 'narrow'].slice(0, 1 + (k % 3 === 0 ? 1 : 0)) } })
    }
    // Three thousand different id counts: no new statement per count (an IN list per count made one each).
    expect(store.cachedStatements - before).toBeLessThanOrEqual(3)
  })
})
