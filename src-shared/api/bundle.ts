import { z } from 'zod'
import { METRIC_NAMES } from '../experiment/metrics'
import { bundleV1Schema } from './bundleV1'
import { RUN_STATUSES } from './runs'
import { runVectorSchema } from './vectorRuns'
import { tagSchema } from './spec'

/**
 * A bundle: runs exported as one JSON file, to move them between databases
 * or keep them beside a paper. It is an exchange format of its own,
 * versioned and documented (docs/bundle.schema.json); the store maps it to
 * and from its tables (src-main/store/bundle.ts), so a schema migration does
 * not change it. Arrays are base64 of their little-endian float64 bytes, so
 * importing restores every value bit for bit (NaN and -0 included, which
 * JSON numbers cannot carry).
 *
 * Vector runs (issue 13) store inputs row-major in xTrain and xQuery
 * (rows of result.vector.d numbers), class indices for classification, and
 * add result.vector and the arrays classScores, bandLower and bandUpper
 * (parametric vector runs: result.vector.learned and widthLoss, widthW);
 * a bundle without them reads as before.
 *
 * Version 2 (this one): camelCase, the spec as an object, the outcome under
 * `result`. Version 1 (bundleV1.ts) is still read.
 */
export const BUNDLE_FORMAT = 'nw-workbench-bundle'
export const BUNDLE_VERSION = 2

/** Arrays a run can carry, and what each is. */
export const BUNDLE_ARRAYS = {
  xTrain: 'training inputs (keys)',
  yTrain: 'training outputs (values)',
  xQuery: 'query inputs',
  yTruth: 'noise-free truth at the queries',
  yHat: "the run's predictions at the queries (NaN where undefined)",
  yHatNonparametric: 'parametric runs: the nonparametric fit at the same kernel and sigma',
  epochLoss: 'training loss per epoch',
  epochW: 'w after each epoch',
  batchLoss: 'minibatch training: the loss of each batch',
  classScores: 'vector classification runs: class scores at the queries, row-major (rows of result.vector.classCount; NaN rows undefined)',
  bandLower: 'vector regression runs with a band: its lower end at the queries',
  bandUpper: 'vector regression runs with a band: its upper end at the queries',
  widthLoss: 'parametric vector runs: training loss per epoch',
  widthW: 'parametric vector runs: w after each epoch, row-major (rows of result.vector.d)',
} as const
export type BundleArrayName = keyof typeof BUNDLE_ARRAYS

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'is not base64')
const coverageSchema = z.object({ covered: z.number().int().min(0), total: z.number().int().min(0) }).strict().nullable()
const metricValues = Object.fromEntries(METRIC_NAMES.map((k) => [k, z.number().nullable()])) as Record<(typeof METRIC_NAMES)[number], z.ZodNullable<z.ZodNumber>>
const metricCoverage = Object.fromEntries(METRIC_NAMES.map((k) => [k, coverageSchema])) as Record<(typeof METRIC_NAMES)[number], typeof coverageSchema>

/** What a run computed; null fields were not reached (a failed or cancelled run) or do not apply. */
export const bundleResultSchema = z
  .object({
    sigma: z.number().nullable().describe('the bandwidth used (a rule resolved to its value)'),
    sigmaEff: z.number().nullable().describe('parametric runs: 1/|w|'),
    w0: z.number().nullable(),
    w: z.number().nullable().describe('learned w (parametric runs)'),
    baseline: z.number().nullable().describe('average pooling: the mean of the training outputs'),
    metrics: z.object(metricValues).strict(),
    coverage: z.object(metricCoverage).strict().describe('per metric, how many points or queries it was computed over'),
    epochsDone: z.number().int().min(0),
    undefinedQueries: z.array(z.number().int().min(0)).describe('queries without an estimate'),
    fit: z.object({ algorithm: z.string().max(40), errorBound: z.number().min(0) }).strict().nullable(),
    vector: runVectorSchema
      .nullable()
      .optional()
      .describe('vector runs: dimension, features, choices, the widths used, class labels and classification metrics (absent or null for one-dimensional runs)'),
  })
  .strict()

export const bundleRunSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]{4,40}$/, 'is not a run id'),
    name: z.string(),
    status: z.enum(RUN_STATUSES),
    createdAt: z.number().int(),
    startedAt: z.number().int().nullable(),
    finishedAt: z.number().int().nullable(),
    error: z.object({ name: z.string().max(200), message: z.string().max(10_000) }).strict().nullable(),
    appVersion: z.string().max(100).describe('the version that computed the run'),
    parentId: z.string().regex(/^[a-z0-9]{4,40}$/).nullable().describe('the run this one re-runs'),
    tags: z.array(tagSchema).max(50),
    notes: z.string().max(100_000),
    spec: z
      .record(z.string(), z.unknown())
      .describe('the normalised experiment spec; inline data are {"inline": true, "source"?: ...} with the values in arrays'),
    result: bundleResultSchema,
    arrays: z.partialRecord(z.enum(Object.keys(BUNDLE_ARRAYS) as [BundleArrayName, ...BundleArrayName[]]), base64),
  })
  .strict()

export const bundleV2Schema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    version: z.literal(BUNDLE_VERSION),
    exportedAt: z.number().describe('milliseconds since 1970'),
    appVersion: z.string(),
    runs: z.array(bundleRunSchema).max(100_000),
  })
  .strict()

export type Bundle = z.output<typeof bundleV2Schema>
export type BundleRun = z.output<typeof bundleRunSchema>
export type BundleResult = z.output<typeof bundleResultSchema>

/** What import accepts: this version or an older one (upgraded by the store). */
export const anyBundleSchema = z.custom<unknown>().transform((value, ctx) => {
  const version = typeof value === 'object' && value !== null ? (value as { version?: unknown }).version : undefined
  const schema = version === 1 ? bundleV1Schema : bundleV2Schema
  const r = schema.safeParse(value)
  if (!r.success) {
    for (const issue of r.error.issues) ctx.addIssue({ ...issue, code: 'custom', message: issue.message, path: issue.path })
    return z.NEVER
  }
  return r.data
})
export type AnyBundle = z.output<typeof bundleV1Schema> | Bundle
