import { parametricPredict, LOSS_KINDS } from '../../../src-shared/engine/parametric'
import type { LossKind } from '../../../src-shared/engine/types'
import { MAX_SEED } from '../../../src-shared/engine/rng'
import { MAX_EPOCHS, resolveW0, sgdTrain, trainingRng } from '../../../src-shared/engine/sgd'
import type { Command } from '../command'
import { choiceFlag, numberFlag, stringFlag, UsageError, type FlagValues } from '../flags'
import type { CliIo } from '../io'
import { readQueryFile, readTrainingFile } from '../files'
import { printJson } from '../json'
import { OUT_FLAG, OUT_HELP, outFlag, writeEstimatesCsv } from '../outCsv'
import { formatTable } from '../table'
import { featureNames, maybeStandardize, readFeatures } from '../vectorInputs'
import { resolveWidthW0, trainWidthVector, widthPredict } from '../../../src-shared/engine/vectorTrain'

export const trainCommand: Command = {
  name: 'train',
  help: `Usage: nw-workbench train --train T.csv --query Q.csv [--w0 W] [--lr LR] [--epochs E]
                          [--loss sum-half|mean-half] [--batch-size B] [--no-loo] [--seed N]
                          [--out FILE.csv] [--json]

The model is alpha = softmax(-((q - k) w)^2 / 2). Defaults are the oldest
edition's: full-batch SGD, lr 0.5, 5 epochs, loss summed over points,
leave-one-out keys (each training point attends to all the others).

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
yHat is the trained model at the queries with every training pair as a key.

Per coordinate (exercise 2 in d dimensions): alpha = softmax(-sum_l ((q_l - k_l) w_l)^2 / 2),
one w_l per feature, trained by the same SGD; a feature that does not help sees its
w_l shrink towards 0.

  --per-coordinate  learn the vector w (the JSON's "w" and each epoch's "w" are arrays);
                    --query is then optional
  --features A,B    feature columns (default: x); more than one needs --per-coordinate
  --target Y        the value column (default y)
  --standardize     divide each feature by its training standard deviation first
  --w0 W            with --per-coordinate: one number for every coordinate, or "random"`,
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
    'per-coordinate': { type: 'boolean' },
    features: { type: 'string' },
    target: { type: 'string' },
    standardize: { type: 'boolean' },
  },
  async run({ values, io }) {
    if (values['per-coordinate'] === true) {
      await trainPerCoordinate(values, io)
      return
    }
    const features = featureNames(values)
    if (features !== null && features.length > 1) throw new UsageError('--features with more than one column needs --per-coordinate (one w per feature)')
    if (values.target !== undefined || values.standardize !== undefined || features !== null) {
      throw new UsageError('--features, --target and --standardize apply with --per-coordinate')
    }
    const trainPath = stringFlag(values, 'train', true)
    const queryPath = stringFlag(values, 'query', true)
    const { w0Spec, lr, epochs, loss, batchSize, seed, leaveOneOut } = trainingFlags(values)
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

async function trainPerCoordinate(values: FlagValues, io: CliIo): Promise<void> {
  const trainPath = stringFlag(values, 'train', true)
  const queryPath = stringFlag(values, 'query')
  const features = featureNames(values) ?? ['x']
  const target = stringFlag(values, 'target') ?? 'y'
  const d = features.length
  const { w0Spec, lr, epochs, loss, batchSize, seed, leaveOneOut } = trainingFlags(values)
  const train = await readFeatures(io.cwd, trainPath, features, [target])
  const scale = maybeStandardize(values, train.x, d)
  const keys = scale.apply(train.x)
  const y = train.extra[target]!
  if (leaveOneOut && train.rows < 2) {
    throw new UsageError(`${trainPath}: leave-one-out training needs at least 2 training points (or pass --no-loo)`)
  }
  const rng = trainingRng(seed)
  const w0 = resolveWidthW0(w0Spec, d, rng)
  const result = trainWidthVector(keys, d, y, { w0, lr, epochs, loss, leaveOneOut, batchSize }, rng)
  const query = queryPath === undefined ? null : await readFeatures(io.cwd, queryPath, features)
  const predicted = query ? widthPredict(keys, d, y, scale.apply(query.x), result.w) : null
  if (values.json) {
    const out: Record<string, unknown> = { epochs: result.epochs, w: Array.from(result.w), w0: Array.from(w0) }
    if (predicted) Object.assign(out, { yHat: predicted.yHat, algorithm: predicted.algorithm, errorBound: predicted.errorBound })
    printJson(io.stdout, out)
    return
  }
  io.stdout(formatTable(['epoch', 'loss', ...features.map((f) => `w ${f}`)], result.epochs.map((e) => [e.epoch, e.loss, ...e.w])))
  io.stdout(`\nlearned w = ${Array.from(result.w).join(', ')}\n`)
  if (query && predicted) {
    io.stdout('\n')
    io.stdout(formatTable([...features, 'yHat'], Array.from({ length: query.rows }, (_, i) => [...Array.from(query.x.subarray(i * d, (i + 1) * d)), predicted.yHat[i]!])))
  }
}

/** The training flags both forms of `train` take, with the chapter's defaults. */
function trainingFlags(values: FlagValues) {
  const w0Flag = stringFlag(values, 'w0')
  return {
    w0Spec: w0Flag === undefined || w0Flag === 'random' ? ('random' as const) : numberFlag(values, 'w0')!,
    lr: numberFlag(values, 'lr', { min: 0, exclusiveMin: true }) ?? 0.5,
    epochs: numberFlag(values, 'epochs', { integer: true, min: 0, max: MAX_EPOCHS }) ?? 5,
    loss: choiceFlag<LossKind>(values, 'loss', LOSS_KINDS, 'sum-half'),
    batchSize: numberFlag(values, 'batch-size', { integer: true, min: 1 }) ?? null,
    seed: numberFlag(values, 'seed', { integer: true, min: 0, max: MAX_SEED }) ?? 0,
    leaveOneOut: values['no-loo'] !== true,
  }
}
