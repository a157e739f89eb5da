import { anyBundleSchema } from '../../../src-shared/api/bundle'
import { describeZodError } from '../../../src-shared/api/zodHelpers'
import { InputError } from '../../../src-shared/errors'
import { writeFileAtomically } from '../../atomicWrite'
import type { Command } from '../command'
import { stringFlag, UsageError } from '../flags'
import { readText } from '../files'
import { DB_FLAG, DB_HELP, withServices } from '../store'

export const bundleCommand: Command = {
  name: 'bundle',
  help: `Usage: nw-workbench bundle export ID... --out FILE.json [--db FILE]
       nw-workbench bundle import FILE.json [--db FILE]

A bundle holds runs with every stored value (arrays as base64 of their float64
bytes), so importing it restores them bit for bit; the app's Runs view reads and
writes the same files. Runs already in the database are skipped on import.
${DB_HELP}`,
  flags: { out: { type: 'string' }, ...DB_FLAG },
  positionals: 10_000,
  run({ values, positionals, io }) {
    const [action, ...rest] = positionals
    if (action === 'export') {
      if (rest.length === 0) throw new UsageError('missing the run IDs (see nw-workbench bundle --help)')
      const out = stringFlag(values, 'out', true)
      return withServices(values, io, (s) => {
        const ids = rest.map((p) => s.store.resolveId(p))
        writeFileAtomically(io.cwd, out, JSON.stringify(s.store.exportBundle(ids, Date.now())))
        io.stdout(`wrote ${ids.length} run${ids.length === 1 ? '' : 's'} to ${out}\n`)
      })
    }
    if (action === 'import') {
      if (rest.length !== 1) throw new UsageError('give one bundle file to import (see nw-workbench bundle --help)')
      const file = rest[0]!
      let raw: unknown
      try {
        raw = JSON.parse(readText(io.cwd, file))
      } catch (e) {
        if (e instanceof InputError) throw e
        throw new InputError(`${file}: not valid JSON`)
      }
      const parsed = anyBundleSchema.safeParse(raw)
      if (!parsed.success) throw new InputError(`${file}: not an nw-workbench bundle: ${describeZodError(parsed.error)}`)
      return withServices(values, io, (s) => {
        const r = s.store.importBundle(parsed.data, 'cli')
        io.stdout(`imported ${r.imported.length} run${r.imported.length === 1 ? '' : 's'}${r.skipped.length ? `, skipped ${r.skipped.length} already here` : ''}\n`)
      })
    }
    throw new UsageError(`unknown action "${action ?? ''}": use bundle export or bundle import`)
  },
}
