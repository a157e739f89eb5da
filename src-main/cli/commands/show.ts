import type { RunDetail } from '../../../src-shared/api/runs'
import type { Command } from '../command'
import type { CliIo } from '../io'
import { printJson } from '../json'
import { runToJson } from '../runJson'
import { DB_FLAG, DB_HELP, withServices } from '../store'
import { formatTable, formatValue } from '../table'
import { UsageError } from '../flags'

const num = (v: number | null) => (v === null ? '—' : formatValue(v))

export function printRunSummary(io: CliIo, r: RunDetail): void {
  const lines = [
    `${r.id}  ${r.name}`,
    `status   ${r.status}${r.error ? ` (${r.error.name}: ${r.error.message})` : ''}`,
    `data     ${r.data.label}${r.data.seed !== null ? `, seed ${r.data.seed}` : ''}: ${r.data.nTrain} training points, ${r.data.nQuery} queries`,
    `model    ${r.mode}, kernel ${r.kernel}, sigma ${num(r.sigma)}${r.sigmaRule ? ` (by ${r.sigmaRule})` : ''}`,
  ]
  if (r.training) {
    const t = r.training
    lines.push(
      `training w0 ${t.w0 === null ? t.w0Spec : formatValue(t.w0)}, lr ${t.lr}, ${t.epochs} epochs, ${t.loss}, ${t.loo ? 'leave-one-out' : 'self included'}, ${t.batchSize === null ? 'full batch' : `batch ${t.batchSize}`}`,
      `learned  w = ${num(r.w)}`,
    )
  }
  const v = r.vector
  if (v) {
    lines.push(
      `vector   d = ${v.d} (${v.features.join(', ')})${v.target ? ` → ${v.target}` : ''}, ${v.task}, ${v.estimator}, ${v.scoring} scoring`,
      `widths   ${v.sigma ? v.sigma.map((s) => formatValue(s)).join(', ') : '—'}`,
    )
    if (v.classMetrics) {
      const c = v.classMetrics
      lines.push(`classes  ${(v.labelNames ?? []).slice(0, v.classCount ?? 0).join(', ')}; accuracy ${num(c.accuracy)}, log loss ${num(c.logLoss)}, LOO accuracy ${num(c.looAccuracy)}`)
    }
    if (v.bands) lines.push(`band     ${v.bands.kind}, level ${v.bands.level}${v.bands.replicates ? `, ${v.bands.replicates} replicates, seed ${v.bands.seed}` : ''}`)
  }
  const m = r.metrics
  lines.push(`metrics  train loss ${num(m.trainLoss)}, train MSE ${num(m.trainMse)}, test MSE ${num(m.testMse)}, LOO score ${num(m.looScore)}`)
  if (r.tags.length) lines.push(`tags     ${r.tags.join(', ')}`)
  if (r.notes) lines.push(`notes    ${r.notes}`)
  io.stdout(lines.join('\n') + '\n')
  if (r.epochs.length) io.stdout('\n' + formatTable(['epoch', 'loss', 'w'], r.epochs.map((e) => [e.epoch, e.loss, e.w])))
}

export const showCommand: Command = {
  name: 'show',
  help: `Usage: nw-workbench show ID [--db FILE] [--json]

ID may be a unique prefix of the run's id.
${DB_HELP}
  --json          the stored run as JSON (fields as in fit/train: yHat, epochs, w, ...)`,
  flags: { json: { type: 'boolean' }, ...DB_FLAG },
  positionals: 1,
  run({ values, positionals, io }) {
    const prefix = positionals[0]
    if (!prefix) throw new UsageError('missing the run ID (see nw-workbench show --help)')
    return withServices(values, io, (s) => {
      const detail = s.store.detail(s.store.resolveId(prefix), 'full')
      if (values.json) printJson(io.stdout, runToJson(detail))
      else printRunSummary(io, detail)
    })
  },
}
