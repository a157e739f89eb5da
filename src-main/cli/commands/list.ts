import { RUN_STATUSES, type RunStatus, type RunSummary } from '../../../src-shared/api/runs'
import { KERNEL_IDS, type KernelId } from '../../../src-shared/engine/kernels'
import type { Command } from '../command'
import { choiceFlag, stringFlag } from '../flags'
import { printJson } from '../json'
import { DB_FLAG, DB_HELP, withServices } from '../store'
import { formatTable, formatValue } from '../table'
import { appendAll } from '../../../src-shared/arrays'

const PAGE = 1000

export const listCommand: Command = {
  name: 'list',
  help: `Usage: nw-workbench list [--db FILE] [--kernel K] [--status S] [--tag T] [--search TEXT] [--json]

${DB_HELP}
  --kernel K      only runs with this kernel
  --status S      only runs with this status (${RUN_STATUSES.join(', ')})
  --tag T         only runs with this tag
  --search TEXT   name, notes, tags, data or id containing TEXT
  --json          an array of run summaries`,
  flags: {
    json: { type: 'boolean' },
    kernel: { type: 'string' },
    status: { type: 'string' },
    tag: { type: 'string' },
    search: { type: 'string' },
    ...DB_FLAG,
  },
  run({ values, io }) {
    const kernel = values.kernel === undefined ? undefined : choiceFlag<KernelId>(values, 'kernel', KERNEL_IDS)
    const status = values.status === undefined ? undefined : choiceFlag<RunStatus>(values, 'status', RUN_STATUSES)
    const tag = stringFlag(values, 'tag')
    const text = stringFlag(values, 'search')
    return withServices(values, io, (s) => {
      const runs: RunSummary[] = []
      for (let offset = 0; ; offset += PAGE) {
        const page = s.store.list({
          offset,
          limit: PAGE,
          sort: { by: 'createdAt', dir: 'desc' },
          filter: {
            ...(kernel ? { kernel: [kernel] } : {}),
            ...(status ? { status: [status] } : {}),
            ...(tag ? { tags: [tag] } : {}),
            ...(text ? { text } : {}),
          },
        })
        appendAll(runs, page.runs)
        if (runs.length >= page.total || page.runs.length === 0) break
      }
      if (values.json) {
        printJson(io.stdout, runs)
        return
      }
      if (runs.length === 0) {
        io.stdout('no runs\n')
        return
      }
      const v = (x: number | null) => (x === null ? null : formatValue(x))
      io.stdout(
        formatTable(
          ['id', 'status', 'mode', 'kernel', 'sigma', 'w', 'test MSE', 'name'],
          runs.map((r) => [r.id, r.status, r.mode, r.kernel, v(r.sigma), v(r.w), v(r.metrics.testMse), r.name]),
        ),
      )
    })
  },
}
