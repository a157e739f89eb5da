import { z } from 'zod'
import { KERNEL_IDS } from '../engine/kernels'
import { RUN_MODES, RUN_STATUSES } from './runs'

/**
 * A bundle: runs exported as one JSON file, to move them between databases
 * or keep them beside a paper. Arrays are base64 of their little-endian
 * float64 bytes, so importing restores every value bit for bit (NaN and -0
 * included, which JSON numbers cannot carry).
 */
export const BUNDLE_FORMAT = 'nw-workbench-bundle'
export const BUNDLE_VERSION = 1

const nullableNumber = z.number().nullable()
const nullableInt = z.number().int().nullable()

/** One run: its stored columns, tags and arrays. */
export const bundleRunSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]{4,40}$/),
    name: z.string().max(200),
    created_at: z.number().int(),
    started_at: nullableInt,
    finished_at: nullableInt,
    status: z.enum(RUN_STATUSES),
    error_name: z.string().nullable(),
    error_message: z.string().nullable(),
    mode: z.enum(RUN_MODES),
    kernel: z.enum(KERNEL_IDS),
    sigma: nullableNumber,
    sigma_rule: z.enum(['loo-cv', 'silverman', 'scott']).nullable(),
    data_kind: z.enum(['preset', 'generator', 'inline']),
    data_label: z.string(),
    seed: nullableInt,
    n_train: z.number().int().min(0),
    n_query: z.number().int().min(0),
    has_truth: z.union([z.literal(0), z.literal(1)]),
    spec_json: z.string(),
    w0_spec: z.string().nullable(),
    w0: nullableNumber,
    lr: nullableNumber,
    epochs: nullableInt,
    loss: z.enum(['sum-half', 'mean-half']).nullable(),
    loo: z.union([z.literal(0), z.literal(1)]).nullable(),
    batch_size: nullableInt,
    train_seed: nullableInt,
    learned_w: nullableNumber,
    train_loss: nullableNumber,
    train_mse: nullableNumber,
    test_mse: nullableNumber,
    loo_score: nullableNumber,
    epochs_done: z.number().int().min(0),
    undefined_queries: z.string(),
    baseline: nullableNumber,
    app_version: z.string(),
    notes: z.string(),
    fit_algorithm: z.string().max(40).nullable().optional(),
    fit_error_bound: nullableNumber.optional(),
    tags: z.array(z.string().max(40)).max(50),
    arrays: z.partialRecord(
      z.enum(['xTrain', 'yTrain', 'xQuery', 'yTruth', 'yHat', 'yHatNonparametric', 'epochLoss', 'epochW']),
      z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'is not base64'),
    ),
  })
  .strict()

export const bundleSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    version: z.literal(BUNDLE_VERSION),
    exportedAt: z.number(),
    appVersion: z.string(),
    runs: z.array(bundleRunSchema).max(100_000),
  })
  .strict()

export type Bundle = z.output<typeof bundleSchema>
export type BundleRun = z.output<typeof bundleRunSchema>
