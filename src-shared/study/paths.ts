import { documentedSpecSchema, generatorDataSchema, inlineDataSchema, presetDataSchema, trainingSchema } from '../api/spec'
import { vectorGeneratorDataSchema } from '../api/vectorSpec'
import { InputError } from '../errors'

/**
 * The spec fields an axis may vary, read off the spec's own schemas, so a
 * field added there (the vector-inputs issue's dimension, say) becomes an
 * axis without a change here.
 */
function fieldPaths(): Set<string> {
  const paths = new Set<string>(Object.keys(documentedSpecSchema.shape))
  for (const schema of [presetDataSchema, generatorDataSchema, inlineDataSchema, vectorGeneratorDataSchema]) {
    for (const key of Object.keys(schema.shape)) paths.add(`data.${key}`)
  }
  for (const key of Object.keys(trainingSchema.shape)) paths.add(`training.${key}`)
  return paths
}

export const SPEC_PATHS: ReadonlySet<string> = fieldPaths()

/** Spec fields that take whole numbers: a range or random axis on one is rounded to integers. */
export const INTEGER_PATHS: ReadonlySet<string> = new Set(['data.n', 'data.d', 'data.seed', 'training.epochs', 'training.batchSize', 'training.seed'])

export function checkPath(path: string): void {
  if (!SPEC_PATHS.has(path)) {
    const near = [...SPEC_PATHS].filter((p) => p.endsWith(`.${path}`) || p.split('.').pop() === path.split('.').pop())
    throw new InputError(
      `axis "${path}" is not a spec field${near.length ? ` (did you mean ${near.map((p) => `"${p}"`).join(' or ')}?)` : ''}; fields are ${[...SPEC_PATHS].join(', ')}`,
    )
  }
}

/** The value at a dotted path, or undefined. */
export function getPath(obj: unknown, path: string): unknown {
  let at: unknown = obj
  for (const key of path.split('.')) {
    if (typeof at !== 'object' || at === null || Array.isArray(at)) return undefined
    at = (at as Record<string, unknown>)[key]
  }
  return at
}

/** Sets the value at a dotted path in place, making the objects on the way. */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.')
  let at = obj
  for (let i = 0; i < keys.length - 1; i++) {
    const next = at[keys[i]!]
    if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      at[keys[i]!] = {}
    }
    at = at[keys[i]!] as Record<string, unknown>
  }
  at[keys[keys.length - 1]!] = value
}

/** A deep copy of JSON-shaped data. */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T)
}
