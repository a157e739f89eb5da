import { z } from 'zod'

/**
 * An array of finite numbers, checked with one loop: data sets reach 10^6
 * points, where a per-element schema is slow and its error lists every bad
 * cell. The message names the first offending index.
 */
export function finiteNumberArray(maxLength: number, description?: string, minLength = 1) {
  const schema = z.custom<number[]>().superRefine((value, ctx) => {
    if (!Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: 'must be an array of numbers' })
      return
    }
    if (value.length < minLength) {
      ctx.addIssue({ code: 'custom', message: `must have at least ${minLength} value${minLength === 1 ? '' : 's'}` })
      return
    }
    if (value.length > maxLength) {
      ctx.addIssue({ code: 'custom', message: `must have at most ${maxLength} values (got ${value.length})` })
      return
    }
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i]
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        ctx.addIssue({ code: 'custom', message: `[${i}] must be a finite number (got ${JSON.stringify(v) ?? String(v)})` })
        return
      }
    }
  })
  const described = description ? schema.describe(description) : schema
  NUMBER_ARRAYS.set(described, { minItems: minLength, maxItems: maxLength })
  return described
}

/** Array schemas made by finiteNumberArray, so the JSON Schema can describe what z.custom cannot. */
export const NUMBER_ARRAYS = new WeakMap<z.ZodType, { minItems: number; maxItems: number }>()

/** One line per problem, "path: message", for error replies and form fields. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => {
      const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '')
      // Array-element messages start with their index ("[3] must be ..."), which reads best glued to the path.
      if (!path) return i.message
      return i.message.startsWith('[') ? `${path}${i.message}` : `${path}: ${i.message}`
    })
    .join('; ')
}
