import { resolve } from 'node:path'
import type { StudyDetail } from '../../../src-shared/api/studies'
import { METRIC_LABELS, type StudyMetric } from '../../../src-shared/study/aggregate'
import { formatParam } from '../../../src-shared/study/labels'
import { newRunId } from '../../store/ids'
import { collectSlurm, describeSlot } from '../../study/collect'
import { emitSlurm } from '../../study/slurm'
import { readStudyFile } from '../../study/studyFile'
import { sweepJson } from '../../../src-shared/study/sweepJson'
import type { Command } from '../command'
import type { CliIo } from '../io'
import { choiceFlag, numberFlag, stringFlag, UsageError } from '../flags'
import { printJson } from '../json'
import { DB_FLAG, DB_HELP, openCliServices, withServices } from '../store'
import { formatTable } from '../table'

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(Number(v.toPrecision(4))))

function printCells(io: CliIo, d: StudyDetail): void {
  const paths = d.axes.map((a) => a.path)
  // A metric that does not vary within any cell (sigma when it is given, not chosen by a rule) says nothing here.
  const metrics: StudyMetric[] = d.metrics.filter((m) => m !== 'sigma' || d.cells.some((c) => (c.metrics.sigma?.sd ?? 0) > 0))
  io.stdout(
    formatTable(
      [...paths, 'runs', ...metrics.map((m) => `${METRIC_LABELS[m]} (mean ± sd)`)],
      d.cells.map((c) => [
        ...paths.map((p) => formatParam(c.params[p])),
        `${c.done}/${d.replicates}`,
        ...metrics.map((m) => {
          const a = c.metrics[m]
          return a && a.mean !== null ? `${fmt(a.mean)}${a.sd !== null ? ` ± ${fmt(a.sd)}` : ''}` : '—'
        }),
      ]),
    ),
  )
}

