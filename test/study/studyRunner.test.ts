import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WorkbenchEvent } from '../../src-shared/api/contract'
import type { RunDetail, RunPage } from '../../src-shared/api/runs'
import type { StudyDetail, StudyPage, StudySummary } from '../../src-shared/api/studies'
import type { StudyInput } from '../../src-shared/study/studySpec'
import { createServices, type Services } from '../../src-main/services'
import { tempDir } from '../cli/runCli'

let s: Services
const events: WorkbenchEvent[] = []

async function call<T>(method: string, request: unknown): Promise<T> {
  const r = await s.dispatch(method, request)
  if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`)
  return r.value as T
}

beforeAll(() => {
  s = createServices({ databasePath: join(tempDir(), 'runs.db'), transport: 'cli', experimentWorkers: 2, cancelGraceMs: 1000 })
  s.events.on((e) => events.push(e))
})
afterAll(() => s.close())

const GRID: StudyInput = {
  name: 'kernels and widths',
  base: { data: { preset: 'd2l-newest', seed: 3 } },
  axes: { kernel: ['gaussian', 'boxcar'], sigma: { log: [0.1, 1], count: 3 } },
  replicates: 4,
  replicateSeeds: 'data',
}

/** A plain recomputation: mean and sd (n - 1) of the values, skipping nulls. */
function plain(values: (number | null)[]) {
  const v = values.filter((x): x is number => x !== null)
  const mean = v.reduce((a, b) => a + b, 0) / v.length
  const sd = Math.sqrt(v.reduce((a, x) => a + (x - mean) ** 2, 0) / (v.length - 1))
  return { mean, sd, n: v.length }
}

describe('a study through the API', () => {
  let study: StudySummary
  it('runs every cell and replicate on the worker pool, with progress events', async () => {
    study = await call<StudySummary>('createStudy', { study: GRID })
    expect(study.cellCount).toBe(6)
    expect(study.planned).toBe(24)
    const final = await s.studies.waitFor(study.id)
    expect(final).toMatchObject({ status: 'done', done: 24, failed: 0 })
    const progress = events.filter((e) => e.type === 'study.progress' && e.studyId === study.id).map((e) => (e as Extract<WorkbenchEvent, { type: 'study.progress' }>).progress)
    expect(progress[0]).toMatchObject({ status: 'running', sessionTotal: 24, sessionDone: 0 })
    expect(progress[progress.length - 1]).toMatchObject({ status: 'done', done: 24, sessionDone: 24, etaMs: 0 })
  })

  it('aggregates each cell as a plain recomputation from its runs does', async () => {
    const d = await call<StudyDetail>('getStudy', { id: study.id })
    expect(d.metrics).toEqual(expect.arrayContaining(['testMse', 'trainMse', 'sigma']))
    for (const cell of d.cells) {
      expect(cell.runIds).toHaveLength(4)
      const runs = await Promise.all(cell.runIds.map((id) => call<RunDetail>('getExperiment', { id, arrays: false })))
      // Each run is the cell's spec with replicate seeds 3, 4, 5, 6.
      expect(runs.map((r) => r.data.seed)).toEqual([3, 4, 5, 6])
      for (const r of runs) {
        expect(r.kernel).toBe(cell.params.kernel)
        expect(r.sigma).toBe(cell.params.sigma)
      }
      for (const m of ['testMse', 'trainMse', 'looScore'] as const) {
        const p = plain(runs.map((r) => r.metrics[m]))
        const a = cell.metrics[m]!
        expect(a.n).toBe(p.n)
        if (p.n === 0) continue
        expect(a.mean).toBeCloseTo(p.mean, 12)
        if (p.n > 1) expect(a.sd).toBeCloseTo(p.sd, 12)
      }
    }
  })

  it('keeps its runs ordinary runs that name it: the library lists them by study, or without studies', async () => {
    const created = await call<{ id: string }>('createExperiment', { data: { preset: 'd2l-oldest', seed: 1 } })
    await s.runner.waitFor(created.id)
    const inStudy = await call<RunPage>('listExperiments', { filter: { studyId: study.id }, limit: 100 })
    expect(inStudy.total).toBe(24)
    const standalone = await call<RunPage>('listExperiments', { filter: { studyId: null } })
    expect(standalone.runs.map((r) => r.id)).toEqual([created.id])
    const page = await call<StudyPage>('listStudies', {})
    expect(page.studies.map((x) => [x.name, x.done, x.planned])).toEqual([['kernels and widths', 24, 24]])
  })

  it('is extended by the same name with more values or replicates: only the new slots run', async () => {
    const before = await call<StudyDetail>('getStudy', { id: study.id })
    const more = await call<StudySummary>('createStudy', { study: { ...GRID, axes: { ...GRID.axes, kernel: ['gaussian', 'boxcar', 'epanechnikov'] }, replicates: 5 } })
    expect(more.id).toBe(study.id)
    expect(more.planned).toBe(45)
    const final = await s.studies.waitFor(study.id)
    expect(final).toMatchObject({ status: 'done', done: 45 })
    const after = await call<StudyDetail>('getStudy', { id: study.id })
    for (const cell of before.cells) {
      const now = after.cells.find((c) => c.key === cell.key)!
      // The four earlier replicates are the same runs; a fifth was added.
      expect(now.runIds.slice(0, 4)).toEqual(cell.runIds)
      expect(now.runIds).toHaveLength(5)
    }
    expect((await call<RunPage>('listExperiments', { filter: { studyId: study.id } })).total).toBe(45)
  })

  it('refuses the same name with another base, and a bad axis naming its path and value', async () => {
    await expect(call('createStudy', { study: { ...GRID, base: { data: { preset: 'd2l-newest', seed: 4 } } } })).rejects.toThrow(
      'a study named "kernels and widths" already exists with a different base',
    )
    await expect(call('createStudy', { study: { ...GRID, name: 'bad', axes: { sigma: [1, 0] } } })).rejects.toThrow('axis "sigma" = 0 makes an invalid spec')
    await expect(call('createStudy', { study: { ...GRID, name: 'bad', axes: { width: [1] } } })).rejects.toThrow('axis "width" is not a spec field')
  })

  it('cancels promptly, keeps what is done, and resumes with only the rest', async () => {
    const slow: StudyInput = { name: 'slow', base: { data: { fn: 'sin', n: 3000, noiseSd: 0.3, seed: 1 }, sigma: { rule: 'loo-cv' } }, axes: { 'data.seed': { linear: [1, 40], count: 40 } } }
    const created = await call<StudySummary>('createStudy', { study: slow })
    for (let i = 0; i < 400; i++) {
      if (s.studies.progress(created.id)!.sessionDone >= 2) break
      await new Promise((r) => setTimeout(r, 25))
    }
    const cancelled = await call<StudySummary>('cancelStudy', { id: created.id })
    expect(cancelled.status).toBe('cancelled')
    expect(cancelled.done).toBeGreaterThanOrEqual(2)
    expect(cancelled.done).toBeLessThan(40)
    const kept = (await call<StudyDetail>('getStudy', { id: created.id })).cells.flatMap((c) => c.runIds)
    const resumed = await call<StudySummary>('runStudy', { id: created.id })
    expect(resumed.status).toBe('running')
    expect(s.studies.progress(created.id)!.sessionTotal).toBe(40 - cancelled.done)
    expect(await s.studies.waitFor(created.id)).toMatchObject({ status: 'done', done: 40 })
    const all = (await call<StudyDetail>('getStudy', { id: created.id })).cells.flatMap((c) => c.runIds)
    expect(all).toHaveLength(40)
    for (const id of kept) expect(all).toContain(id)
  }, 60_000)

  it('deletes a study with its runs (restorable as runs)', async () => {
    const tiny = await call<StudySummary>('createStudy', { study: { name: 'tiny', base: { data: { preset: 'd2l-newest', seed: 1 } }, axes: { sigma: [0.5, 1] } } })
    await s.studies.waitFor(tiny.id)
    expect(await call('deleteStudies', { ids: [tiny.id] })).toEqual({ deleted: 1, runs: 2 })
    await expect(call('getStudy', { id: tiny.id })).rejects.toThrow(`no study with id ${tiny.id}`)
    expect((await call<StudyPage>('listStudies', {})).studies.map((x) => x.name)).not.toContain('tiny')
  })
})
