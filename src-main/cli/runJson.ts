import type { RunDetail } from '../../src-shared/api/runs'

/**
 * A stored run as the CLI prints it: the same field names as `fit` and
 * `train` (yHat, epochs, w; arrays of w for a trained width vector) at the top level, beside the run's other fields.
 */
export function runToJson(run: RunDetail): Record<string, unknown> {
  const { arrays, widthEpochs, ...rest } = run
  return {
    ...rest,
    // A trained width vector prints as train --per-coordinate prints it: each epoch's w and the learned w are arrays.
    ...(widthEpochs ? { epochs: widthEpochs, w: run.vector?.learned?.w ?? null, w0: run.vector?.learned?.w0 ?? null } : {}),
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
