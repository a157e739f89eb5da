import { bundleJsonSchema, experimentSpecJsonSchema } from '../../../src-shared/api/jsonSchema'
import type { Command } from '../command'

export const schemaCommand: Command = {
  name: 'schema',
  help: `Usage: nw-workbench schema [--bundle]

Prints the JSON Schema (draft 2020-12) of the spec that run --spec reads and the
API takes, or with --bundle of a bundle file (bundle export / import); each is
generated from the validation schema itself.`,
  flags: { bundle: { type: 'boolean' } },
  run({ values, io }) {
    io.stdout(JSON.stringify(values.bundle ? bundleJsonSchema() : experimentSpecJsonSchema(), null, 2) + '\n')
  },
}
