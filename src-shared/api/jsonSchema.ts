import { z } from 'zod'
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
