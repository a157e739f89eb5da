import { z } from 'zod'
import { belowSigmaFloor, sigmaFloorMessage, SIGMA_MAX } from './sigmaRange'
import { BANDWIDTH_METHODS } from '../engine/bandwidth'
import { MAX_GENERATED_N } from '../engine/data'
import { TARGET_FUNCTION_IDS, targetFunction } from '../engine/functions'
import { KERNEL_IDS } from '../engine/kernels'
import { LOSS_KINDS } from '../engine/parametric'
import { PRESET_IDS } from '../engine/presets'
import { MAX_SEED } from '../engine/rng'
import { MAX_EPOCHS } from '../engine/sgd'
import { finiteNumberArray } from './zodHelpers'
import {
  datasetDataSchema,
  dimensionOf,
  inlineVectorDataSchema,
  isVectorData,
  sigmaVectorSchema,
  taskOfData,
  vectorChoices,
  vectorFileDataSchema,
  vectorGeneratorDataSchema,
  type VectorDataSpec,
} from './vectorSpec'

/**
 * The experiment spec: what the API takes to create an experiment, what
 * `nw-workbench run --spec FILE.json` reads, and (normalised) what every run
 * stores. Its JSON Schema is generated from these schemas (see jsonSchema.ts).
 */

/** Most points an inline (imported) data set may carry through the API. */
export const MAX_INLINE_POINTS = 2_000_000

export const seedSchema = z.number().int().min(0).max(MAX_SEED).describe('integer seed of the generator')

export const presetDataSchema = z
  .object({
    preset: z.enum(PRESET_IDS).describe("one of the chapter's editions"),
    seed: seedSchema,
    n: z.number().int().min(1).max(MAX_GENERATED_N).optional().describe("number of training points (default: the preset's)"),
  })
  .strict()

export const generatorDataSchema = z
  .object({
    fn: z.enum(TARGET_FUNCTION_IDS).describe('target function f'),
    n: z.number().int().min(1).max(MAX_GENERATED_N),
    noiseSd: z.number().min(0).default(0.5),
    xMin: z.number().default(0),
    xMax: z.number().default(5),
    queryStep: z.number().positive().optional().describe('spacing of the query grid (default (xMax - xMin) / 50)'),
    seed: seedSchema,
  })
  .strict()
  .superRefine((d, ctx) => {
    if (!(d.xMax > d.xMin)) ctx.addIssue({ code: 'custom', path: ['xMax'], message: `must be greater than xMin (${d.xMin})` })
    const f = targetFunction(d.fn)
    if (d.xMin < f.domainMin) {
      ctx.addIssue({ code: 'custom', path: ['xMin'], message: `${f.formula} is only defined for x >= ${f.domainMin}` })
    }
    const step = d.queryStep ?? (d.xMax - d.xMin) / 50
    if ((d.xMax - d.xMin) / step > MAX_GENERATED_N) {
      ctx.addIssue({ code: 'custom', path: ['queryStep'], message: 'makes too many query points' })
    }
  })

export const inlineDataSchema = z
  .object({
    xTrain: finiteNumberArray(MAX_INLINE_POINTS, 'training inputs (keys)'),
    yTrain: finiteNumberArray(MAX_INLINE_POINTS, 'training outputs (values)'),
    xQuery: finiteNumberArray(MAX_INLINE_POINTS, 'query inputs'),
    yTruth: finiteNumberArray(MAX_INLINE_POINTS, 'noise-free truth at the queries, if known').nullable().optional(),
    source: z.string().max(500).optional().describe('where the data came from, e.g. file names'),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (Array.isArray(d.xTrain) && Array.isArray(d.yTrain) && d.xTrain.length !== d.yTrain.length) {
      ctx.addIssue({ code: 'custom', path: ['yTrain'], message: `has ${d.yTrain.length} values but xTrain has ${d.xTrain.length}` })
    }
    if (d.yTruth && Array.isArray(d.xQuery) && d.yTruth.length !== d.xQuery.length) {
      ctx.addIssue({ code: 'custom', path: ['yTruth'], message: `has ${d.yTruth.length} values but xQuery has ${d.xQuery.length}` })
    }
  })

