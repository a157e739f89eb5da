import type { KernelId } from '../kernels'
import type { NwPrediction } from '../types'
import { GaussWindow } from './gaussWindow'
import { nearestLimit, type NearestLimit } from './looNearest'
import { looWindowPairs } from './looWindowPairs'
import { makePlan, PAIRS_MIN_WINDOW, type NwPlan, type PlanOptions } from './plan'
import { lastStep, runPlanSteps, undefinedIndices } from './runPlan'
import { looQueries, type PreparedKeys } from './prepared'

/**
 * Leave-one-out predictions at the training inputs, for one sigma or (a
 * bandwidth search) for many. Every leave-one-out estimate of the fast
 * paths comes from here, so that a search and a single evaluation at the
 * same sigma agree bit for bit.
 *
 * With a Gaussian window plan:
 * - windows of several keys are summed pairwise (looWindowPairs.ts, half
 *   the exponentials), except for isolated keys;
 * - the other keys are summed by their own window, or, when the predictor
 *   is reused across sigmas and the key's estimate has reached its
 *   small-sigma limit (looNearest.ts), copied from that limit: the same
 *   bits, without the work, which makes the many tiny sigmas of a log grid
 *   nearly free.
 */
export class LooPredictor {
  private limit: NearestLimit | null = null
  private limitT2 = NaN

  /** `reuse`: keep the small-sigma limits between calls (worth building only for several sigmas). */
  constructor(
    readonly prepared: PreparedKeys,
    readonly kernel: KernelId,
    readonly options: PlanOptions = {},
    readonly reuse = true,
  ) {}

  /** `tolerance` overrides the options' (a search may scan coarsely and refine exactly). */
  predict(sigma: number, tolerance = this.options.tolerance): NwPrediction {
    return lastStep(this.steps(sigma, tolerance, Infinity))
  }

  /**
   * The same prediction in steps of `chunk` keys (see runPlanSteps): a
   * leave-one-out curve in a preview worker stops between two when asked to
   * pause, instead of finishing a sigma that may take a fifth of a second.
   */
  *steps(sigma: number, tolerance = this.options.tolerance, chunk: number): Generator<number, NwPrediction> {
    const prepared = this.prepared
    const plan = makePlan(prepared, prepared.keys, this.kernel, sigma, { ...this.options, tolerance, leaveOneOut: true })
    const size = Math.min(chunk, prepared.keys.length)
    if (plan.algorithm !== 'window') return yield* runPlanSteps(plan, prepared, looQueries(prepared), true, Math.max(1, size))
    return yield* this.predictByWindows(plan, Math.max(1, size))
  }

  private *predictByWindows(plan: NwPlan, chunk: number): Generator<number, NwPrediction> {
    const prepared = this.prepared
    const { keys, order, shift, range } = prepared
    const n = keys.length
    const sigma = plan.sigma
    const limit = this.reuse ? this.limitFor(plan.t2) : null
    const pairs = plan.meanWindow >= PAIRS_MIN_WINDOW ? looWindowPairs(prepared, sigma, plan.t2) : null
    const outsideWeight = Math.exp(-0.5 * plan.t2)
    const yHat = new Float64Array(n)
    const window = new GaussWindow(prepared, sigma, plan.t2)
    let worst = 0
    for (let i = 0; i < n; i++) {
      let y: number
      let b: number
      if (pairs && !pairs.isolated[i]) {
        const den = pairs.den[i]!
        y = shift + pairs.num[i]! / den
        const outside = n - 1 - pairs.count[i]!
        b = outside > 0 ? (outside * outsideWeight * range) / den : 0
      } else if (limit && sigma < limit.below[i]!) {
        y = limit.estimate[i]!
        b = limit.bound[i]!
      } else if (window.evaluate(keys[i]!, i)) {
        y = shift + window.num / window.den
        b = window.bound
      } else {
        y = NaN
        b = 0
      }
      yHat[order[i]!] = y
      if (b > worst) worst = b
      if ((i + 1) % chunk === 0 && i + 1 < n) yield i + 1
    }
    return { yHat, undefinedQueries: undefinedIndices(yHat), algorithm: 'window', errorBound: worst }
  }

  private limitFor(t2: number): NearestLimit {
    if (this.limitT2 !== t2) {
      this.limit = nearestLimit(this.prepared, t2)
      this.limitT2 = t2
    }
    return this.limit!
  }
}