export const sweepCommand: Command = {
  name: 'sweep',
  help: `Usage: nw-workbench sweep --spec STUDY.json [--db FILE] [--workers K] [--json]
       nw-workbench sweep --spec STUDY.json --emit slurm DIR [--db FILE] [--runs-per-task K]
       nw-workbench sweep collect DIR [--db FILE] [--json]

Runs a study: a base experiment spec, axes over its fields, and replicates.

  {"name": "sigma by kernel", "base": {"data": {"preset": "d2l-newest", "seed": 1}},
   "axes": {"kernel": ["gaussian", "boxcar"], "sigma": {"log": [0.05, 2], "count": 9}},
   "replicates": 5, "replicateSeeds": "data"}

An axis is a list of values, {"log": [LO, HI], "count": K}, {"linear": [LO, HI], "count": K}
or {"random": "uniform" | "loguniform", "range": [LO, HI], "count": K, "seed": S}; a path
is a dotted spec field (sigma, kernel, data.n, training.lr, ...). The cells are the product
of the axes; each runs "replicates" times with seeds base + 0, 1, ... ("data", "training"
or "both" seeds). A study is known by its name in the database: running the same file
again runs only what has no done run (a resume after Ctrl+C or a crash), and a file with
more axis values or replicates extends it.

  --spec FILE          the study file (JSON)
${DB_HELP}
  --workers K          worker threads (default: cores - 1)
  --json               {"studyId", "runs", "cells": [{"params", "runIds", "metrics": {"testMse":
                       {"mean", "sd", "n", "ci95"}, ...}}]}; metrics named as in show --json
  --emit slurm DIR     write the runs still missing as a Slurm job array instead: DIR/study.sbatch
                       (sbatch DIR/study.sbatch; SLURM_ARRAY_TASK_ID=3 bash DIR/study.sbatch runs
                       task 3 anywhere), one spec file per run, one bundle per task in DIR/results
  --runs-per-task K    runs per array task (default: packed to about a minute of work each)
  collect DIR          import DIR/results into the study; reports missing and failed runs
                       (emit again to write just those)

Exit code 0 when every planned run is done, 1 when some failed, are missing or the sweep
was cancelled, 2 for a bad study file or flag.`,
  flags: {
    spec: { type: 'string' },
    json: { type: 'boolean' },
    emit: { type: 'string' },
    workers: { type: 'string' },
    'runs-per-task': { type: 'string' },
    ...DB_FLAG,
  },
  positionals: 2,
  async run({ values, positionals, io }) {
    if (positionals[0] === 'collect') return collect(values, positionals, io)
    if (positionals.length > 0) {
      // `--emit slurm DIR`: DIR arrives as a positional.
      if (values.emit === undefined || positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[0]}" (see nw-workbench sweep --help)`)
    }
    const path = stringFlag(values, 'spec', true)
    if (values.emit !== undefined) {
      choiceFlag(values, 'emit', ['slurm'] as const)
      const dir = positionals[0]
      if (!dir) throw new UsageError('--emit slurm needs a folder: --emit slurm DIR')
      const runsPerTask = numberFlag(values, 'runs-per-task', { integer: true, min: 1 })
      const { study, cells } = await readStudyFile(io.cwd, path)
      return withServices(values, io, (s) => {
        const r = emitSlurm(s.store, study, cells, resolve(io.cwd, dir), newRunId(), runsPerTask ? { runsPerTask } : {})
        if (r.uncollected.length) {
          io.stderr(`nw-workbench sweep: ${r.dir}/results holds ${r.uncollected.length} task result(s) not collected into this database; run sweep collect first, or their runs are computed again\n`)
        }
        if (r.runs === 0) io.stdout(`every run of study ${r.studyId} is done; nothing to emit\n`)
        else {
          io.stdout(
            `wrote ${r.runs} run${r.runs === 1 ? '' : 's'} in ${r.tasks} task${r.tasks === 1 ? '' : 's'} to ${r.dir}${r.alreadyDone ? ` (${r.alreadyDone} already done)` : ''}\n` +
              `submit: sbatch ${r.dir}/study.sbatch\nthen:   nw-workbench sweep collect ${dir}${typeof values.db === 'string' ? ` --db ${values.db}` : ''}\n`,
          )
        }
      })
    }
    if (values['runs-per-task'] !== undefined) throw new UsageError('--runs-per-task goes with --emit slurm DIR')
    const workers = numberFlag(values, 'workers', { integer: true, min: 1, max: 256 })
    const { study } = await readStudyFile(io.cwd, path)
    const services = openCliServices(values, io, workers)
    let id: string | null = null
    const onSignal = () => {
      if (id) void services.studies.cancel(id)
    }
    process.once('SIGINT', onSignal)
    const off = services.events.on((e) => {
      if (e.type !== 'study.progress' || e.studyId !== id || !process.stderr.isTTY) return
      const p = e.progress
      const eta = p.etaMs === null ? '' : `, about ${Math.ceil(p.etaMs / 1000)} s left`
      io.stderr(`\r${p.done}/${p.planned} runs done${p.failed ? `, ${p.failed} failed` : ''}${eta}   `)
    })
    try {
      id = services.studies.create(study).id
      const final = await services.studies.waitFor(id)
      if (process.stderr.isTTY) io.stderr('\n')
      const detail = services.store.studies.detail(id)
      if (values.json) printJson(io.stdout, sweepJson(detail))
      else {
        io.stdout(`study ${detail.id}  ${detail.name}\n${detail.done}/${detail.planned} runs done${detail.failed ? `, ${detail.failed} failed` : ''} (${final.status})\n\n`)
        printCells(io, detail)
      }
      if (final.status !== 'done') {
        io.stderr(`nw-workbench sweep: study ${id} ${final.status}: ${final.done} of ${final.planned} runs done${final.failed ? `, ${final.failed} failed` : ''}; run the same command again to resume\n`)
        return 1
      }
      return 0
    } finally {
      off()
      process.removeListener('SIGINT', onSignal)
      await services.close()
    }
  },
}

function collect(values: Record<string, string | boolean | undefined>, positionals: string[], io: CliIo) {
  const dir = positionals[1]
  if (!dir) throw new UsageError('missing the folder: nw-workbench sweep collect DIR')
  if (values.spec !== undefined || values.emit !== undefined) throw new UsageError('sweep collect takes a folder only (and --db, --json)')
  return withServices(values, io, (s) => {
    const r = collectSlurm(s.store, resolve(io.cwd, dir))
    for (const u of r.unreadable) io.stderr(`nw-workbench sweep: skipped ${u}\n`)
    if (values.json) {
      printJson(io.stdout, { ...sweepJson(r.detail), failed: r.failed, missing: r.missing })
    } else {
      io.stdout(
        `collected ${r.attached} run${r.attached === 1 ? '' : 's'} from ${r.files} task result${r.files === 1 ? '' : 's'} into study ${r.studyId}` +
          `${r.skipped ? ` (${r.skipped} already here)` : ''}: ${r.detail.done}/${r.detail.planned} runs done\n`,
      )
      const list = (label: string, slots: typeof r.failed) => {
        if (!slots.length) return
        io.stdout(`${label} (${slots.length}):\n${slots.slice(0, 20).map((x) => `  ${describeSlot(x)}`).join('\n')}${slots.length > 20 ? `\n  ... and ${slots.length - 20} more` : ''}\n`)
      }
      list('failed', r.failed)
      list('missing', r.missing)
      if (r.failed.length || r.missing.length) io.stdout(`emit the study again (sweep --spec FILE --emit slurm ${dir}) to write just these\n`)
    }
    return r.failed.length || r.missing.length ? 1 : 0
  })
}
