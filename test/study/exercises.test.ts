import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunDetail } from '../../src-shared/api/runs'
import type { ExerciseResult, StudyDetail, StudySummary } from '../../src-shared/api/studies'
import { consistencyStudy, EXERCISES } from '../../src-shared/study/exercises/definitions'
import type { ConsistencyResult, WidthsResult } from '../../src-shared/study/exercises/types'
import { REFERENCE_TOLERANCE, SETTLED_CHANGE } from '../../src-shared/study/exercises/widths'
import { createServices, type Services } from '../../src-main/services'
import { tempDir } from '../cli/runCli'

let s: Services

async function call<T>(method: string, request: unknown): Promise<T> {
  const r = await s.dispatch(method, request)
  if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`)
  return r.value as T
}

async function runExercise<T extends ExerciseResult>(id: 'learning-widths' | 'consistency', seed: number): Promise<{ study: StudySummary; result: T }> {
  const ex = EXERCISES.find((e) => e.id === id)!
  const created = await call<StudySummary>('createStudy', { study: ex.study(seed), exercise: id })
  const study = await s.studies.waitFor(created.id)
  expect(study).toMatchObject({ status: 'done', failed: 0 })
  return { study, result: await call<T>('studyExercise', { id: created.id }) }
}

beforeAll(() => {
  s = createServices({ databasePath: join(tempDir(), 'runs.db'), transport: 'cli', experimentWorkers: 2 })
})
afterAll(() => s.close())

/** Mean squared leave-one-out error of the parametric model at w, summed plainly over every pair (no engine code). */
function plainLooScore(x: number[], y: number[], w: number): number {
  let total = 0
  for (let i = 0; i < x.length; i++) {
    let num = 0
    let den = 0
    for (let j = 0; j < x.length; j++) {
      if (j === i) continue
      const k = Math.exp(-(((x[i]! - x[j]!) * w) ** 2) / 2)
      num += k * y[j]!
      den += k
    }
    total += (y[i]! - num / den) ** 2
  }
  return total / x.length
}

describe('exercise 2: learning widths with and without leave-one-out', () => {
  it('without it w runs away while the training loss falls and the test error rises; with it w settles at the leave-one-out optimum', async () => {
    const { study, result } = await runExercise<WidthsResult>('learning-widths', 7)
    expect(result.complete).toBe(true)
    const loo = result.groups.find((g) => g.loo)!
    const no = result.groups.find((g) => !g.loo)!
    expect(loo.replicates).toBe(8)
    expect(no.replicates).toBe(8)
    // Without leave-one-out: w still rising at the end in every replicate, loss down, test MSE up.
    expect(no.risingAtEnd).toBe(true)
    expect(no.lossEnd.mean!).toBeLessThan(no.lossStart.mean!)
    expect(no.testMseEnd.mean!).toBeGreaterThan(no.testMseStart.mean!)
    expect(no.finalW.mean!).toBeGreaterThan(2 * loo.finalW.mean!)
    // With it: settled (the stated tolerance), and at 1/sigma* of leave-one-out cross-validation within 1%.
    expect(loo.lateChangePerEpoch).toBeLessThan(SETTLED_CHANGE)
    expect(loo.reference!.worstRelativeGap).toBeLessThanOrEqual(REFERENCE_TOLERANCE)
    expect(result.answer).toContain('With leave-one-out, w settles at')
    expect(result.answer).toContain('within 1% of 1/σ*')
    // Independently of the engine: each settled w is a minimum of the plainly summed leave-one-out score.
    const d = await call<StudyDetail>('getStudy', { id: study.id })
    const looCell = d.cells.find((c) => c.params['training.loo'] === true)!
    for (const id of looCell.runIds) {
      const run = await call<RunDetail>('getExperiment', { id })
      const x = run.arrays!.xTrain
      const y = run.arrays!.yTrain
      const w = Math.abs(run.w!)
      const at = plainLooScore(x, y, w)
      expect(at).toBeLessThanOrEqual(plainLooScore(x, y, w * 0.99))
      expect(at).toBeLessThanOrEqual(plainLooScore(x, y, w * 1.01))
    }
  }, 60_000)
})

describe('exercise 4: consistency, d = 1', () => {
  // A seed fixed before this test first ran and never used while the study and its analysis were designed
  // (those used 1000-1003, 5000-5199 and 101-1212 in steps of 101): data not seen before.
  const HELD_OUT_SEED = 314159

  it('the fitted slope of the leave-one-out sigma against n has a 95% interval holding theory’s -1/5', async () => {
    // d = 1 alone (d = 2..4 are test/study/consistencyDimensions.test.ts, on a smaller n range).
    const created = await call<StudySummary>('createStudy', { study: consistencyStudy(HELD_OUT_SEED, [{ d: 1, maxN: 100_000 }]), exercise: 'consistency' })
    expect(await s.studies.waitFor(created.id)).toMatchObject({ status: 'done', failed: 0 })
    const result = await call<ConsistencyResult>('studyExercise', { id: created.id })
    expect(result.complete).toBe(true)
    expect(result.dims).toHaveLength(1)
    const d1 = result.dims[0]!
    expect(d1.d).toBe(1)
    expect(d1.byN.map((b) => b.n)).toEqual([100, 316, 1000, 3162, 10000, 31623, 100000])
    expect(d1.points).toHaveLength(42)
    const [lo, hi] = d1.sigmaSlope!.ci95
    console.log(`exercise 4, seed ${HELD_OUT_SEED}: sigma* slope ${d1.sigmaSlope!.slope.toFixed(4)} (95% CI ${lo.toFixed(4)} to ${hi.toFixed(4)}); test MSE slope ${d1.mseSlope!.slope.toFixed(4)}`)
    expect(lo).toBeLessThanOrEqual(-0.2)
    expect(hi).toBeGreaterThanOrEqual(-0.2)
    expect(d1.sigmaSlope!.replicates).toBe(6)
    // The test MSE falls with n, and the answer puts it beside theory's -4/5.
    expect(d1.mseSlope!.slope).toBeLessThan(0)
    expect(result.answer).toContain('the test MSE falls as n^')
    expect(result.answer).toContain("beside theory's n^(−4/5) = n^-0.8")
  }, 300_000)
})
