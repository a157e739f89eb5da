import { looOptimalSigma } from '../../../src-shared/engine/bandwidth'
import { asymptoticBand, BAND_KINDS, bootstrapBand, MAX_REPLICATES, RESAMPLINGS, type BandKind, type Resampling } from '../../../src-shared/engine/bands'
import { nwPredict, nwWeights } from '../../../src-shared/engine/estimate'
import { KERNEL_IDS, type KernelId } from '../../../src-shared/engine/kernels'
import { MAX_SEED } from '../../../src-shared/engine/rng'
import type { NwPrediction, NwWeights } from '../../../src-shared/engine/types'
import { vectorPredictPlanned, vectorWeights, vectorWork } from '../../../src-shared/engine/vector'
import { vectorLooOptimalSigma } from '../../../src-shared/engine/vectorBandwidth'
import { ESTIMATORS, KERNEL_SHAPES, SCORINGS, type Estimator, type KernelShape, type Scoring, type VectorProblem } from '../../../src-shared/engine/vectorTypes'
import { ParallelPredictor } from '../../parallel/parallelPredict'
import type { Command } from '../command'
import type { CliIo } from '../io'
import { defaultThreads, defaultVectorThreads } from '../defaultThreads'
import { choiceFlag, numberFlag, stringFlag, UsageError, type FlagValues } from '../flags'
import { jsonMatrix, printJson } from '../json'
import { OUT_FLAG, OUT_HELP, outFlag, writeEstimatesCsv } from '../outCsv'
import { csvChunks } from '../../../src-shared/csv'
import { writeFileAtomically } from '../../atomicWrite'
import { formatTable } from '../table'
import { featureNames, maybeStandardize, readFeatures, sigmaFlag, type FeatureTable } from '../vectorInputs'
import { fitClasses } from './fitClasses'

export const fitCommand: Command = {
  name: 'fit',
  help: `Usage: nw-workbench fit --train T.csv --query Q.csv [--features a,b,...] [--target y]
                        [--kernel K] [--sigma S | --sigma S1,S2,...] [--estimator nw|local-linear]
                        [--scoring distance|dot] [--task regression|classification]
                        [--bands bootstrap|asymptotic] [--weights] [--out FILE.csv] [--json]

  --train FILE    training data: the feature columns and the target (default columns x,y)
  --query FILE    queries: the feature columns (a column named as --target gives metrics
                  for classification)
  --features A,B  feature columns, one coordinate each (1 to 32; default: x)
  --target Y      the value column (default y), or the class column with --task classification
  --kernel K      ${KERNEL_IDS.join(' | ')} (default gaussian)
  --kernel-shape  product: K(u_1)...K(u_d) (default, statsmodels'); radial: K(|u|)
  --sigma S       width, > 0: one for every feature, or one per feature (comma-separated);
                  default: chosen by leave-one-out cross-validation (the Scott rule per
                  feature for classification), printed as "sigma"
  --standardize   divide each feature by its training standard deviation first (widths are
                  then in standard deviations)
  --estimator E   nw: Nadaraya-Watson, local-constant (default); local-linear: a weighted
                  linear fit at each query (statsmodels' reg_type 'll'; better at boundaries)
  --scoring S     distance: the kernel of the scaled distance (default); dot: softmax of
                  q.k / sigma^2 (the Gaussian on the unit sphere; exercise 3)
  --task T        regression (default) or classification (the target holds class labels)
  --bands B       pointwise band: bootstrap (--replicates B, default 200; --resampling
                  pairs|residual, default pairs; --seed N, default 0) or asymptotic
                  (variance of the linear smoother); --level L, default 0.95
  --weights       also output the attention-weight matrix (queries x keys)
  --threads N     split the queries of a regression fit across N worker threads (default for
                  one feature: one per idle core when 4 or more are idle and the two files hold
                  8 MB or more, else 1; with several features: one per idle core when every
                  pair is summed (dense or SIMD) over 2e8 keys x queries x features, else 1;
                  the same result bit for bit)
${OUT_HELP}
                  (with --features: a column per feature instead of x)
  --json          {"yHat": [...], "weights": [[...]], "undefinedQueries": [...],
                   "algorithm": "dense" | "compact" | "window" | "fgt" | ..., "errorBound": ...}
                  plus "lower", "upper" with --bands and "sigma" when it was chosen;
                  classification: {"classes", "scores", "predicted", "undefinedQueries",
                  "algorithm", "errorBound", "metrics": {"accuracy", "logLoss", "looAccuracy"}}

A query that no key reaches (a compact kernel and a small sigma) has no
estimate: its yHat is null and its index is listed in undefinedQueries.`,
  flags: {
    ...OUT_FLAG,
    train: { type: 'string' },
    query: { type: 'string' },
    features: { type: 'string' },
    target: { type: 'string' },
    kernel: { type: 'string' },
    'kernel-shape': { type: 'string' },
    sigma: { type: 'string' },
    standardize: { type: 'boolean' },
    estimator: { type: 'string' },
    scoring: { type: 'string' },
    task: { type: 'string' },
    bands: { type: 'string' },
    replicates: { type: 'string' },
    resampling: { type: 'string' },
    level: { type: 'string' },
    seed: { type: 'string' },
    weights: { type: 'boolean' },
    threads: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values, io }) {
    const trainPath = stringFlag(values, 'train', true)
    const queryPath = stringFlag(values, 'query', true)
    const kernel = choiceFlag<KernelId>(values, 'kernel', KERNEL_IDS, 'gaussian')
    const estimator = choiceFlag<Estimator>(values, 'estimator', ESTIMATORS, 'nw')
    const scoring = choiceFlag<Scoring>(values, 'scoring', SCORINGS, 'distance')
    const shape = choiceFlag<KernelShape>(values, 'kernel-shape', KERNEL_SHAPES, 'product')
    const task = choiceFlag(values, 'task', ['regression', 'classification'] as const, 'regression')
    const threadsFlag = numberFlag(values, 'threads', { integer: true, min: 1, max: 256 })
    if (threadsFlag !== undefined && threadsFlag > 1 && values.weights) {
      throw new UsageError('--threads does not apply with --weights (the weight matrix is built on one thread)')
    }
    const features = featureNames(values) ?? ['x']
    if (task === 'classification') {
      await fitClasses({ values, io, trainPath, queryPath, features, kernel, scoring, shape, estimator, threads: threadsFlag ?? 1 })
      return
    }
    const target = stringFlag(values, 'target') ?? 'y'
    const outPath = outFlag(values)
    const d = features.length
    const scalar = d === 1 && estimator === 'nw' && scoring === 'distance'
    // Vector fits choose their threads once planned (predictVectorDefault): their files are small, so the size rule says nothing of their cost.
    const threads = threadsFlag ?? (scalar && values.weights !== true ? defaultThreads(io.cwd, [trainPath, queryPath]) : 1)
    const predictor = threads > 1 ? new ParallelPredictor({ threads }) : null
    try {
      await fitRegression({ values, io, trainPath, queryPath, features, target, outPath, kernel, estimator, scoring, shape, scalar, predictor, threadsGiven: threadsFlag !== undefined })
    } finally {
      await predictor?.close()
    }
  },
}

