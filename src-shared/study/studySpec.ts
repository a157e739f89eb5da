import { z } from 'zod'
import { MAX_SEED } from '../engine/rng'

/**
 * The study file, exactly as issue 14 fixes it (scripts rely on it):
 *
 *   {"name": "...", "base": SPEC, "axes": {PATH: AXIS, ...}, "replicates": R,
 *    "replicateSeeds": "data" | "training" | "both"}
 *
 * PATH is a dotted spec path (`sigma`, `kernel`, `data.n`, `training.lr`);
 * AXIS is a list of values, `{"log": [LO, HI], "count": K}`,
 * `{"linear": [LO, HI], "count": K}`, or
 * `{"random": "uniform" | "loguniform", "range": [LO, HI], "count": K, "seed": S}`.
 * The base is checked cell by cell (cells.ts): a cell spec, not the base
 * alone, is what must be a valid experiment spec.
 */

/** Most values one axis may have. */
export const MAX_AXIS_VALUES = 10_000
/** Most runs (cells times replicates) one study may plan. */
export const MAX_STUDY_RUNS = 200_000
export const MAX_REPLICATES = 1000

const finite = z.number().refine(Number.isFinite, 'must be a finite number')
const count = z.number().int().min(1).max(MAX_AXIS_VALUES)
const pair = z.tuple([finite, finite])

export const listAxisSchema = z.array(z.unknown()).min(1, 'an axis needs at least one value').max(MAX_AXIS_VALUES)
export const logAxisSchema = z.object({ log: pair, count }).strict()
export const linearAxisSchema = z.object({ linear: pair, count }).strict()
export const randomAxisSchema = z
  .object({
    random: z.enum(['uniform', 'loguniform']),
    range: pair,
    count,
    seed: z.number().int().min(0).max(MAX_SEED),
  })
  .strict()

export type ListAxis = unknown[]
export type LogAxis = z.output<typeof logAxisSchema>
export type LinearAxis = z.output<typeof linearAxisSchema>
export type RandomAxis = z.output<typeof randomAxisSchema>
export type Axis = ListAxis | LogAxis | LinearAxis | RandomAxis

/**
 * One axis, dispatched on its shape so an error speaks about the form the
 * user meant ("log: ...") instead of listing why each of four forms failed.
 */
export const axisSchema = z.custom<Axis>().transform((value, ctx): Axis => {
  const branch = Array.isArray(value)
    ? listAxisSchema
    : typeof value === 'object' && value !== null
      ? 'log' in value
        ? logAxisSchema
        : 'linear' in value
          ? linearAxisSchema
          : 'random' in value
            ? randomAxisSchema
            : null
      : null
  if (!branch) {
    ctx.addIssue({ code: 'custom', message: 'must be a list of values, {"log": [LO, HI], "count": K}, {"linear": [LO, HI], "count": K} or {"random": "uniform" | "loguniform", "range": [LO, HI], "count": K, "seed": S}' })
    return z.NEVER
  }
  const r = branch.safeParse(value)
  if (!r.success) {
    for (const issue of r.error.issues) ctx.addIssue({ ...issue, code: 'custom', message: issue.message, path: issue.path })
    return z.NEVER
  }
  return r.data as Axis
})

export const REPLICATE_SEEDS = ['data', 'training', 'both'] as const
export type ReplicateSeeds = (typeof REPLICATE_SEEDS)[number]

export const studyNameSchema = z.string().trim().min(1, 'a study needs a name').max(200, 'a study name has at most 200 characters')

export const studySchema = z
  .object({
    name: studyNameSchema,
    base: z.record(z.string(), z.unknown()).describe('an experiment spec (see nw-workbench schema); axes override its fields'),
    axes: z.record(z.string().min(1).max(100), axisSchema).default({}),
    replicates: z.number().int().min(1).max(MAX_REPLICATES).default(1),
    replicateSeeds: z.enum(REPLICATE_SEEDS).default('data'),
  })
  .strict()

export type StudyInput = z.input<typeof studySchema>
export type Study = z.output<typeof studySchema>
