import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StudySummary } from '../../src-shared/api/studies'
import { EXERCISES } from '../../src-shared/study/exercises/definitions'
import type { ParzenResult, UnitSphereResult } from '../../src-shared/study/exercises/types'
import { createServices, type Services } from '../../src-main/services'
import { tempDir } from '../cli/runCli'

/**
 * Exercises 1 and 3 as studies (issue 14, with the vector inputs of issue
 * 13): the Parzen-window sign against NW's decision, counted; distance
 * against dot-product weights on the unit circle and off it.
 */
let s: Services

async function call<T>(method: string, request: unknown): Promise<T> {
  const r = await s.dispatch(method, request)
  if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`)
  return r.value as T
}

async function runExercise<T>(id: 'parzen' | 'unit-sphere', seed: number): Promise<T> {
  const ex = EXERCISES.find((e) => e.id === id)!
  const created = await call<StudySummary>('createStudy', { study: ex.study(seed), exercise: id })
  const study = await s.studies.waitFor(created.id)
  expect(study).toMatchObject({ status: 'done', failed: 0 })
  return call<T>('studyExercise', { id: created.id })
}

beforeAll(() => {
  s = createServices({ databasePath: join(tempDir(), 'runs.db'), transport: 'cli', experimentWorkers: 2 })
})
afterAll(() => s.close())

describe('exercise 1: Parzen windows and NW classification', () => {
  it('agree at every point where both decide, for every kernel, and the figure is the Gaussian run’s decision regions', async () => {
    const r = await runExercise<ParzenResult>('parzen', 3)
    expect(r.complete).toBe(true)
    expect(r.rows.map((x) => x.kernel).sort()).toEqual(['epanechnikov', 'gaussian', 'quartic', 'triangular'])
    for (const row of r.rows) {
      expect(row.points).toBe(60 * 60 + 60)
      expect(row.agree).toBe(row.compared)
      expect(row.compared + row.undefinedOrTied).toBe(row.points)
    }
    // The Gaussian reaches everywhere: nothing undefined, every point compared.
    expect(r.rows.find((x) => x.kernel === 'gaussian')!.compared).toBe(3660)
    expect(r.answer).toMatch(/^The sign of the Parzen-window difference .* equals the Nadaraya-Watson decision at [\d,]+ of [\d,]+ points .*: always/)
    expect(r.view!.surface!.classes).toHaveLength(3600)
    // Not a vacuous agreement: both classes are decided over the grid.
    expect(new Set(r.view!.surface!.classes)).toEqual(new Set([0, 1]))
  }, 120_000)
})

describe('exercise 3: the unit sphere and dot-product attention', () => {
  it('gives identical weights on the circle and different ones off it, with the differences printed', async () => {
    const r = await runExercise<UnitSphereResult>('unit-sphere', 2)
    expect(r.complete).toBe(true)
    expect(r.onSphere!).toBeLessThan(1e-12)
    expect(r.fitDifference!).toBeLessThan(1e-12)
    expect(r.offSphere!).toBeGreaterThan(1e-3)
    expect(r.answer).toMatch(/^On the unit circle the distance and dot-product weights agree to \d\.\d\de-\d+ .* Off the circle .* differ by up to \d\.\d\de-\d+/)
    expect(r.row!.angle).toHaveLength(120)
  }, 120_000)
})