/** Paths to data files (CSV, TSV, Parquet, Arrow/Feather): only the CLI accepts these, and reads them into inline data. */
export const fileDataSchema = z
  .object({
    trainFile: z.string().min(1).describe('data file with columns x, y: CSV, TSV, Parquet or Arrow/Feather (CLI only; relative to the spec file)'),
    queryFile: z.string().min(1).describe('data file with column x, optionally truth (CLI only; relative to the spec file)'),
  })
  .strict()

/** The keys' older names, still read by the CLI. */
export const legacyFileDataSchema = z
  .object({
    trainCsv: z.string().min(1).describe('older name of trainFile'),
    queryCsv: z.string().min(1).describe('older name of queryFile'),
  })
  .strict()

/** Keys that name data files, new and old. */
export const DATA_FILE_KEYS = ['trainFile', 'queryFile', 'trainCsv', 'queryCsv'] as const

const DATA_BRANCHES = [
  ['dataset', datasetDataSchema],
  ['vectorFn', vectorGeneratorDataSchema],
  // Before xTrain: inline vector data have xTrain too.
  ['features', inlineVectorDataSchema],
  ['preset', presetDataSchema],
  ['fn', generatorDataSchema],
  ['xTrain', inlineDataSchema],
] as const

export type PresetData = z.output<typeof presetDataSchema>
export type GeneratorData = z.output<typeof generatorDataSchema>
export type InlineData = z.output<typeof inlineDataSchema>
export type OneDimensionalData = PresetData | GeneratorData | InlineData
export type DataSpec = OneDimensionalData | VectorDataSpec
export type DataSpecInput =
  | z.input<typeof presetDataSchema>
  | z.input<typeof generatorDataSchema>
  | z.input<typeof inlineDataSchema>
  | z.input<typeof datasetDataSchema>
  | z.input<typeof vectorGeneratorDataSchema>
  | z.input<typeof inlineVectorDataSchema>

/**
 * The data part, dispatched on its keys so that an error speaks about the
 * branch the user meant ("data.seed: ...") rather than listing why each of
 * three alternatives failed.
 */
export const dataSpecSchema = z.custom<DataSpecInput>().transform((value, ctx): DataSpec => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: 'must be an object: a preset with a seed, generator parameters, or inline arrays' })
    return z.NEVER
  }
  if (DATA_FILE_KEYS.some((k) => k in value)) {
    ctx.addIssue({ code: 'custom', message: 'data file paths are read by the command line (nw-workbench run); send the data inline (xTrain, yTrain, xQuery)' })
    return z.NEVER
  }
  const branch = DATA_BRANCHES.find(([key]) => key in value)
  if (!branch) {
    ctx.addIssue({
      code: 'custom',
      message:
        'must name a preset (preset, seed), generator parameters (fn, n, seed, ...), inline arrays (xTrain, yTrain, xQuery), or vector data (dataset, vectorFn, or features with inline arrays)',
    })
    return z.NEVER
  }
  const r = branch[1].safeParse(value)
  if (!r.success) {
    for (const issue of r.error.issues) ctx.addIssue({ ...issue, code: 'custom', message: issue.message, path: issue.path })
    return z.NEVER
  }
  return r.data
})

export const sigmaRuleSchema = z
  .object({
    rule: z.enum(BANDWIDTH_METHODS),
    isotropic: z.boolean().optional().describe('vector data, loo-cv: one width shared by every coordinate (inputs on one scale), instead of one width each'),
    heldOut: z
      .number()
      .int()
      .min(100)
      .max(1_000_000)
      .optional()
      .describe(
        'isotropic loo-cv: for n above this, the leave-one-out score is estimated on this many held-out points (a fixed seeded subset, each left out of all n keys), and the training MSE and leave-one-out score metrics are not computed',
      ),
  })
  .strict()
export const sigmaSchema = z
  .union([z.number().positive().max(SIGMA_MAX).refine((v) => !belowSigmaFloor(v), sigmaFloorMessage()), sigmaVectorSchema, sigmaRuleSchema])
  .describe('bandwidth: a number > 0, one per feature for vector data, or {"rule": "silverman" | "scott" | "loo-cv"} to choose it from the data (per coordinate for vector data)')

