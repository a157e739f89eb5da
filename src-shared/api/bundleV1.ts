import { z } from 'zod'
import { KERNEL_IDS } from '../engine/kernels'
import { RUN_MODES, RUN_STATUSES } from './runs'
import { tagSchema } from './spec'

/**
 * Version 1 of the bundle format (nw-workbench 0.1): each run was a copy of
 * its row in the runs table, snake_case column by column. Still read, and
 * upgraded to the current format on import (bundle.ts); never written.
 */
const BUNDLE_FORMAT = 'nw-workbench-bundle'

const nullableNumber = z.number().nullable()
const nullableInt = z.number().int().nullable()

/** One run: its stored columns, tags and arrays. */
export const bundleRunV1Schema = z
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
    tags: z.array(tagSchema).max(50),
    arrays: z.partialRecord(
      z.enum(['xTrain', 'yTrain', 'xQuery', 'yTruth', 'yHat', 'yHatNonparametric', 'epochLoss', 'epochW']),
      z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'is not base64'),
    ),
  })
  .strict()
  .superRefine((r, ctx) => {
    // The text columns are read back as JSON: refuse what would not parse, rather than a run that can never be opened.
    try {
      const spec = JSON.parse(r.spec_json) as unknown
      if (typeof spec !== 'object' || spec === null || !('data' in spec)) throw new Error('no data')
    } catch {
      ctx.addIssue({ code: 'custom', path: ['spec_json'], message: 'is not a stored experiment spec' })
    }
    try {
      const u = JSON.parse(r.undefined_queries) as unknown
      if (!Array.isArray(u) || !u.every((i) => Number.isInteger(i) && i >= 0)) throw new Error('bad')
    } catch {
      ctx.addIssue({ code: 'custom', path: ['undefined_queries'], message: 'is not a list of query indices' })
    }
    // Arrays that belong together must have matching lengths.
    const len = (name: keyof typeof r.arrays) => (r.arrays[name] === undefined ? null : Math.floor((r.arrays[name]!.length * 3) / 4 / 8))
    const pairs: [keyof typeof r.arrays, keyof typeof r.arrays][] = [
      ['xTrain', 'yTrain'],
      ['xQuery', 'yTruth'],
      ['xQuery', 'yHat'],
      ['xQuery', 'yHatNonparametric'],
      ['epochLoss', 'epochW'],
    ]
    for (const [a, b] of pairs) {
      const la = len(a)
      const lb = len(b)
      if (la !== null && lb !== null && la !== lb) ctx.addIssue({ code: 'custom', path: ['arrays', b], message: `has ${lb} values but ${a} has ${la}` })
    }
  })

export const bundleV1Schema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    version: z.literal(1),
    exportedAt: z.number(),
    appVersion: z.string(),
    runs: z.array(bundleRunV1Schema).max(100_000),
  })
  .strict()

export type BundleV1 = z.output<typeof bundleV1Schema>
export type BundleRunV1 = z.output<typeof bundleRunV1Schema>
