import type { Command } from '../command'
import { UsageError } from '../flags'
import { DB_FLAG, DB_HELP, withServices } from '../store'

export const deleteCommand: Command = {
  name: 'delete',
  help: `Usage: nw-workbench delete ID [ID ...] [--db FILE]

Removes the runs and their arrays from the database. IDs may be unique prefixes.
(The app's delete can be undone; this one cannot.)
${DB_HELP}`,
  flags: { ...DB_FLAG },
  positionals: 1000,
  run({ values, positionals, io }) {
    if (positionals.length === 0) throw new UsageError('missing the run ID (see nw-workbench delete --help)')
    return withServices(values, io, (s) => {
      const ids = positionals.map((p) => s.store.resolveId(p))
      const n = s.store.purge(ids)
      io.stdout(`deleted ${n} run${n === 1 ? '' : 's'}: ${ids.join(', ')}\n`)
    })
  },
}