export const trainingSchema = z
  .object({
    w0: z.union([z.number().min(-1e6).max(1e6), z.literal('random')]).default('random').describe('starting w, or "random" (uniform in [0, 1) from the seed)'),
    lr: z.number().positive().max(1e6).default(0.5),
    epochs: z.number().int().min(0).max(MAX_EPOCHS).default(5),
    loss: z.enum(LOSS_KINDS).default('sum-half'),
    loo: z.boolean().default(true).describe('leave each training point out of its own keys'),
    batchSize: z.number().int().min(1).nullable().default(null).describe('minibatch size; null for full batch'),
    seed: seedSchema.optional().describe("seed for a random w0 and the minibatch order (default: the data's seed, or 0)"),
    standardize: z.boolean().optional().describe('vector data: train on inputs divided by their training standard deviation (train --per-coordinate --standardize; default false)'),
  })
  .strict()

export const tagSchema = z
  .string()
  .trim()
  .min(1, 'a tag cannot be empty')
  .max(40, 'a tag has at most 40 characters')
  .regex(/^[^,]+$/, 'a tag cannot contain a comma')

export const runNameSchema = z.string().trim().min(1, 'a name cannot be empty').max(200, 'a name has at most 200 characters')

function specObject<D extends z.ZodType>(data: D) {
  return z
    .object({
      name: runNameSchema.optional(),
      data,
      kernel: z.enum(KERNEL_IDS).default('gaussian'),
      sigma: sigmaSchema.default(1),
      mode: z.enum(['nonparametric', 'parametric']).default('nonparametric'),
      training: trainingSchema.optional().describe('parametric mode only; defaults to the preset edition’s recipe'),
      ...vectorChoices,
      tags: z.array(tagSchema).max(50).default([]),
      notes: z.string().max(100_000).default(''),
    })
    .strict()
}

function isIsotropicRule(sigma: unknown): boolean {
  return typeof sigma === 'object' && sigma !== null && !Array.isArray(sigma) && (sigma as { isotropic?: boolean }).isotropic === true
}

/** A held-out subset only for the search it speeds up: one shared width by leave-one-out. */
function checkHeldOut(sigma: unknown, ctx: z.RefinementCtx): void {
  const heldOut = typeof sigma === 'object' && sigma !== null && !Array.isArray(sigma) ? (sigma as { heldOut?: number }).heldOut : undefined
  if (heldOut !== undefined && !isIsotropicRule(sigma)) {
    ctx.addIssue({ code: 'custom', path: ['sigma', 'heldOut'], message: 'applies to the isotropic loo-cv rule ({"rule": "loo-cv", "isotropic": true})' })
  }
}

type CheckedFields = { mode: string; kernel: string; training?: unknown; sigma: unknown; task?: string; estimator?: string; scoring?: string; bands?: unknown }

