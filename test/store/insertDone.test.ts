import { describe, expect, it } from 'vitest'
import { experimentSpecSchema } from '../../src-shared/api/spec'
import type { ExperimentOutcome } from '../../src-shared/experiment/execute'
import { normalizeSpec } from '../../src-shared/experiment/normalize'
import { openDatabase } from '../../src-main/store/database'
import { RunStore } from '../../src-main/store/runStore'

function outcome(): ExperimentOutcome {
  const x = Float64Array.of(0, 1, 2)
  return {
    dataset: { xTrain: x, yTrain: Float64Array.of(1, 3, 2), xQuery: x, yTruth: Float64Array.of(1, 2, 3) },
    sigma: 0.7,
    w0: 0.5,
    epochs: [
      { epoch: 1, loss: 2, w: 0.9 },
      { epoch: 2, loss: 1, w: 1.3 },
    ],
    w: 1.3,
    yHat: Float64Array.of(1.5, NaN, 2.5),
    yHatNonparametric: Float64Array.of(1.4, 2, 2.6),
    batchLoss: Float64Array.of(3, 2, 1),
    undefinedQueries: [1],
    baseline: 2,
    metrics: { trainLoss: 0.4, trainMse: 0.3, testMse: 0.2, looScore: null, coverage: { trainLoss: { covered: 3, total: 3 }, trainMse: { covered: 3, total: 3 }, testMse: { covered: 2, total: 3 }, looScore: null } },
    fit: { algorithm: 'dense', errorBound: 0 },
  }
}

describe('a run inserted as it ended (a study chunk)', () => {
  it('is stored exactly as a run queued, started and saved one step after another', () => {
    const spec = normalizeSpec(experimentSpecSchema.parse({ name: 'trained', data: { xTrain: [0, 1, 2], yTrain: [1, 3, 2], xQuery: [0, 1, 2], yTruth: [1, 2, 3] }, mode: 'parametric', tags: ['t'] }))
    const stepwise = new RunStore(openDatabase(':memory:'), 'v', 'h:1')
    stepwise.createQueued('run00000001', spec, 100)
    stepwise.markRunning('run00000001', 110)
    stepwise.saveOutcome('run00000001', outcome(), 120)
    const atOnce = new RunStore(openDatabase(':memory:'), 'v', 'h:1')
    atOnce.insertDone('run00000001', spec, outcome(), { createdAt: 100, startedAt: 110, finishedAt: 120 })
    expect(atOnce.detail('run00000001', 'full')).toEqual(stepwise.detail('run00000001', 'full'))
    expect(atOnce.batchLoss('run00000001')).toEqual([3, 2, 1])
    expect(atOnce.summary('run00000001').complete).toBe(false)
  })
})
