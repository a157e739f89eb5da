import { z } from 'zod'
import { BANDWIDTH_METHODS } from '../engine/bandwidth'
import { KERNEL_IDS } from '../engine/kernels'
import { MAX_DIMENSION } from '../engine/vectorTypes'
import { anyBundleSchema } from './bundle'
import { RUN_MODES, RUN_STATUSES } from './runs'
import { dataSpecSchema, experimentSpecSchema, runNameSchema, tagSchema } from './spec'
import { STUDY_REQUEST_SCHEMAS } from './studyRequests'

/** Request schemas of every API method; main validates each request with these before anything else. */

export const runIdSchema = z.string().regex(/^[a-z0-9]{4,40}$/, 'is not a run id')
const idRequest = z.object({ id: runIdSchema }).strict()
/** Most runs one request may name (a selection, a bulk edit). */
export const MAX_IDS = 100_000
const idList = z.array(runIdSchema).max(MAX_IDS)
const idsRequest = z.object({ ids: idList.min(1) }).strict()

export const SORTABLE_COLUMNS = [
  'createdAt',
  'name',
  'status',
  'mode',
  'kernel',
  'sigma',
  'w',
  'trainLoss',
  'trainMse',
  'testMse',
  'looScore',
  'nTrain',
  'epochsDone',
] as const
export type SortableColumn = (typeof SORTABLE_COLUMNS)[number]

export const runFilterSchema = z
  .object({
    kernel: z.array(z.enum(KERNEL_IDS)).max(KERNEL_IDS.length * 2).optional(),
    mode: z.array(z.enum(RUN_MODES)).max(RUN_MODES.length * 2).optional(),
    status: z.array(z.enum(RUN_STATUSES)).max(RUN_STATUSES.length * 2).optional(),
    sigmaMin: z.number().optional(),
    sigmaMax: z.number().optional(),
    /** Runs carrying every one of these tags. */
    tags: z.array(tagSchema).max(20).optional(),
    /** Case-insensitive substring of the name, notes, tags, data label or id. */
    text: z.string().max(200).optional(),
    /** Only these runs (for compare and export). */
    ids: idList.optional(),
    /** Only the runs of this study; null: only runs in no study (the library's grouped view). */
    studyId: runIdSchema.nullable().optional(),
  })
  .strict()
export type RunFilter = z.output<typeof runFilterSchema>

export const listRequestSchema = z
  .object({
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(100),
    sort: z
      .object({
        by: z.enum(SORTABLE_COLUMNS),
        dir: z.enum(['asc', 'desc']).default('desc'),
        /** Runs whose metrics do not cover every point come after complete ones (metric columns only). */
        incompleteLast: z.boolean().default(true),
      })
      .strict()
      .default({ by: 'createdAt', dir: 'desc', incompleteLast: true }),
    filter: runFilterSchema.default({}),
  })
  .strict()

export const getRequestSchema = z
  .object({
    id: runIdSchema,
    /** Leave out the arrays (a summary with epochs only). */
    arrays: z.boolean().default(true),
  })
  .strict()

export const heatmapRequestSchema = z
  .object({
    id: runIdSchema,
    /** The nonparametric weights, or the trained parametric model's. */
    model: z.enum(['nonparametric', 'trained']).default('nonparametric'),
    rows: z.number().int().min(1).max(2000).default(100),
    cols: z.number().int().min(1).max(2000).default(100),
  })
  .strict()

export const suggestBandwidthSchema = z
  .object({
    data: dataSpecSchema,
    kernel: z.enum(KERNEL_IDS),
    // Each method once: a request naming one method thousands of times must not run it thousands of times.
    methods: z
      .array(z.enum(BANDWIDTH_METHODS))
      .min(1)
      .max(BANDWIDTH_METHODS.length * 2)
      .transform((m) => [...new Set(m)])
      .default([...BANDWIDTH_METHODS]),
  })
  .strict()

export const arrayPageSchema = z
  .object({
    id: runIdSchema,
    name: z.enum(['xTrain', 'yTrain', 'xQuery', 'yTruth', 'yHat', 'yHatNonparametric', 'batchLoss']),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1_000_000).default(100_000),
  })
  .strict()

export const previewDataSchema = z
  .object({
    data: dataSpecSchema,
    maxPoints: z.number().int().min(10).max(100_000).default(2000),
  })
  .strict()

/** Every method's request schema, keyed by method name. */
export const REQUEST_SCHEMAS = {
  createExperiment: experimentSpecSchema,
  cancelExperiment: idRequest,
  getExperiment: getRequestSchema,
  getExperimentArray: arrayPageSchema,
  listExperiments: listRequestSchema,
  renameExperiment: z.object({ id: runIdSchema, name: runNameSchema }).strict(),
  tagExperiment: z
    .object({ id: runIdSchema, add: z.array(tagSchema).max(50).default([]), remove: z.array(tagSchema).max(50).default([]) })
    .strict(),
  tagExperiments: z
    .object({ ids: idList.min(1), add: z.array(tagSchema).max(50).default([]), remove: z.array(tagSchema).max(50).default([]) })
    .strict(),
  suggestTags: z.object({ prefix: z.string().max(40).default(''), limit: z.number().int().min(1).max(50).default(10) }).strict(),
  annotateExperiment: z.object({ id: runIdSchema, notes: z.string().max(100_000) }).strict(),
  deleteExperiments: idsRequest,
  restoreExperiments: idsRequest,
  experimentHeatmap: heatmapRequestSchema,
  experimentVectorView: z
    .object({
      id: runIdSchema,
      /** Cells per side of the d = 2 surface. */
      grid: z.number().int().min(4).max(300).default(60),
      /** Points along each coordinate's slice. */
      sliceSteps: z.number().int().min(2).max(1000).default(80),
    })
    .strict(),
  experimentLocalLinear: z
    .object({
      id: runIdSchema,
      /** The queries to estimate at (the fit chart's). */
      xQuery: z.array(z.number()).max(200_000),
    })
    .strict(),
  experimentVectorHeatmap: z
    .object({
      id: runIdSchema,
      /** Keys and queries ordered by a coordinate (0-based), or by scaled distance to one of the run's queries (0-based). */
      order: z.discriminatedUnion('by', [
        z.object({ by: z.literal('coordinate'), coordinate: z.number().int().min(0).max(MAX_DIMENSION - 1) }).strict(),
        z.object({ by: z.literal('distance'), query: z.number().int().min(0) }).strict(),
      ]),
      rows: z.number().int().min(1).max(400).default(100),
      cols: z.number().int().min(1).max(400).default(100),
    })
    .strict(),
  experimentVectorProbe: z
    .object({
      id: runIdSchema,
      /** A point (one coordinate per feature) or one of the run's queries (0-based). */
      at: z.union([z.object({ point: z.array(z.number()).min(1).max(MAX_DIMENSION) }).strict(), z.object({ query: z.number().int().min(0) }).strict()]),
      maxBars: z.number().int().min(1).max(2000).default(200),
    })
    .strict(),
  suggestBandwidth: suggestBandwidthSchema,
  previewData: previewDataSchema,
  rerunExperiment: idRequest,
  ensureExperiment: experimentSpecSchema,
  exportBundle: idsRequest,
  importBundle: z.object({ bundle: anyBundleSchema }).strict(),
  appInfo: z.object({}).strict(),
  ...STUDY_REQUEST_SCHEMAS,
} as const
