import { nwLooPredictorSteps, nwPredictSteps } from '../../src-shared/engine/estimate'
import type { KernelId } from '../../src-shared/engine/kernels'
import { meanSquaredError } from '../../src-shared/engine/metrics'
import type { PreparedData } from './datasets'
import { finiteOrNull } from './frame'
import { looScoreOf } from './looCurve'
import type { FrameMetrics } from './protocol'
import { runSteps } from './runSteps'

/**
 * The numbers a saved run stores beside its estimates, for what the preview
 * shows: the training MSE (estimates at the training inputs) and the
 * leave-one-out score, each as the run computes them (nwPredict, looScore).
 *
 * Background work, done once the preview rests: two passes over every key,
 * about a second at 10^5 points with the tricube. So it runs in steps, and
 * `between` (awaited after each, runSteps.ts) can pause it while a frame computes or stop
 * it when a newer input has made it moot. Done in one piece on the exact
 * worker, it took a core from the next frame's two workers (a two-core
 * machine has no third), and stopping it meant ending that worker: the fresh
 * one then made the data again and ran its code cold, beside the next frame
 * too. Typed sigmas at 10^5 with the tricube took 170-460 ms a frame.
 */

/** Queries per step: a few milliseconds of work. */
export const METRICS_STEP = 4096

/** Resolves null when `between` said stop. */
export async function frameMetrics(p: PreparedData, kernel: KernelId, sigma: number, between: () => Promise<boolean>): Promise<FrameMetrics | null> {
  const { xTrain: keys, yTrain: values } = p.data
  const atTraining = await runSteps(nwPredictSteps({ keys, values, queries: keys, kernel, sigma }, METRICS_STEP), between)
  if (!atTraining) return null
  const trainMse = finiteOrNull(meanSquaredError(atTraining.yHat, values).mse)
  if (keys.length < 2) return { trainMse, looScore: null }
  const loo = await runSteps(nwLooPredictorSteps(keys, values, kernel, {}, METRICS_STEP)(sigma), between)
  if (!loo) return null
  const score = looScoreOf(loo, values)
  return { trainMse, looScore: score === null ? null : finiteOrNull(score) }
}
