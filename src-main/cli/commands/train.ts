import { parametricPredict, LOSS_KINDS } from '../../../src-shared/engine/parametric'
import type { LossKind } from '../../../src-shared/engine/types'
import { MAX_SEED } from '../../../src-shared/engine/rng'
import { MAX_EPOCHS, resolveW0, sgdTrain, trainingRng } from '../../../src-shared/engine/sgd'
import type { Command } from '../command'
import { choiceFlag, numberFlag, stringFlag, UsageError } from '../flags'
import { readQueryFile, readTrainingFile } from '../files'
import { printJson } from '../json'
import { OUT_FLAG, OUT_HELP, outFlag, writeEstimatesCsv } from '../outCsv'
import { formatTable } from '../table'

export const trainCommand: Command = {
  name: 'train',
  help: `Usage: nw-workbench train --train T.csv --query Q.csv [--w0 W] [--lr LR] [--epochs E]
                          [--loss sum-half|mean-half] [--batch-size B] [--no-loo] [--seed N]
                          [--out FILE.csv] [--json]

The model is alpha = softmax(-((q - k) w)^2 / 2). Defaults are the oldest
edition's: full-batch SGD, lr 0.5, 5 epochs, loss summed over points,
leave-one-out keys (each training point attends to all the others).

  --train FILE    training pairs, columns x,y (CSV, TSV, Parquet or Arrow/Feather)
  --query FILE    queries, column x (and truth, if known)
  --w0 W          starting w, a number or "random" (uniform in [0, 1) from --seed; default)
  --lr LR         learning rate, > 0 (default 0.5)
  --epochs E      number of epochs (default 5)
  --loss L        sum-half: sum of (f(x_i) - y_i)^2 / 2 (default); mean-half: its mean
  --batch-size B  minibatch SGD, shuffled each epoch from --seed (default: full batch)
  --no-loo        let each training point attend to itself (overfits: w grows without bound)
  --seed N        seed for a random w0 and minibatch order (default 0)
${OUT_HELP}
  --json          {"epochs": [{"epoch", "loss", "w"}, ...], "w": final, "yHat": [...]}

Each epoch's loss is its forward pass before the update; w is after it.
yHat is the trained model at the queries with every training pair as a key.`,
  flags: {
    train: { type: 'string' },
    query: { type: 'string' },
    w0: { type: 'string' },
    lr: { type: 'string' },
    epochs: { type: 'string' },
    loss: { type: 'string' },
    'batch-size': { type: 'string' },
    'no-loo': { type: 'boolean' },
    seed: { type: 'string' },
    ...OUT_FLAG,
    json: { type: 'boolean' },
  },
  async run({ values, io }) {
    const trainPath = stringFlag(values, 'train', true)
    const queryPath = stringFlag(values, 'query', true)
    const w0Flag = stringFlag(values, 'w0')
    const w0Spec = w0Flag === undefined || w0Flag === 'random' ? 'random' : numberFlag(values, 'w0')!
    const lr = numberFlag(values, 'lr', { min: 0, exclusiveMin: true }) ?? 0.5
    const epochs = numberFlag(values, 'epochs', { integer: true, min: 0, max: MAX_EPOCHS }) ?? 5
    const loss = choiceFlag<LossKind>(values, 'loss', LOSS_KINDS, 'sum-half')
    const batchSize = numberFlag(values, 'batch-size', { integer: true, min: 1 }) ?? null
    const seed = numberFlag(values, 'seed', { integer: true, min: 0, max: MAX_SEED }) ?? 0
    const leaveOneOut = values['no-loo'] !== true
    const outPath = outFlag(values)
    const train = await readTrainingFile(io.cwd, trainPath)
    const query = await readQueryFile(io.cwd, queryPath)
    if (leaveOneOut && train.x.length < 2) {
      throw new UsageError(`${trainPath}: leave-one-out training needs at least 2 training points (or pass --no-loo)`)
    }
    const rng = trainingRng(seed)
    const w0 = resolveW0(w0Spec, rng)
    const result = sgdTrain(train.x, train.y, { w0, lr, epochs, loss, leaveOneOut, batchSize }, rng)
    const predicted = parametricPredict(train.x, train.y, query.x, result.w)
    const yHat = predicted.yHat
    if (outPath !== undefined) writeEstimatesCsv(io.cwd, outPath, query, yHat)
    if (values.json) {
      printJson(io.stdout, { epochs: result.epochs, w: result.w, w0, yHat, algorithm: predicted.algorithm, errorBound: predicted.errorBound })
      return
    }
    io.stdout(formatTable(['epoch', 'loss', 'w'], result.epochs.map((e) => [e.epoch, e.loss, e.w])))
    io.stdout(`\nw0 = ${w0}, learned w = ${result.w} (sigma = 1/|w| = ${1 / Math.abs(result.w)})\n\n`)
    io.stdout(formatTable(['x', 'yHat'], Array.from(query.x, (x, i) => [x, yHat[i]!])))
  },
}
