import { BANDWIDTH_METHODS, looOptimalSigma, looScore, ruleOfThumb, type BandwidthMethod } from '../../../src-shared/engine/bandwidth'
import { KERNEL_IDS, type KernelId } from '../../../src-shared/engine/kernels'
import type { Command } from '../command'
import { choiceFlag, stringFlag } from '../flags'
import { readTrainingFile } from '../files'
import { printJson } from '../json'

export const bandwidthCommand: Command = {
  name: 'bandwidth',
  help: `Usage: nw-workbench bandwidth --train T.csv --kernel K --method loo-cv|silverman|scott [--json]

  --train FILE    training pairs, columns x,y (CSV, TSV, Parquet or Arrow/Feather)
  --kernel K      ${KERNEL_IDS.join(' | ')}
  --method M      loo-cv: the sigma minimising the leave-one-out error (global log-grid
                  search, then golden-section refinement); silverman, scott: statsmodels'
                  rules of thumb, scaled to the kernel by its canonical bandwidth
  --json          {"sigma": ..., "score": ...}; score is the mean squared leave-one-out
                  error at sigma (null if some point has no neighbour in reach)`,
  flags: {
    train: { type: 'string' },
    kernel: { type: 'string' },
    method: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values, io }) {
    const trainPath = stringFlag(values, 'train', true)
    const kernel = choiceFlag<KernelId>(values, 'kernel', KERNEL_IDS)
    const method = choiceFlag<BandwidthMethod>(values, 'method', BANDWIDTH_METHODS)
    const { x, y } = await readTrainingFile(io.cwd, trainPath)
    let sigma: number
    let score: number
    let undefinedPoints = 0
    if (method === 'loo-cv') {
      ;({ sigma, score } = looOptimalSigma(x, y, kernel))
    } else {
      sigma = ruleOfThumb(x, method, kernel)
      ;({ score, undefinedPoints } = looScore(x, y, kernel, sigma))
    }
    const shownScore = Number.isFinite(score) ? score : null
    if (values.json) {
      printJson(io.stdout, { sigma, score: shownScore, method, kernel, ...(undefinedPoints ? { undefinedPoints } : {}) })
      return
    }
    io.stdout(`sigma = ${sigma} (${method}, ${kernel} kernel)\n`)
    io.stdout(
      shownScore === null
        ? `leave-one-out score undefined: ${undefinedPoints} points have no neighbour within reach\n`
        : `leave-one-out mean squared error = ${shownScore}\n`,
    )
  },
}
