import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Bundle } from '../../src-shared/api/bundle'
import type { WorkbenchEvent } from '../../src-shared/api/contract'
import type { RunSummary } from '../../src-shared/api/runs'
import { experimentSpecSchema, type ExperimentSpecInput } from '../../src-shared/api/spec'
import { runExperiment } from '../../src-shared/experiment/execute'
import { normalizeSpec } from '../../src-shared/experiment/normalize'
import { materializeVectorData } from '../../src-shared/experiment/vectorData'
import { createServices, type Services } from '../../src-main/services'
import { ARRAY_NAMES } from '../../src-main/store/runStore'
import { cli, tempDir } from '../cli/runCli'

/**
 * Parametric vector runs (a width vector trained by SGD, from a spec)
 * through the whole path: the API, a worker, the store (the learned w and
 * the curve bit-exact), a bundle to another database, and `nw-workbench run
 * --spec`, which learns the same bits as `train --per-coordinate`.
 */
let a: Services
let b: Services

async function call<T>(s: Services, method: string, request: unknown): Promise<T> {
  const r = await s.dispatch(method, request)
  if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`)
  return r.value as T
}

const hex = (v: ArrayLike<number>) => Buffer.from(Float64Array.from(v).buffer).toString('hex')

function bytes(s: Services, id: string): Record<string, string> {
  return Object.fromEntries(Object.entries(s.store.arrays(id, ARRAY_NAMES)).map(([k, v]) => [k, hex(v!)]))
}

const SPEC: ExperimentSpecInput = {
  name: 'noise coordinate',
  data: { vectorFn: 'first-only', d: 2, n: 120, noiseSd: 0.3, xMin: 0, xMax: 5, queryCount: 30, seed: 12 },
  mode: 'parametric',
  training: { w0: 1, lr: 5, epochs: 40, loss: 'mean-half', batchSize: 40, seed: 3 },
}

beforeAll(() => {
  a = createServices({ databasePath: join(tempDir(), 'a.db'), transport: 'cli', experimentWorkers: 1 })
  b = createServices({ databasePath: join(tempDir(), 'b.db'), transport: 'cli', experimentWorkers: 1 })
})
afterAll(async () => {
  await a.close()
  await b.close()
})

describe('a parametric vector run through the API and the store', () => {
  let id = ''
  beforeAll(async () => {
    id = (await call<RunSummary>(a, 'createExperiment', SPEC)).id
    await a.runner.waitFor(id)
  }, 60_000)

  it('is saved like other runs: the loss per epoch, the learned w bit-exact, its fit and metrics', () => {
    const detail = a.store.detail(id, 'full')
    expect(detail.status, detail.error?.message).toBe('done')
    const o = runExperiment(normalizeSpec(experimentSpecSchema.parse(SPEC)))
    const stored = bytes(a, id)
    expect(stored.yHat).toBe(hex(o.yHat))
    expect(stored.widthLoss).toBe(hex(o.vector!.widthCurve!.loss))
    expect(stored.widthW).toBe(hex(o.vector!.widthCurve!.w))
    expect(hex(detail.vector!.learned!.w)).toBe(hex(o.vector!.info.learned!.w))
    expect(hex(detail.vector!.sigma!)).toBe(hex(o.vector!.info.sigma!))
    expect(detail.epochsDone).toBe(40)
    expect(detail.training).toMatchObject({ lr: 5, epochs: 40, loss: 'mean-half', batchSize: 40, seed: 3 })
    expect(detail.widthEpochs).toHaveLength(40)
    expect(detail.widthEpochs![39]!.w).toEqual(detail.vector!.learned!.w)
    expect(detail.widthEpochs![0]!.loss).toBe(o.vector!.widthCurve!.loss[0])
    expect(detail.metrics.trainLoss).toBe(o.metrics.trainLoss)
    expect(detail.metrics.testMse).toBe(o.metrics.testMse)
    expect(detail.complete).toBe(true)
    expect(detail.name).toBe('noise coordinate')
    // The noise coordinate's w falls from 1.
    expect(Math.abs(detail.vector!.learned!.w[1]!)).toBeLessThan(0.6)
  })

  it('travels in a bundle to another database and comes back bit-exact', async () => {
    const bundle = await call<Bundle>(a, 'exportBundle', { ids: [id] })
    expect(Object.keys(bundle.runs[0]!.arrays)).toEqual(expect.arrayContaining(['widthLoss', 'widthW']))
    expect(bundle.runs[0]!.result.epochsDone).toBe(40)
    expect(await call(b, 'importBundle', { bundle: JSON.parse(JSON.stringify(bundle)) })).toEqual({ imported: [id], skipped: [] })
    expect(bytes(b, id)).toEqual(bytes(a, id))
    expect(b.store.detail(id, 'full')).toEqual(a.store.detail(id, 'full'))

    const lost = structuredClone(bundle)
    lost.runs[0]!.id = 'zzzznolearned'
    lost.runs[0]!.result.vector!.learned = null
    await expect(call(b, 'importBundle', { bundle: lost })).rejects.toThrow(/bundle run zzzznolearned: result\.vector\.learned\.w: must be 2 finite numbers/)
    const short = structuredClone(bundle)
    short.runs[0]!.id = 'zzzzshortcurve'
    short.runs[0]!.arrays.widthW = Buffer.from(new Float64Array(79).buffer).toString('base64')
    await expect(call(b, 'importBundle', { bundle: short })).rejects.toThrow(/bundle run zzzzshortcurve: arrays\.widthW: has 79 values, not whole rows of 2/)
  })

  it('refuses a bad spec at the API with the field named', async () => {
    await expect(call(a, 'createExperiment', { ...SPEC, estimator: 'local-linear' })).rejects.toThrow(/estimator: parametric attention trains Nadaraya-Watson weights/)
  })
})

describe('a parametric vector run while it trains, and cancelled', () => {
  it('streams its epochs (w per coordinate) and keeps its partial curve and last w, bit-exact, when cancelled', async () => {
    const events: WorkbenchEvent[] = []
    const off = a.events.on((e) => events.push(e))
    const long: ExperimentSpecInput = {
      name: 'long vector training',
      data: { vectorFn: 'first-only', d: 2, n: 1500, noiseSd: 0.3, xMin: 0, xMax: 5, queryCount: 30, seed: 4 },
      mode: 'parametric',
      training: { w0: 1, lr: 0.5, epochs: 100_000, loss: 'mean-half', seed: 8 },
    }
    const created = await call<RunSummary>(a, 'createExperiment', long)
    const progress = () => events.filter((e): e is Extract<WorkbenchEvent, { type: 'run.progress' }> => e.type === 'run.progress' && e.runId === created.id)
    // Past the worker's first append to the store (about a second in) and a few epochs beyond it, so the
    // cancel appends to a curve already stored.
    for (let i = 0; i < 2400 && a.store.summary(created.id).epochsDone === 0; i++) await new Promise((r) => setTimeout(r, 25))
    const appended = a.store.summary(created.id).epochsDone
    expect(appended).toBeGreaterThan(0)
    for (let i = 0; i < 800 && !progress().some((e) => e.epoch >= appended + 3); i++) await new Promise((r) => setTimeout(r, 25))
    const r = await call<RunSummary>(a, 'cancelExperiment', { id: created.id })
    off()
    expect(r.status).toBe('cancelled')
    const k = r.epochsDone
    expect(k).toBeGreaterThanOrEqual(appended + 3)

    // Live: every epoch reached main in order, each with a w per coordinate.
    const live = progress().flatMap((e) => e.records)
    expect(live.map((e) => e.epoch)).toEqual(Array.from({ length: live.length }, (_, j) => j + 1))
    expect(live.every((e) => Array.isArray(e.w) && e.w.length === 2)).toBe(true)

    // Stored: the first k epochs of the same training run to k epochs, bit for bit (the generator stream is the same).
    const ref = runExperiment(normalizeSpec(experimentSpecSchema.parse({ ...long, training: { ...long.training, epochs: k } })))
    const stored = bytes(a, created.id)
    expect(stored.widthLoss).toBe(hex(ref.vector!.widthCurve!.loss))
    expect(stored.widthW).toBe(hex(ref.vector!.widthCurve!.w))
    const detail = a.store.detail(created.id, false)
    expect(detail.widthEpochs).toHaveLength(k)
    expect(hex(detail.vector!.learned!.w)).toBe(hex(ref.vector!.info.learned!.w))
    expect(detail.vector!.learned!.w0).toEqual([1, 1])
    // The scalar columns stay empty: a width vector is no scalar w, and the spec's default σ is no width of it.
    expect(detail.w).toBeNull()
    expect(detail.sigma).toBeNull()
    expect(detail.sigmaEff).toBeNull()
    // And it travels in a bundle like a finished one.
    const bundle = await call<Bundle>(a, 'exportBundle', { ids: [created.id] })
    expect(await call(b, 'importBundle', { bundle: JSON.parse(JSON.stringify(bundle)) })).toEqual({ imported: [created.id], skipped: [] })
    expect(bytes(b, created.id)).toEqual(stored)
    expect(b.store.detail(created.id, false).widthEpochs).toEqual(detail.widthEpochs)
  }, 60_000)
})

describe('the library sorted by w', () => {
  it('puts vector runs (no scalar w) after every scalar w, in either direction', async () => {
    const scalar = await Promise.all(
      [0.5, 3].map(async (w0) => (await call<RunSummary>(a, 'createExperiment', { data: { preset: 'd2l-oldest', seed: 3 }, mode: 'parametric', training: { w0, epochs: 2 } })).id),
    )
    for (const id of scalar) await a.runner.waitFor(id)
    for (const dir of ['asc', 'desc'] as const) {
      const page = await call<{ runs: RunSummary[] }>(a, 'listExperiments', { sort: { by: 'w', dir } })
      const kinds = page.runs.map((r) => (r.vector ? 'vector' : r.w === null ? 'none' : 'scalar'))
      expect(kinds.slice(0, 2)).toEqual(['scalar', 'scalar'])
      expect(kinds.slice(2).every((k) => k !== 'scalar')).toBe(true)
      expect(kinds).toContain('vector')
      const w = page.runs.slice(0, 2).map((r) => r.w!)
      expect(dir === 'asc' ? w[0]! <= w[1]! : w[0]! >= w[1]!).toBe(true)
    }
  }, 60_000)
})

describe('nw-workbench run --spec with a trained width vector', () => {
  it('learns the same bits as train --per-coordinate with the same choices, and show --json prints w as arrays', async () => {
    const dir = tempDir()
    const data = materializeVectorData(normalizeSpec(experimentSpecSchema.parse(SPEC)).data as never)
    const rows = ['a,b,y']
    for (let j = 0; j < data.yTrain.length; j++) rows.push(`${data.xTrain[2 * j]},${data.xTrain[2 * j + 1]},${data.yTrain[j]}`)
    writeFileSync(join(dir, 'train.csv'), rows.join('\n') + '\n')
    writeFileSync(join(dir, 'query.csv'), 'a,b\n1,2\n3,4\n')
    const training = { w0: 1, lr: 0.5, epochs: 6, loss: 'mean-half', batchSize: 50, seed: 9, standardize: true }
    writeFileSync(join(dir, 'spec.json'), JSON.stringify({ data: { trainFile: 'train.csv', queryFile: 'query.csv', features: ['a', 'b'], target: 'y' }, mode: 'parametric', training }))
    const db = ['--db', join(dir, 'w.db')]
    const r = await cli(dir, 'run', '--spec', 'spec.json', ...db, '--json')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const run = JSON.parse(r.stdout) as { id: string; w: number[]; epochs: { epoch: number; loss: number; w: number[] }[]; yHat: number[] }
    const t = await cli(dir, 'train', '--train', 'train.csv', '--query', 'query.csv', '--features', 'a,b', '--per-coordinate', '--w0', '1', '--lr', '0.5', '--epochs', '6', '--loss', 'mean-half', '--batch-size', '50', '--seed', '9', '--standardize', '--json')
    expect(t.code).toBe(0)
    const trained = JSON.parse(t.stdout) as { w: number[]; epochs: { loss: number; w: number[] }[]; yHat: number[] }
    expect(hex(run.w)).toBe(hex(trained.w))
    expect(run.epochs.map((e) => e.loss)).toEqual(trained.epochs.map((e) => e.loss))
    expect(run.epochs[5]!.w).toEqual(trained.w)
    expect(hex(run.yHat)).toBe(hex(trained.yHat))

    const shown = await cli(dir, 'show', run.id, ...db, '--json')
    expect(JSON.parse(shown.stdout)).toMatchObject({ mode: 'parametric', w: run.w, epochs: run.epochs, vector: { learned: { w: run.w } } })

    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ data: { trainFile: 'train.csv', queryFile: 'query.csv', features: ['a', 'b'], target: 'y' }, mode: 'parametric', sigma: [1, 2] }))
    const bad = await cli(dir, 'run', '--spec', 'bad.json', ...db)
    expect(bad.code).toBe(2)
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)
    expect(bad.stderr).toMatch(/sigma: a trained run learns its widths/)
  }, 60_000)
})
