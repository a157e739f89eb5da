import { z } from 'zod'
import { belowSigmaFloor, sigmaFloorMessage, SIGMA_MAX } from './sigmaRange'
import { BAND_KINDS, MAX_REPLICATES, RESAMPLINGS } from '../engine/bands'
import { MAX_GENERATED_N, MAX_QUERY_COUNT } from '../engine/data'
import { VECTOR_TARGET_IDS, vectorTarget } from '../engine/functions'
import { MAX_SEED } from '../engine/rng'
import { ESTIMATORS, MAX_DIMENSION, SCORINGS } from '../engine/vectorTypes'
import { DATA_PRESETS } from '../datasets/presets'
import { finiteNumberArray } from './zodHelpers'

/**
 * The vector part of the experiment spec (issue 13): data with inputs in
 * R^d, and the choices the command line's fit takes (--features, --target,
 * --task, --estimator, --scoring, --bands, --sigma s1,s2,...). A spec whose
 * data are vector data is a vector run; every one-dimensional spec reads as
 * it always did, and normalises to the same JSON (so to the same hash).
 */

/** Most inline numbers (n x d inputs) a vector data set may carry through the API. */
export const MAX_INLINE_VECTOR_NUMBERS = 4_000_000
/** Most values per inline vector column (one per row). */
const MAX_INLINE_POINTS_V = 2_000_000
/** Most labels an inline classification data set may carry. */
export const MAX_INLINE_LABELS = 1_000_000

export const TASKS = ['regression', 'classification'] as const
export type Task = (typeof TASKS)[number]

const seed = z.number().int().min(0).max(MAX_SEED)
const featureName = z.string().trim().min(1, 'a feature name cannot be empty').max(200)

function distinctFeatures(features: string[], ctx: z.RefinementCtx, path: (string | number)[]): void {
  const seen = new Set<string>()
  features.forEach((f, l) => {
    if (seen.has(f.toLowerCase())) ctx.addIssue({ code: 'custom', path: [...path, l], message: `names column "${f}" twice` })
    seen.add(f.toLowerCase())
  })
}

const PRESET_DATASET_IDS = DATA_PRESETS.map((p) => p.id) as [string, ...string[]]

/** A shipped data set (cars, penguins): its rows split at random into training and held-out query rows. */
export const datasetDataSchema = z
  .object({
    dataset: z.enum(PRESET_DATASET_IDS).describe('a shipped data set: cars (regression) or penguins (classification)'),
    features: z.array(featureName).min(1).max(MAX_DIMENSION).optional().describe("feature columns (default: the data set's own choice)"),
    holdout: z.number().min(0).max(0.9).default(0.25).describe('share of the rows held out as queries with known truth (0: the queries are the training rows)'),
    seed: seed.describe('seed of the random split'),
  })
  .strict()
  .superRefine((d, ctx) => {
    const preset = DATA_PRESETS.find((p) => p.id === d.dataset)
    if (!preset || !d.features) return
    distinctFeatures(d.features, ctx, ['features'])
    d.features.forEach((f, l) => {
      if (!preset.numericColumns.includes(f)) ctx.addIssue({ code: 'custom', path: ['features', l], message: `"${f}" is not a numeric column of ${d.dataset} (${preset.numericColumns.join(', ')})` })
    })
  })

/** The d-dimensional generator: inputs uniform on a cube, a target function of them plus noise. */
export const vectorGeneratorDataSchema = z
  .object({
    vectorFn: z.enum(VECTOR_TARGET_IDS).describe('d-dimensional target function'),
    d: z.number().int().min(1).max(MAX_DIMENSION).describe('number of input coordinates'),
    n: z.number().int().min(1).max(MAX_GENERATED_N),
    noiseSd: z.number().min(0).default(0.5),
    xMin: z.number().default(0),
    xMax: z.number().default(5),
    queryCount: z.number().int().min(0).max(MAX_QUERY_COUNT).default(500).describe('query points, uniform on the same cube'),
    seed: seed.describe('integer seed of the generator'),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (!(d.xMax > d.xMin)) ctx.addIssue({ code: 'custom', path: ['xMax'], message: `must be greater than xMin (${d.xMin})` })
    const f = vectorTarget(d.vectorFn)
    if (d.d < f.minDimension) ctx.addIssue({ code: 'custom', path: ['d'], message: `${f.formula} needs d >= ${f.minDimension}` })
    if (d.n * d.d > MAX_GENERATED_N || d.queryCount * d.d > MAX_QUERY_COUNT) ctx.addIssue({ code: 'custom', path: ['n'], message: `n x d and queryCount x d must stay within ${MAX_GENERATED_N} numbers` })
  })

const labelArray = (what: string) =>
  z
    .array(z.union([z.string().min(1).max(200), z.number().finite()]))
    .min(1)
    .max(MAX_INLINE_LABELS)
    .describe(what)

/**
 * Vector data given inline (an imported file): row-major inputs (row i's
 * coordinate l at index i * d + l, d = features.length), and numeric values
 * (regression) or class labels (classification).
 */
