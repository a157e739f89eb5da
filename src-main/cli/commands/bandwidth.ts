import { BANDWIDTH_METHODS, looOptimalSigma, looScore, ruleOfThumb, type BandwidthMethod } from '../../../src-shared/engine/bandwidth'
import { KERNEL_IDS, type KernelId } from '../../../src-shared/engine/kernels'
import { vectorLooOptimalSigma, vectorLooScore, vectorRuleOfThumb } from '../../../src-shared/engine/vectorBandwidth'
import { ESTIMATORS, KERNEL_SHAPES, type Estimator, type KernelShape } from '../../../src-shared/engine/vectorTypes'
import type { Command } from '../command'
import { choiceFlag, stringFlag } from '../flags'
import { printJson } from '../json'
import { featureNames, maybeStandardize, readFeatures } from '../vectorInputs'

export const bandwidthCommand: Command = {
  name: 'bandwidth',
  help: `Usage: nw-workbench bandwidth --train T.csv [--features a,b,...] [--target y] [--kernel K]
                              --method loo-cv|silverman|scott [--estimator nw|local-linear] [--json]

  --train FILE    training data: the feature columns and the target (default columns x,y)
  --features A,B  feature columns, one width each (default: x)
  --target Y      the value column (default y)
  --kernel K      ${KERNEL_IDS.join(' | ')} (default gaussian)
  --kernel-shape  product (default) or radial, as for fit
  --standardize   widths in training standard deviations, as for fit
  --estimator E   nw (default) or local-linear: the estimator whose leave-one-out error counts
  --method M      loo-cv: the widths minimising the leave-one-out error (one feature: a global
                  log-grid search, then Brent refinement; several: L-BFGS on log sigma with the
                  analytic gradient for the Gaussian nw, Nelder-Mead otherwise, each from
                  several starts including statsmodels' cv_ls start); silverman, scott:
                  statsmodels' rules of thumb per feature (at the rate n^(-1/(d+4))),
                  scaled to the kernel by its canonical bandwidth
  --json          {"sigma": ..., "score": ...}; sigma is a number for one feature and an array
                  for several; score is the mean squared leave-one-out error at sigma (null if
                  some point has no neighbour in reach); with one feature, loo-cv adds "limit":
                  "upper" when the optimum lies beyond 10 times the data's range (the score still
                  falls where every key weighs nearly alike: about the mean of the other points,
                  and any larger sigma does as well), "lower" at the smallest sigma searched, or
                  null for a minimum inside the search`,
  flags: {
    train: { type: 'string' },
    features: { type: 'string' },
    target: { type: 'string' },
    kernel: { type: 'string' },
    'kernel-shape': { type: 'string' },
    standardize: { type: 'boolean' },
    estimator: { type: 'string' },
    method: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values, io }) {
    const trainPath = stringFlag(values, 'train', true)
    const kernel = choiceFlag<KernelId>(values, 'kernel', KERNEL_IDS, 'gaussian')
    const method = choiceFlag<BandwidthMethod>(values, 'method', BANDWIDTH_METHODS)
    const estimator = choiceFlag<Estimator>(values, 'estimator', ESTIMATORS, 'nw')
    const shape = choiceFlag<KernelShape>(values, 'kernel-shape', KERNEL_SHAPES, 'product')
    const features = featureNames(values) ?? ['x']
    const target = stringFlag(values, 'target') ?? 'y'
    const train = await readFeatures(io.cwd, trainPath, features, [target])
    const d = features.length
    const x = maybeStandardize(values, train.x, d).apply(train.x)
    const y = train.extra[target]!
    let sigma: Float64Array
    let score: number
    let undefinedPoints = 0
    let limit: 'lower' | 'upper' | null | undefined
    if (d === 1 && estimator === 'nw') {
      // One feature: the one-dimensional engine's search and rules, exactly as before.
      let s: number
      if (method === 'loo-cv') {
        ;({ sigma: s, score, limit } = looOptimalSigma(x, y, kernel))
      } else {
        s = ruleOfThumb(x, method, kernel)
        ;({ score, undefinedPoints } = looScore(x, y, kernel, s))
      }
      sigma = Float64Array.of(s)
    } else {
      const spec = { keys: x, d, values: y, kernel, estimator, shape }
      if (method === 'loo-cv') {
        ;({ sigma, score } = vectorLooOptimalSigma(spec))
      } else {
        sigma = vectorRuleOfThumb(x, d, method, kernel)
        ;({ score, undefinedPoints } = vectorLooScore(spec, sigma))
      }
    }
    const shownScore = Number.isFinite(score) ? score : null
    const shownSigma = d === 1 ? sigma[0]! : Array.from(sigma)
    if (values.json) {
      const extra = estimator === 'nw' ? {} : { estimator }
      printJson(io.stdout, { sigma: shownSigma, score: shownScore, method, kernel, ...extra, ...(limit !== undefined ? { limit } : {}), ...(undefinedPoints ? { undefinedPoints } : {}) })
      return
    }
    io.stdout(`sigma = ${Array.from(sigma).join(', ')} (${method}, ${kernel} kernel${estimator === 'nw' ? '' : `, ${estimator}`})\n`)
    io.stdout(
      shownScore === null
        ? `leave-one-out score undefined: ${undefinedPoints} points have no neighbour within reach\n`
        : `leave-one-out mean squared error = ${shownScore}\n`,
    )
    if (limit === 'upper') io.stdout('at the upper end of the search: the score still falls where every key weighs nearly alike (about the mean of the other points); any larger sigma does as well\n')
    if (limit === 'lower') io.stdout('at the lower end of the search: the smallest sigma searched scores best\n')
  },
}
