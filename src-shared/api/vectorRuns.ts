import { z } from 'zod'
import { BAND_KINDS, RESAMPLINGS } from '../engine/bands'
import { ESTIMATORS, MAX_DIMENSION, SCORINGS } from '../engine/vectorTypes'
import { TASKS } from './vectorSpec'

/**
 * What a vector run (issue 13) adds to a run's summary and to a bundle's
 * result: its dimension and feature names, the choices it ran with, the
 * width vector it used (or trained), and for classification the class labels and the
 * classification metrics with their coverage. Kept as one JSON value (the
 * runs table's vector_json): finite doubles survive JSON bit for bit.
 */

const coverage = z.object({ covered: z.number().int().min(0), total: z.number().int().min(0) }).strict().nullable()

export const CLASS_METRIC_NAMES = ['accuracy', 'logLoss', 'looAccuracy'] as const
export type ClassMetricName = (typeof CLASS_METRIC_NAMES)[number]

export const runVectorSchema = z
  .object({
    d: z.number().int().min(1).max(MAX_DIMENSION),
    features: z.array(z.string().max(200)).min(1).max(MAX_DIMENSION),
    target: z.string().max(500).nullable().describe('the value or class column, when known'),
    task: z.enum(TASKS),
    estimator: z.enum(ESTIMATORS),
    scoring: z.enum(SCORINGS),
    sigma: z.array(z.number()).max(MAX_DIMENSION).nullable().describe('the width per coordinate used (a rule resolved); null until computed'),
    labelNames: z
      .array(z.string().max(200))
      .nullable()
      .describe('classification: class labels; the first classCount are the training classes (the score columns), the rest only queries carry'),
    classCount: z.number().int().min(1).nullable(),
    classMetrics: z
      .object({ accuracy: z.number().nullable(), logLoss: z.number().nullable(), looAccuracy: z.number().nullable() })
      .strict()
      .nullable()
      .describe('classification: accuracy and log loss at the queries (when their classes are known), leave-one-out accuracy on the training set'),
    classCoverage: z
      .object({ accuracy: coverage, logLoss: coverage, looAccuracy: coverage })
      .strict()
      .nullable()
      .describe('per classification metric, how many queries or points had a prediction, of how many'),
    bands: z
      .object({ kind: z.enum(BAND_KINDS), level: z.number(), replicates: z.number().int().nullable(), seed: z.number().int().nullable(), resampling: z.enum(RESAMPLINGS).nullable() })
      .strict()
      .nullable(),
    learned: z
      .object({
        w0: z.array(z.number()).min(1).max(MAX_DIMENSION).describe('the starting w used, one per coordinate'),
        w: z.array(z.number()).min(1).max(MAX_DIMENSION).describe('the learned w, one per coordinate'),
        scale: z.array(z.number()).min(1).max(MAX_DIMENSION).nullable().describe("standardised training: each feature's training standard deviation; null: raw inputs"),
      })
      .strict()
      .nullable()
      .optional()
      .describe('parametric vector runs: the width vector trained by SGD (sigma then holds scale_l / |w_l|, the widths it amounts to); absent or null otherwise'),
  })
  .strict()

export type RunVectorInfo = z.output<typeof runVectorSchema>