/**
 * A vector fit without a predictor: on one thread when --threads 1 was given,
 * else on the threads defaultVectorThreads gives its planned work. The same
 * bits either way (each thread runs vectorPredictRange on its queries).
 */
async function predictVectorDefault(problem: VectorProblem, threadsGiven: boolean): Promise<NwPrediction> {
  const work = vectorWork(problem)
  const { n, m, d } = work.prepared
  const threads = threadsGiven ? 1 : defaultVectorThreads(work.plan.algorithm, n * m * d)
  if (threads > 1) {
    const predictor = new ParallelPredictor({ threads })
    try {
      return await predictor.predictVector(problem, {}, work)
    } finally {
      await predictor.close()
    }
  }
  return vectorPredictPlanned(work)
}

/** Estimates below this many are printed on one thread: the copy to another would cost more than it saves. */
const PARALLEL_JSON_MIN = 100_000

interface RegressionArgs {
  values: FlagValues
  io: CliIo
  trainPath: string
  queryPath: string
  features: string[]
  target: string
  outPath: string | undefined
  kernel: KernelId
  estimator: Estimator
  scoring: Scoring
  shape: KernelShape
  scalar: boolean
  /** Threads for the fit: they read the query file while this thread reads the training file, then split the queries. */
  predictor: ParallelPredictor | null
  /** --threads was given: a vector fit then runs on exactly those threads. */
  threadsGiven: boolean
}

