import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunDetail } from '../../src-shared/api/runs'
import type { StudyDetail, StudySummary } from '../../src-shared/api/studies'
import { consistencySizes, consistencyStudy } from '../../src-shared/study/exercises/definitions'
import type { ConsistencyResult } from '../../src-shared/study/exercises/types'
import { createServices, type Services } from '../../src-main/services'
import { tempDir } from '../cli/runCli'

/**
 * Exercise 4 at d = 1..4, run as the gallery runs it (a study through the
 * worker pool), on a smaller n range than the gallery's so it fits a CI
 * budget: n = 100 to 1,000 at every d (the gallery goes to 10^5 at d = 1 and
 * 10^3.5 at d = 4), four sizes a decade, six replicates.
 */

let s: Services

async function call<T>(method: string, request: unknown): Promise<T> {
  const r = await s.dispatch(method, request)
  if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`)
  return r.value as T
}

beforeAll(() => {
  s = createServices({ databasePath: join(tempDir(), 'runs.db'), transport: 'cli', experimentWorkers: 2 })
})
afterAll(() => s.close())

/** Mean squared leave-one-out error of the isotropic Gaussian NW estimator, summed plainly over every pair (no engine code). */
function plainLooScore(x: number[], y: number[], d: number, sigma: number): number {
  const n = y.length
  let total = 0
  for (let i = 0; i < n; i++) {
    let num = 0
    let den = 0
    for (let j = 0; j < n; j++) {
      if (j === i) continue
      let s2 = 0
      for (let l = 0; l < d; l++) s2 += (x[i * d + l]! - x[j * d + l]!) ** 2
      const k = Math.exp(-s2 / (2 * sigma * sigma))
      num += k * y[j]!
      den += k
    }
    total += (y[i]! - num / den) ** 2
  }
  return total / n
}

describe('exercise 4 at d = 1..4', () => {
  // Fixed before this test first ran and never used while the study was designed
  // (that used seeds 1, 7, 1000-1005 and 2000-2005): data not seen before.
  const HELD_OUT_SEED = 271828
  const PLAN = [1, 2, 3, 4].map((d) => ({ d, maxN: 1000 }))

  it("each d's slope of the leave-one-out sigma against n has a 95% interval holding theory's -1/(4 + d); a plain grid search finds the same sigma", async () => {
    const created = await call<StudySummary>('createStudy', { study: consistencyStudy(HELD_OUT_SEED, PLAN, 6, 3), exercise: 'consistency' })
    const study = await s.studies.waitFor(created.id)
    expect(study).toMatchObject({ status: 'done', failed: 0 })
    const result = await call<ConsistencyResult>('studyExercise', { id: created.id })
    expect(result.complete).toBe(true)
    expect(result.dims.map((x) => x.d)).toEqual([1, 2, 3, 4])
    for (const x of result.dims) {
      expect(x.byN.map((b) => b.n)).toEqual(consistencySizes(1000, 3))
      expect(x.sigmaSlope!.replicates).toBe(6)
      const [lo, hi] = x.sigmaSlope!.ci95
      console.log(`d = ${x.d}, seed ${HELD_OUT_SEED}: sigma* slope ${x.sigmaSlope!.slope.toFixed(4)} (95% CI ${lo.toFixed(4)} to ${hi.toFixed(4)}; theory ${x.theorySigmaSlope.toFixed(4)}); test MSE slope ${x.mseSlope!.slope.toFixed(4)} (theory ${x.theoryMseSlope.toFixed(4)})`)
      expect(lo).toBeLessThanOrEqual(-1 / (4 + x.d))
      expect(hi).toBeGreaterThanOrEqual(-1 / (4 + x.d))
      expect(x.mseSlope!.slope).toBeLessThan(0)
    }
    expect(result.answer).toContain('one width shared by every coordinate')
    expect(result.answer).toContain('d = 4 (n = 100 to 1,000)')

    // Independently of the engine: at n = 100, each d's stored sigma is where a plain dense grid over sigma finds the minimum.
    const detail = await call<StudyDetail>('getStudy', { id: created.id })
    for (const cell of detail.cells.filter((c) => (c.params.data as { n: number }).n === 100)) {
      const run = await call<RunDetail>('getExperiment', { id: cell.runIds[0], arrays: true })
      const d = run.vector!.d
      const stored = run.vector!.sigma![0]!
      expect(new Set(run.vector!.sigma).size).toBe(1)
      const x = run.arrays!.xTrain
      const y = run.arrays!.yTrain
      let best = { sigma: 0, score: Infinity }
      for (let k = -200; k <= 200; k++) {
        const sigma = stored * Math.exp(k * 0.0025)
        const score = plainLooScore(x, y, d, sigma)
        if (score < best.score) best = { sigma, score }
      }
      expect(Math.abs(Math.log(best.sigma / stored))).toBeLessThan(0.01)
      expect(plainLooScore(x, y, d, stored)).toBeLessThanOrEqual(best.score * (1 + 1e-6))
    }
  }, 180_000)
})
