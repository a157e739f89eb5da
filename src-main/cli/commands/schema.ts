import { experimentSpecJsonSchema } from '../../../src-shared/api/jsonSchema'
import type { Command } from '../command'

export const schemaCommand: Command = {
  name: 'schema',
  help: `Usage: nw-workbench schema

Prints the JSON Schema (draft 2020-12) of the spec that run --spec reads and the
API takes; it is generated from the validation schema itself.`,
  flags: {},
  run({ io }) {
    io.stdout(JSON.stringify(experimentSpecJsonSchema(), null, 2) + '\n')
  },
}
