import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WorkbenchEvent } from '../../src-shared/api/contract'
import type { RunDetail, RunSummary } from '../../src-shared/api/runs'
import { experimentSpecSchema } from '../../src-shared/api/spec'
import { normalizeSpec } from '../../src-shared/experiment/normalize'
import { createServices, type Services } from '../../src-main/services'
import { openDatabase } from '../../src-main/store/database'
import { RunStore } from '../../src-main/store/runStore'
import { tempDir } from '../cli/runCli'

let s: Services
let dbPath: string
const events: WorkbenchEvent[] = []

async function call<T>(method: string, request: unknown): Promise<T> {
  const r = await s.dispatch(method, request)
  if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`)
  return r.value as T
}

beforeAll(() => {
  dbPath = join(tempDir(), 'runs.db')
  s = createServices({ databasePath: dbPath, transport: 'cli', experimentWorkers: 1, cancelGraceMs: 1000 })
  s.events.on((e) => events.push(e))
})
afterAll(() => s.close())

describe('experiments through the API', () => {
  it('runs a parametric experiment in a worker, streaming status and epochs, and stores it', async () => {
    const created = await call<RunSummary>('createExperiment', { data: { preset: 'd2l-oldest', seed: 3 }, mode: 'parametric', training: { epochs: 7 } })
    expect(created.status).toBe('queued')
    const final = await s.runner.waitFor(created.id)
    expect(final.status).toBe('done')
    const mine = events.filter((e) => 'runId' in e && e.runId === created.id)
    const statuses = mine.filter((e) => e.type === 'run.status').map((e) => (e as { status: string }).status)
    expect(statuses).toEqual(['queued', 'running', 'done'])
    const epochs = mine.flatMap((e) => (e.type === 'run.progress' ? e.records.map((r) => r.epoch) : []))
    expect(epochs).toEqual([1, 2, 3, 4, 5, 6, 7])
    const d = await call<RunDetail>('getExperiment', { id: created.id })
    expect(d.epochs).toHaveLength(7)
    // Every progress event carries the starting w the run stores, so a replay shows epoch 0 while it trains.
    const progress = mine.filter((e) => e.type === 'run.progress')
    expect(progress.length).toBeGreaterThan(0)
    for (const e of progress) expect((e as { w0?: number }).w0).toBe(d.training!.w0)
    expect(d.arrays!.yHat).toHaveLength(50)
    expect(d.metrics.testMse).toBeGreaterThan(0)
  })

  it('refuses a sigma below the floor, saying why (every Gaussian weight underflowed, reported as "no key within reach")', async () => {
    await expect(call('createExperiment', { data: { preset: 'd2l-oldest', seed: 1 }, kernel: 'gaussian', sigma: 1e-320 })).rejects.toThrow(/sigma.*must be at least 1e-100 \(below it, squared distances over sigma\^2 overflow\)/)
    await expect(call('createExperiment', { data: { preset: 'd2l-oldest', seed: 1 }, kernel: 'gaussian', sigma: 0 })).rejects.toThrow(/sigma/)
  })

  it('cancels a long training promptly and keeps its partial loss curve', async () => {
    const created = await call<RunSummary>('createExperiment', {
      data: { fn: 'sin', n: 2000, noiseSd: 0.3, seed: 1 },
      mode: 'parametric',
      training: { epochs: 100_000, lr: 0.01 },
    })
    // Wait until some epochs have arrived, then cancel.
    for (let i = 0; i < 400; i++) {
      if (events.some((e) => e.type === 'run.progress' && e.runId === created.id && e.epoch >= 2)) break
      await new Promise((r) => setTimeout(r, 25))
    }
    const t0 = Date.now()
    const r = await call<RunSummary>('cancelExperiment', { id: created.id })
    expect(Date.now() - t0).toBeLessThan(1500)
    expect(r.status).toBe('cancelled')
    expect(r.epochsDone).toBeGreaterThanOrEqual(2)
    const d = await call<RunDetail>('getExperiment', { id: created.id, arrays: false })
    expect(d.epochs.length).toBe(r.epochsDone)
    expect(d.epochs[0]!.epoch).toBe(1)
  })

  it('reports a long fit chunk by chunk, and cancels it between chunks', async () => {
    const created = await call<RunSummary>('createExperiment', { data: { fn: 'sin', n: 400_000, noiseSd: 0.3, seed: 5, queryStep: 0.000005 }, kernel: 'tricube', sigma: 0.5 })
    for (let i = 0; i < 600; i++) {
      if (events.some((e) => e.type === 'run.stage' && e.runId === created.id && e.stage === 'fit' && e.done > 0 && e.done < e.total)) break
      await new Promise((r) => setTimeout(r, 25))
    }
    const fits = events.filter((e) => e.type === 'run.stage' && e.runId === created.id && e.stage === 'fit') as { done: number; total: number }[]
    expect(fits.some((e) => e.done > 0 && e.done < e.total)).toBe(true)
    expect(fits[0]!.total).toBe(1_000_000)
    const r = await call<RunSummary>('cancelExperiment', { id: created.id })
    expect(r.status).toBe('cancelled')
  })

  it('names a run whose σ a rule chose by the value it gave, rounded, once it has it (issue 10)', async () => {
    const data = { fn: 'sin', n: 300, seed: 4 }
    const created = await call<RunSummary>('createExperiment', { data, sigma: { rule: 'scott' } })
    expect(created.name).toMatch(/σ by Scott's rule/)
    const final = await s.runner.waitFor(created.id)
    expect(final.sigmaRule).toBe('scott')
    expect(final.name).toBe(`Gaussian, σ = ${Number(final.sigma!.toPrecision(3))} (Scott's rule) on sin, n = 300, sd 0.5 (seed 4)`)
    // A name the user gave stays as given.
    const mine = await call<RunSummary>('createExperiment', { data, sigma: { rule: 'scott' }, name: 'my scott run' })
    expect((await s.runner.waitFor(mine.id)).name).toBe('my scott run')
  })

  it('records a failed run with an error a researcher can read', async () => {
    const created = await call<RunSummary>('createExperiment', {
      data: { xTrain: [1, 1, 1], yTrain: [1, 2, 3], xQuery: [1] },
      sigma: { rule: 'silverman' },
    })
    const final = await s.runner.waitFor(created.id)
    expect(final.status).toBe('failed')
    expect(final.error!.message).toMatch(/all training inputs are equal/)
  })

  it('keeps a result while another process holds the database, and saves it without stalling the event loop', async () => {
    // A training long enough to be running when another process (a command-line run saving a large run, say)
    // takes the write lock, and holds it for longer than any busy timeout.
    const created = await call<RunSummary>('createExperiment', { data: { fn: 'sin', n: 2000, seed: 12 }, mode: 'parametric', training: { epochs: 400, lr: 0.01 } })
    for (let i = 0; i < 400 && s.store.summary(created.id).status !== 'running'; i++) await new Promise((r) => setTimeout(r, 10))
    const other = new Database(dbPath)
    other.exec('BEGIN IMMEDIATE')
    let ticks = 0
    const timer = setInterval(() => ticks++, 20)
    try {
      await new Promise((r) => setTimeout(r, 6000))
      // Computed, waiting to be written: not lost, not failed, and the event loop kept serving all along.
      expect(s.store.summary(created.id).status).toBe('running')
      expect(ticks).toBeGreaterThan(150)
      expect((await s.dispatch('appInfo', {})).ok).toBe(true)
      other.exec('COMMIT')
      const final = await s.runner.waitFor(created.id)
      expect(final.status).toBe('done')
      expect(final.epochsDone).toBe(400)
      expect(s.store.epochs(created.id)).toHaveLength(400)
    } finally {
      clearInterval(timer)
      if (other.inTransaction) other.exec('ROLLBACK')
      other.close()
    }
  }, 30_000)

  it('refuses to cancel a run another process is computing, with a message saying so', async () => {
    // Another process on the same database file.
    const other = new RunStore(openDatabase(dbPath), 'v', 'otherhost:1')
    other.createQueued('othr00000001', normalizeSpec(experimentSpecSchema.parse({ data: { preset: 'd2l-oldest', seed: 1 } })), Date.now())
    const r = await s.dispatch('cancelExperiment', { id: 'othr00000001' })
    expect(r).toEqual({ ok: false, error: { name: 'InputError', message: expect.stringMatching(/being computed by another nw-workbench process/) } })
  })

  it('computes heatmaps, bandwidth suggestions and previews on the interactive worker', async () => {
    const created = await call<RunSummary>('createExperiment', { data: { preset: 'd2l-newest', seed: 2 }, kernel: 'epanechnikov', sigma: 0.7 })
    await s.runner.waitFor(created.id)
    const h = await call<{ rows: number; cols: number; values: number[] }>('experimentHeatmap', { id: created.id, rows: 10, cols: 8 })
    expect([h.rows, h.cols, h.values.length]).toEqual([10, 8, 80])
    const trained = await s.dispatch('experimentHeatmap', { id: created.id, model: 'trained' })
    expect(trained).toEqual({ ok: false, error: { name: 'InputError', message: `run ${created.id} has no trained model` } })
    const sug = await call<{ method: string; sigma: number }[]>('suggestBandwidth', { data: { preset: 'd2l-newest', seed: 2 }, kernel: 'gaussian' })
    expect(sug.map((x) => x.method)).toEqual(['loo-cv', 'silverman', 'scott'])
    sug.forEach((x) => expect(x.sigma).toBeGreaterThan(0))
    const p = await call<{ xTrain: number[]; thinned: boolean }>('previewData', { data: { fn: 'sin', n: 5000, seed: 1 }, maxPoints: 100 })
    expect(p.xTrain).toHaveLength(100)
    expect(p.thinned).toBe(true)
  })

  it('cancels a search that a newer one from the same tab makes moot, and never one from another tab', async () => {
    const big = { data: { fn: 'sin', n: 300_000, seed: 1 }, kernel: 'gaussian', methods: ['loo-cv'] }
    const slow = s.dispatch('suggestBandwidth', big, { client: 'tab:a' })
    await new Promise((r) => setTimeout(r, 150))
    const t0 = Date.now()
    const fresh = await s.dispatch('suggestBandwidth', { data: { preset: 'd2l-oldest', seed: 1 }, kernel: 'gaussian', methods: ['loo-cv'] }, { client: 'tab:a' })
    expect(fresh.ok).toBe(true)
    expect(await slow).toEqual({ ok: false, error: { name: 'InputError', message: 'superseded by a newer request' } })
    // The new request did not wait for the old search to finish.
    expect(Date.now() - t0).toBeLessThan(8000)
    // Another tab's request is not this tab's business.
    const mine = s.dispatch('suggestBandwidth', { data: { fn: 'sin', n: 20_000, seed: 2 }, kernel: 'gaussian', methods: ['loo-cv'] }, { client: 'tab:b' })
    const theirs = await s.dispatch('suggestBandwidth', { data: { preset: 'd2l-oldest', seed: 2 }, kernel: 'gaussian', methods: ['loo-cv'] }, { client: 'tab:c' })
    expect(theirs.ok).toBe(true)
    expect((await mine).ok).toBe(true)
  })

  it('answers rules of thumb and heatmaps while a long search runs: they never queue behind it', async () => {
    const created = await call<RunSummary>('createExperiment', { data: { preset: 'd2l-newest', seed: 5 }, kernel: 'gaussian', sigma: 0.4 })
    await s.runner.waitFor(created.id)
    let searchDone = false
    const search = s.dispatch('suggestBandwidth', { data: { fn: 'sin', n: 300_000, seed: 3 }, kernel: 'gaussian', methods: ['loo-cv'] }, { client: 'tab:search' })
    void search.then(() => (searchDone = true))
    await new Promise((r) => setTimeout(r, 150))
    const rules = await call<{ method: string; sigma: number }[]>('suggestBandwidth', { data: { fn: 'sin', n: 300_000, seed: 3 }, kernel: 'gaussian', methods: ['silverman', 'scott', 'silverman'] })
    expect(rules.map((r) => r.method)).toEqual(['silverman', 'scott'])
    await call('experimentHeatmap', { id: created.id, rows: 20, cols: 20 })
    // Answered while the search still runs: nothing queued behind it.
    expect(searchDone).toBe(false)
    expect((await search).ok).toBe(true)
  }, 60_000)

  it('lists, renames, tags, annotates, deletes and restores', async () => {
    const a = await call<RunSummary>('createExperiment', { name: 'alpha', data: { preset: 'd2l-oldest', seed: 9 }, tags: ['keep'] })
    await s.runner.waitFor(a.id)
    expect((await call<RunSummary>('renameExperiment', { id: a.id, name: 'beta' })).name).toBe('beta')
    expect((await call<RunSummary>('tagExperiment', { id: a.id, add: ['x'] })).tags).toEqual(['keep', 'x'])
    expect((await call<RunSummary>('annotateExperiment', { id: a.id, notes: 'n' })).notes).toBe('n')
    const page = await call<{ runs: RunSummary[]; total: number }>('listExperiments', { filter: { tags: ['keep'] } })
    expect(page.runs.map((r) => r.id)).toEqual([a.id])
    expect(await call('deleteExperiments', { ids: [a.id] })).toEqual({ deleted: 1 })
    expect((await s.dispatch('getExperiment', { id: a.id })).ok).toBe(false)
    expect(await call('restoreExperiments', { ids: [a.id] })).toEqual({ restored: 1 })
    expect(events.some((e) => e.type === 'runs.changed' && e.ids.includes(a.id))).toBe(true)
  })

  it('answers a bad request with a ValidationError naming the field, and never reaches a handler', async () => {
    const r = await s.dispatch('createExperiment', { data: { preset: 'd2l-oldest', seed: 1.5 } })
    expect(r).toEqual({ ok: false, error: { name: 'ValidationError', message: expect.stringMatching(/^data\.seed: /) } })
    expect(await s.dispatch('dropTables', {})).toEqual({ ok: false, error: { name: 'ValidationError', message: 'unknown API method "dropTables"' } })
    const missing = await s.dispatch('getExperiment', { id: 'nosuchrun000' })
    expect(missing).toEqual({ ok: false, error: { name: 'NotFoundError', message: 'no run with id nosuchrun000' } })
  })
})
