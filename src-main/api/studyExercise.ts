import type { ExerciseResult } from '../../src-shared/api/studies'
import { InputError } from '../../src-shared/errors'
import { analyzeConsistency, type ConsistencyRun } from '../../src-shared/study/exercises/consistency'
import { WIDTHS_EPOCHS } from '../../src-shared/study/exercises/definitions'
import type { WidthsRun } from '../../src-shared/study/exercises/widths'
import type { JobPool } from '../jobs/jobKinds'
import { analyzeParzen, analyzeUnitSphere, type ParzenRun, type UnitSphereRun } from '../../src-shared/study/exercises/vectorExercises'
import { computeVectorView, type VectorViewReply } from '../../src-shared/experiment/vectorView'
import type { RunStore } from '../store/runStore'

/**
 * The answer of an exercise study, from its done runs: exercise 2 reads each
 * run's curves and data and replays the test error at every epoch (on the
 * interactive thread: it is a few hundred predictions and a bandwidth search
 * per run); exercise 4 needs only each run's n, sigma (its shared width at
 * d > 1) and test MSE;
 * exercises 1 and 3 recompute their runs' weights and densities (a few
 * thousand points, milliseconds).
 */
export async function exerciseResult(store: RunStore, interactive: JobPool, id: string): Promise<ExerciseResult> {
  const summary = store.studies.summary(id)
  const cellParams = new Map(store.studies.cells(id).map((c) => [c.key, c.params]))
  const done = store.studies.records(id).filter((r) => r.status === 'done' && r.replicate < summary.replicates && cellParams.has(r.cellKey))
  // One run per slot (a slot could hold two done runs after a collect raced a local run).
  const seen = new Set<string>()
  const runs = done.filter((r) => {
    const slot = `${r.replicate}:${r.cellKey}`
    if (seen.has(slot)) return false
    seen.add(slot)
    return true
  })
  if (summary.exercise === 'learning-widths') {
    const input: WidthsRun[] = []
    for (const r of runs) {
      const a = store.arrays(r.id, ['xTrain', 'yTrain', 'xQuery', 'yTruth'])
      const epochs = store.epochs(r.id)
      if (!a.xTrain || !a.yTrain || !a.xQuery || !a.yTruth || epochs.length === 0) continue
      input.push({
        loo: cellParams.get(r.cellKey)!['training.loo'] !== false,
        xTrain: a.xTrain,
        yTrain: a.yTrain,
        xQuery: a.xQuery,
        yTruth: a.yTruth,
        epochLoss: Float64Array.from(epochs, (e) => e.loss),
        epochW: Float64Array.from(epochs, (e) => e.w),
      })
    }
    const base = summary.definition.base as { training?: { epochs?: number } }
    return interactive.run('widthsAnalysis', { runs: input, epochs: base.training?.epochs ?? WIDTHS_EPOCHS, planned: summary.planned }).result
  }
  if (summary.exercise === 'consistency') {
    const input: ConsistencyRun[] = []
    for (const r of runs) {
      const run = store.summary(r.id)
      // d > 1: the run has a width per coordinate, all equal (the isotropic rule); d = 1: its one sigma.
      const sigma = r.values.sigma ?? run.vector?.sigma?.[0] ?? null
      if (sigma === null) continue
      input.push({ params: cellParams.get(r.cellKey)!, replicate: r.replicate, n: run.data.nTrain, sigma, testMse: r.values.testMse })
    }
    const sigma = (summary.definition.base as { sigma?: { heldOut?: unknown } }).sigma
    return analyzeConsistency(input, summary.planned, typeof sigma?.heldOut === 'number' ? sigma.heldOut : undefined)
  }
  if (summary.exercise === 'parzen') {
    const input: ParzenRun[] = []
    let view: VectorViewReply | null = null
    for (const r of runs) {
      const run = store.summary(r.id)
      const a = store.arrays(r.id, ['xTrain', 'yTrain', 'xQuery'])
      if (!run.vector?.sigma || !a.xTrain || !a.yTrain || !a.xQuery) continue
      input.push({ kernel: run.kernel, sigma: run.vector.sigma, xTrain: a.xTrain, yTrain: a.yTrain, xQuery: a.xQuery })
      // The Gaussian run's decision regions are the figure.
      if (run.kernel === 'gaussian') view = computeVectorView({ info: run.vector, kernel: run.kernel, xTrain: a.xTrain, yTrain: a.yTrain, grid: 60, sliceSteps: 2 })
    }
    return analyzeParzen(input, view, summary.planned)
  }
  if (summary.exercise === 'unit-sphere') {
    const input: UnitSphereRun[] = []
    for (const r of runs) {
      const run = store.summary(r.id)
      const a = store.arrays(r.id, ['xTrain', 'yTrain', 'xQuery', 'yHat'])
      if (!run.vector?.sigma || !a.xTrain || !a.yTrain || !a.xQuery || !a.yHat) continue
      input.push({ scoring: run.vector.scoring, kernel: run.kernel, sigma: run.vector.sigma, xTrain: a.xTrain, yTrain: a.yTrain, xQuery: a.xQuery, yHat: a.yHat })
    }
    return analyzeUnitSphere(input, summary.planned)
  }
  throw new InputError(`study ${id} is not one of the chapter's exercises`)
}
