import { accessSync, constants, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { RUN_CHART_KINDS, type RunChartKind } from '../../../src-shared/charts/runCharts'
import { InputError } from '../../../src-shared/errors'
import { exportRunChart, EXPORT_FORMATS, type ExportFormat } from '../../export/runExports'
import { describeFsError, makeDirs } from '../../fsErrors'
import type { Command } from '../command'
import { choiceFlag, stringFlag, UsageError } from '../flags'
import { parseStyleFlags, STYLE_FLAGS, STYLE_HELP, styleFor } from '../styleFlags'
import { writeFilesAtomically, type OutputFile } from '../../atomicWrite'
import { printJson } from '../json'
import { DB_FLAG, DB_HELP, withServices } from '../store'

/** The output folder, created if needed; refused with the reason when it is not a writable folder. */
export function prepareOutDir(cwd: string, dir: string): string {
  const full = resolve(cwd, dir)
  try {
    makeDirs(full)
  } catch (e) {
    throw describeFsError(dir, e)
  }
  if (!statSync(full).isDirectory()) throw new InputError(`${dir}: is a file, not a folder`)
  try {
    accessSync(full, constants.W_OK)
  } catch (e) {
    throw describeFsError(dir, e)
  }
  return full
}

export const exportCommand: Command = {
  name: 'export',
  help: `Usage: nw-workbench export ID... --chart fit|heatmap|loss|kernel --format svg|png|pdf|csv|py --out DIR
                           [--style screen|paper] [--column single|double] [--width W] [--height H]
                           [--dpi N | --scale S] [--font sans|serif] [--font-size PT] [--line-width PT]
                           [--theme light|dark] [--model M] [--loss-view batch|epoch] [--db FILE]

Draws the same charts as the app, without it, and nothing of the app (no zoom
slider, toolbox or hover state): one file per run and chart, DIR/ID-CHART.FORMAT.
IDs may be unique prefixes; --chart may be repeated. A loss chart is skipped
(with a note) for runs that did not train.

  --chart C       fit | heatmap | loss | kernel (repeatable)
  --format F      svg (vector, sized in cm/in) | png | pdf (vector, text kept as text) |
                  csv (the tidy data: series,x,y,...) | py (a matplotlib script and its data)
  --out DIR       output folder (created if missing)
${STYLE_HELP}
  --model M       parametric runs: trained (default) or nonparametric
  --loss-view V   minibatch runs: batch (default, d2l's trainer board) or epoch
${DB_HELP}
  --json          print the written files as JSON`,
  flags: {
    chart: { type: 'string', multiple: true },
    format: { type: 'string' },
    out: { type: 'string' },
    model: { type: 'string' },
    'loss-view': { type: 'string' },
    json: { type: 'boolean' },
    ...STYLE_FLAGS,
    ...DB_FLAG,
  },
  positionals: 10_000,
  run({ values, positionals, io }) {
    if (positionals.length === 0) throw new UsageError('missing the run IDs (see nw-workbench export --help)')
    const charts = (values.chart as unknown as string[] | undefined) ?? []
    if (charts.length === 0) throw new UsageError('missing required flag --chart')
    for (const c of charts) {
      if (!(RUN_CHART_KINDS as readonly string[]).includes(c)) throw new UsageError(`--chart: unknown value "${c}" (choose one of: ${RUN_CHART_KINDS.join(', ')})`)
    }
    const format = choiceFlag<ExportFormat>(values, 'format', EXPORT_FORMATS)
    const out = stringFlag(values, 'out', true)
    const choice = parseStyleFlags(values, 'screen')
    const style = styleFor(choice, null)
    const model = values.model === undefined ? undefined : choiceFlag(values, 'model', ['nonparametric', 'trained'] as const)
    const view = values['loss-view'] === undefined ? undefined : choiceFlag(values, 'loss-view', ['batch', 'epoch'] as const)
    const dir = prepareOutDir(io.cwd, out)
    return withServices(values, io, async (s) => {
      const ids = positionals.map((p) => s.store.resolveId(p))
      const files: OutputFile[] = []
      for (const id of ids) {
        const run = s.store.detail(id, 'full')
        for (const chart of charts as RunChartKind[]) {
          if (chart === 'loss' && run.epochs.length === 0) {
            io.stderr(`nw-workbench export: skipped the loss chart of ${id}: it did not train\n`)
            continue
          }
          for (const f of await exportRunChart(s.store, run, chart, { format, style, ...(model ? { model } : {}), ...(view ? { view } : {}) })) {
            files.push({ path: join(dir, f.name), content: f.data })
          }
        }
      }
      if (files.length === 0) throw new InputError('nothing to export')
      // All files or none, each written whole: an export cut short leaves nothing half-done.
      writeFilesAtomically(dir, files)
      const written = files.map((f) => f.path)
      if (values.json) printJson(io.stdout, { files: written })
      else io.stdout(written.map((p) => `wrote ${p}`).join('\n') + '\n')
    })
  },
}
