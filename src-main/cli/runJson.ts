import type { RunDetail } from '../../src-shared/api/runs'

/**
 * A stored run as the CLI prints it: the same field names as `fit` and
 * `train` (yHat, epochs, w) at the top level, beside the run's other fields.
 */
export function runToJson(run: RunDetail): Record<string, unknown> {
  const { arrays, ...rest } = run
  return {
    ...rest,
    yHat: arrays?.yHat ?? null,
    yHatNonparametric: arrays?.yHatNonparametric ?? null,
    xTrain: arrays?.xTrain ?? null,
    yTrain: arrays?.yTrain ?? null,
    xQuery: arrays?.xQuery ?? null,
    yTruth: arrays?.yTruth ?? null,
    baseline: arrays?.baseline ?? null,
    ...(run.vector ? { classScores: arrays?.classScores ?? null, bandLower: arrays?.bandLower ?? null, bandUpper: arrays?.bandUpper ?? null } : {}),
  }
}