export const inlineVectorDataSchema = z
  .object({
    features: z.array(featureName).min(1).max(MAX_DIMENSION).describe('names of the input coordinates, in order'),
    target: z.string().max(200).optional().describe('name of the value or class column (a label for charts)'),
    xTrain: finiteNumberArray(MAX_INLINE_VECTOR_NUMBERS, 'training inputs, row-major (n x d)'),
    yTrain: finiteNumberArray(MAX_INLINE_POINTS_V, 'regression: training values').optional(),
    labelsTrain: labelArray('classification: training class labels').optional(),
    xQuery: finiteNumberArray(MAX_INLINE_VECTOR_NUMBERS, 'query inputs, row-major (m x d)'),
    yTruth: finiteNumberArray(MAX_INLINE_POINTS_V, 'regression: the truth at the queries, if known').nullable().optional(),
    labelsQuery: labelArray('classification: the true class of each query, if known').nullable().optional(),
    source: z.string().max(500).optional().describe('where the data came from, e.g. file names'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!Array.isArray(v.features) || !Array.isArray(v.xTrain) || !Array.isArray(v.xQuery)) return
    distinctFeatures(v.features, ctx, ['features'])
    const d = v.features.length
    if (v.xTrain.length % d !== 0) ctx.addIssue({ code: 'custom', path: ['xTrain'], message: `has ${v.xTrain.length} numbers, not a multiple of the ${d} features` })
    if (v.xQuery.length % d !== 0) ctx.addIssue({ code: 'custom', path: ['xQuery'], message: `has ${v.xQuery.length} numbers, not a multiple of the ${d} features` })
    const n = Math.floor(v.xTrain.length / d)
    const m = Math.floor(v.xQuery.length / d)
    if ((v.yTrain === undefined) === (v.labelsTrain === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['yTrain'], message: 'give yTrain (regression) or labelsTrain (classification), one of the two' })
    }
    for (const [key, values, count] of [
      ['yTrain', v.yTrain, n],
      ['labelsTrain', v.labelsTrain, n],
      ['yTruth', v.yTruth, m],
      ['labelsQuery', v.labelsQuery, m],
    ] as const) {
      if (Array.isArray(values) && values.length !== count) {
        ctx.addIssue({ code: 'custom', path: [key], message: `has ${values.length} values but there are ${count} ${key.endsWith('Train') ? 'training' : 'query'} rows` })
      }
    }
    if (v.labelsTrain && v.yTruth) ctx.addIssue({ code: 'custom', path: ['yTruth'], message: 'classification data take labelsQuery, not yTruth' })
    if (v.yTrain && v.labelsQuery) ctx.addIssue({ code: 'custom', path: ['labelsQuery'], message: 'regression data take yTruth, not labelsQuery' })
  })

/** Vector data in files (CLI only): the columns are picked by name, as `fit --features --target` picks them. */
export const vectorFileDataSchema = z
  .object({
    trainFile: z.string().min(1).describe('training data file (CSV or TSV; Parquet or Arrow for numeric targets); relative to the spec file'),
    queryFile: z.string().min(1).describe('query data file with the feature columns; relative to the spec file'),
    features: z.array(featureName).min(1).max(MAX_DIMENSION).describe('feature columns'),
    target: z.string().min(1).describe('the value column (regression) or class column (classification)'),
    truth: z.string().min(1).optional().describe("regression: the query file's truth column (default: none); classification reads the target column when the query file has it"),
  })
  .strict()

export const bandsSchema = z
  .object({
    kind: z.enum(BAND_KINDS),
    replicates: z.number().int().min(2).max(MAX_REPLICATES).default(200).describe('bootstrap replicates'),
    level: z.number().gt(0).lt(1).default(0.95),
    seed: seed.default(0).describe('seed of the bootstrap'),
    resampling: z.enum(RESAMPLINGS).default('pairs'),
  })
  .strict()
  .describe('pointwise confidence band around the fit (regression)')

export const sigmaVectorSchema = z
  .array(z.number().positive().max(SIGMA_MAX).refine((v) => !belowSigmaFloor(v), sigmaFloorMessage()))
  .min(1)
  .max(MAX_DIMENSION)
  .describe('one width per feature')

/** The top-level fields a vector run may set (all optional; a one-dimensional spec sets none). */
export const vectorChoices = {
  task: z.enum(TASKS).optional().describe('vector data: regression (default) or classification'),
  estimator: z.enum(ESTIMATORS).optional().describe("vector data: nw (local-constant, default) or local-linear (statsmodels' reg_type 'll')"),
  scoring: z.enum(SCORINGS).optional().describe('vector data: distance (default) or dot (exercise 3: q.k / sigma^2 softmaxed)'),
  bands: bandsSchema.optional(),
}

export type DatasetData = z.output<typeof datasetDataSchema>
export type VectorGeneratorData = z.output<typeof vectorGeneratorDataSchema>
export type InlineVectorData = z.output<typeof inlineVectorDataSchema>
export type VectorDataSpec = DatasetData | VectorGeneratorData | InlineVectorData
export type BandsSpec = z.output<typeof bandsSchema>

export function isVectorData(data: object): data is VectorDataSpec {
  return 'dataset' in data || 'vectorFn' in data || 'features' in data
}

/** The number of input coordinates of vector data. */
export function dimensionOf(data: VectorDataSpec): number {
  if ('dataset' in data) return (data.features ?? DATA_PRESETS.find((p) => p.id === data.dataset)!.defaultFeatures).length
  if ('vectorFn' in data) return data.d
  return data.features.length
}

/** The task the data imply: a shipped set's own; inline data by whether they carry labels. */
export function taskOfData(data: VectorDataSpec): Task | null {
  if ('dataset' in data) return DATA_PRESETS.find((p) => p.id === data.dataset)!.task
  if ('vectorFn' in data) return 'regression'
  return data.labelsTrain ? 'classification' : 'regression'
}