/** Vector choices only with vector data, and consistent with them. */
function checkVector(spec: CheckedFields & { data: DataSpec }, ctx: z.RefinementCtx): void {
  const data = spec.data
  if (!isVectorData(data)) {
    for (const key of ['task', 'estimator', 'scoring', 'bands'] as const) {
      if (spec[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'applies to vector data (dataset, vectorFn, or inline data with features)' })
    }
    if (Array.isArray(spec.sigma)) ctx.addIssue({ code: 'custom', path: ['sigma'], message: 'a width per feature needs vector data; give one number' })
    if (isIsotropicRule(spec.sigma)) ctx.addIssue({ code: 'custom', path: ['sigma', 'isotropic'], message: 'applies to vector data (one-dimensional data have one width already)' })
    else checkHeldOut(spec.sigma, ctx)
    if ((spec.training as { standardize?: boolean } | undefined)?.standardize !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['training', 'standardize'], message: 'applies to vector data (one coordinate has one scale)' })
    }
    return
  }
  if (spec.mode === 'parametric') checkVectorTraining(spec, taskOfData(data), ctx)
  const d = dimensionOf(data)
  if (Array.isArray(spec.sigma) && spec.sigma.length !== 1 && spec.sigma.length !== d) {
    ctx.addIssue({ code: 'custom', path: ['sigma'], message: `has ${spec.sigma.length} widths but the data have ${d} feature${d === 1 ? '' : 's'}; give one width, or one per feature` })
  }
  const rule = spec.sigma as { rule?: string; isotropic?: boolean }
  if (isIsotropicRule(spec.sigma) && rule.rule !== 'loo-cv') ctx.addIssue({ code: 'custom', path: ['sigma', 'isotropic'], message: 'applies to the loo-cv rule (the rules of thumb give each coordinate its own width)' })
  checkHeldOut(spec.sigma, ctx)
  const implied = taskOfData(data)
  const task = spec.task ?? implied
  if (spec.task !== undefined && implied !== null && spec.task !== implied) {
    ctx.addIssue({ code: 'custom', path: ['task'], message: `the data are for ${implied} (${implied === 'classification' ? 'class labels' : 'numeric values'})` })
  }
  if (task === 'classification') {
    if (spec.estimator === 'local-linear') ctx.addIssue({ code: 'custom', path: ['estimator'], message: 'classification uses nw (a local-linear fit of class indicators is not a distribution)' })
    if (spec.bands !== undefined) ctx.addIssue({ code: 'custom', path: ['bands'], message: 'bands apply to regression' })
    const sigma = spec.sigma as { rule?: string }
    if (sigma && typeof sigma === 'object' && sigma.rule === 'loo-cv') ctx.addIssue({ code: 'custom', path: ['sigma'], message: 'classification widths come from "silverman" or "scott" or are given; loo-cv selects regression widths' })
  }
}

/**
 * A trained width vector (exercise 2 in d dimensions): Nadaraya-Watson
 * weights of the Gaussian with distance scoring, for regression, as
 * `train --per-coordinate` trains it; the widths are what it learns.
 */
function checkVectorTraining(spec: CheckedFields, implied: string | null, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message })
  if ((spec.task ?? implied) === 'classification') issue(['mode'], 'a trained width vector is for regression; classification widths come from a rule or are given (mode "nonparametric")')
  if (spec.estimator === 'local-linear') issue(['estimator'], 'parametric attention trains Nadaraya-Watson weights; use estimator "nw"')
  if (spec.scoring === 'dot') issue(['scoring'], 'parametric attention trains distance-scored widths; use scoring "distance"')
  if (spec.bands !== undefined) issue(['bands'], 'a band applies to nonparametric vector runs')
  // sigma defaults to 1; anything else given would be silently unused.
  if (typeof spec.sigma !== 'number' || spec.sigma !== 1) issue(['sigma'], 'a trained run learns its widths (sigma_l = 1/|w_l|); leave sigma out')
  const w0 = (spec.training as { w0?: unknown } | undefined)?.w0
  if (w0 === 0) issue(['training', 'w0'], 'w0 = 0 weighs every key alike and its gradient is 0, so SGD never moves it; give another number or "random"')
}

function checkMode(spec: CheckedFields, ctx: z.RefinementCtx): void {
  if (spec.mode === 'parametric' && spec.kernel !== 'gaussian') {
    ctx.addIssue({ code: 'custom', path: ['kernel'], message: 'parametric training learns the width of the Gaussian kernel; use kernel "gaussian"' })
  }
  if (spec.mode === 'nonparametric' && spec.training !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['training'], message: 'training parameters only apply to mode "parametric"' })
  }
}

/** What the API validates. */
export const experimentSpecSchema = specObject(dataSpecSchema).superRefine((spec, ctx) => {
  checkMode(spec, ctx)
  checkVector(spec, ctx)
})
export type ExperimentSpecInput = z.input<typeof experimentSpecSchema>
export type ExperimentSpec = z.output<typeof experimentSpecSchema>

/** The documented shape, for the published JSON Schema (the data branches as a plain union). */
export const documentedSpecSchema = specObject(
  z.union([
    presetDataSchema,
    generatorDataSchema,
    inlineDataSchema,
    fileDataSchema,
    legacyFileDataSchema,
    datasetDataSchema,
    vectorGeneratorDataSchema,
    inlineVectorDataSchema,
    vectorFileDataSchema,
  ]),
)

export type TrainingSpec = z.output<typeof trainingSchema>
export type SigmaSpec = z.output<typeof sigmaSchema>