async function fitRegression(a: RegressionArgs): Promise<void> {
  const { values, io, features, target, kernel, estimator, scoring, shape, scalar, predictor } = a
  const queryRead = predictor?.read({ cwd: io.cwd, path: a.queryPath, features, required: [], optional: ['truth'] }) ?? null
  // Awaited below, after the training file; should that fail first, its error is the one shown.
  queryRead?.catch(() => undefined)
  const train = await readFeatures(io.cwd, a.trainPath, features, [target])
  const query = queryRead ? await queryRead : await readFeatures(io.cwd, a.queryPath, features, [], ['truth'])
  const d = features.length
  const scale = maybeStandardize(values, train.x, d)
  const keys = scale.apply(train.x)
  const queries = scale.apply(query.x)
  const y = train.extra[target]!
  let sigma = sigmaFlag(values, d)
  const chosen = sigma === null
  if (sigma === null) {
    sigma = scalar
      ? Float64Array.of(looOptimalSigma(keys, y, kernel).sigma)
      : vectorLooOptimalSigma({ keys, d, values: y, kernel, estimator, shape }).sigma
  }
  const problem: VectorProblem = { keys, d, values: y, queries, kernel, sigma, estimator, scoring, shape }
  let dense: NwWeights | null = null
  let result: NwPrediction
  if (scalar) {
    const p1 = { keys, values: y, queries, kernel, sigma: sigma[0]! }
    dense = values.weights === true ? nwWeights(p1) : null
    result = dense ?? (predictor ? await predictor.predict(p1) : nwPredict(p1))
  } else {
    dense = values.weights === true ? vectorWeights(problem) : null
    result = dense ?? (predictor ? await predictor.predictVector(problem) : await predictVectorDefault(problem, a.threadsGiven))
  }
  const band = bandsFor(values, problem)
  if (result.undefinedQueries.length > 0) {
    io.stderr(
      `nw-workbench: ${result.undefinedQueries.length} of ${query.rows} queries have no key within reach of the ${kernel} kernel at sigma ${Array.from(sigma).join(',')}; their estimate is undefined (null)\n`,
    )
  }
  if (a.outPath !== undefined) writeFitCsv(io.cwd, a.outPath, features, query, result.yHat)
  if (values.json) {
    // Many estimates and idle threads: half of them are formatted on another thread.
    const yHat = predictor && result.yHat.length >= PARALLEL_JSON_MIN ? await predictor.numbersJson(result.yHat) : result.yHat
    const out: Record<string, unknown> = { yHat }
    if (dense) out.weights = jsonMatrix(dense.weights, dense.rows, dense.cols)
    out.undefinedQueries = result.undefinedQueries
    // How the estimates were computed, and the bound on their error the engine guarantees (0: exact up to rounding).
    out.algorithm = result.algorithm
    out.errorBound = result.errorBound
    if (chosen) out.sigma = d === 1 ? sigma[0]! : Array.from(sigma)
    if (band) {
      out.lower = band.lower
      out.upper = band.upper
    }
    printJson(io.stdout, out)
    return
  }
  const header = [...(d === 1 && features[0] === 'x' ? ['x'] : features), 'yHat', ...(band ? ['lower', 'upper'] : [])]
  const rows = Array.from({ length: query.rows }, (_, i) => {
    const row: number[] = []
    for (let l = 0; l < d; l++) row.push(query.x[i * d + l]!)
    row.push(result.yHat[i]!)
    if (band) row.push(band.lower[i]!, band.upper[i]!)
    return row
  })
  if (chosen) io.stdout(`sigma = ${Array.from(sigma).join(', ')} (leave-one-out cross-validation)\n`)
  io.stdout(formatTable(header, rows))
  if (dense) io.stdout(`(attention weights: ${dense.rows} x ${dense.cols}; use --json to print them)\n`)
}

/** --out: the query inputs (x, or a column per feature), y_hat and the truth when the query file has it. */
function writeFitCsv(cwd: string, path: string, features: string[], query: FeatureTable, yHat: Float64Array): void {
  const d = features.length
  if (d === 1 && features[0] === 'x') {
    writeEstimatesCsv(cwd, path, { x: query.x, truth: query.extra.truth ?? null }, yHat)
    return
  }
  const columns: Record<string, Float64Array> = {}
  features.forEach((f, l) => (columns[f] = Float64Array.from({ length: query.rows }, (_, i) => query.x[i * d + l]!)))
  columns.y_hat = yHat
  if (query.extra.truth) columns.truth = query.extra.truth
  writeFileAtomically(cwd, path, csvChunks(columns))
}

function bandsFor(values: FlagValues, problem: VectorProblem): { lower: Float64Array; upper: Float64Array } | null {
  const kind = values.bands === undefined ? null : choiceFlag<BandKind>(values, 'bands', BAND_KINDS)
  const level = numberFlag(values, 'level', { min: 0, exclusiveMin: true, max: 1 }) ?? 0.95
  if (level >= 1) throw new UsageError(`--level must be < 1 (got ${level})`)
  const bootstrapOnly = ['replicates', 'resampling', 'seed'].filter((f) => values[f] !== undefined)
  if (kind !== 'bootstrap' && bootstrapOnly.length > 0) throw new UsageError(`--${bootstrapOnly[0]} applies to --bands bootstrap`)
  if (kind === null) {
    if (values.level !== undefined) throw new UsageError('--level applies with --bands')
    return null
  }
  if (kind === 'asymptotic') return asymptoticBand(problem, level)
  const replicates = numberFlag(values, 'replicates', { integer: true, min: 2, max: MAX_REPLICATES }) ?? 200
  const seed = numberFlag(values, 'seed', { integer: true, min: 0, max: MAX_SEED }) ?? 0
  const resampling = choiceFlag<Resampling>(values, 'resampling', RESAMPLINGS, 'pairs')
  return bootstrapBand(problem, { replicates, level, seed, resampling })
}
