import { z } from 'zod'
import { bundleV2Schema } from './bundle'
import { documentedSpecSchema } from './spec'
import { NUMBER_ARRAYS } from './zodHelpers'

/** The JSON Schema of an experiment spec, generated from the schema the API validates with. */
export function experimentSpecJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(documentedSpecSchema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      const arr = NUMBER_ARRAYS.get(ctx.zodSchema as unknown as z.ZodType)
      if (arr) Object.assign(ctx.jsonSchema, { type: 'array', items: { type: 'number' }, ...arr })
    },
  })
  return {
    ...schema,
    $id: 'https://nw-workbench.local/schemas/experiment-spec.schema.json',
    title: 'nw-workbench experiment spec',
    description:
      'What `nw-workbench run --spec` reads and the API takes to create an experiment. data is a preset with a seed, generator parameters, inline arrays, or (command line only) paths of data files (CSV, TSV, Parquet or Arrow/Feather).',
  }
}

/** The JSON Schema of a bundle (the current format), generated from the schema import checks against. */
export function bundleJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(bundleV2Schema, { io: 'input', unrepresentable: 'any' })
  return {
    ...schema,
    $id: 'https://nw-workbench.local/schemas/bundle.schema.json',
    title: 'nw-workbench bundle, format 2',
    description:
      'Runs exported as one JSON file (nw-workbench bundle export, or Export bundle in the app). Arrays are base64 of little-endian float64 values. ' +
      'Format 1 (nw-workbench 0.1) is still imported. On import every run is checked as the API checks a new experiment: its spec, its arrays and their lengths, finite inputs, and what a finished run must have.',
  }
}
