import { accessSync, constants, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { RUN_CHART_KINDS, type RunChartKind } from '../../../src-shared/charts/runCharts'
import { InputError } from '../../../src-shared/errors'
import { exportRunChart, EXPORT_FORMATS, type ExportFormat } from '../../export/runExports'
import { writeFilesAtomically, type OutputFile } from '../../atomicWrite'
import { describeFsError, makeDirs } from '../../fsErrors'
import type { Command } from '../command'
import { choiceFlag, numberFlag, stringFlag, UsageError } from '../flags'
import { printJson } from '../json'
import { DB_FLAG, DB_HELP, withServices } from '../store'

/** The output folder, created if needed; refused with the reason when it is not a writable folder. */
function prepareOutDir(cwd: string, dir: string): string {
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
  help: `Usage: nw-workbench export ID... --chart fit|heatmap|loss|kernel --format svg|png|csv --out DIR
                           [--scale S] [--width W] [--height H] [--theme light|dark] [--model M] [--db FILE]

Draws the same charts as the app, without it (ECharts renders SVG in Node; PNG
is rasterised from it), one file per run and chart: DIR/ID-CHART.FORMAT.
IDs may be unique prefixes; --chart may be repeated. A loss chart is skipped
(with a note) for runs that did not train.

  --chart C       fit | heatmap | loss | kernel (repeatable)
  --format F      svg (compact vector, for LaTeX via svg or inkscape) | png | csv (the data behind the chart)
  --out DIR       output folder (created if missing)
  --scale S       PNG pixels per point (default 2)
  --width W, --height H   size in points (default 640 x 420)
  --theme T       light (default) or dark
  --model M       parametric runs: trained (default) or nonparametric
${DB_HELP}
  --json          print the written files as JSON`,
  flags: {
    chart: { type: 'string', multiple: true },
    format: { type: 'string' },
    out: { type: 'string' },
    scale: { type: 'string' },
    width: { type: 'string' },
    height: { type: 'string' },
    theme: { type: 'string' },
    model: { type: 'string' },
    json: { type: 'boolean' },
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
    const scale = numberFlag(values, 'scale', { min: 0.1, max: 20 }) ?? 2
    const width = numberFlag(values, 'width', { integer: true, min: 50, max: 10_000 }) ?? 640
    const height = numberFlag(values, 'height', { integer: true, min: 50, max: 10_000 }) ?? 420
    const theme = choiceFlag(values, 'theme', ['light', 'dark'] as const, 'light')
    const model = values.model === undefined ? undefined : choiceFlag(values, 'model', ['nonparametric', 'trained'] as const)
    const dir = prepareOutDir(io.cwd, out)
    return withServices(values, io, (s) => {
      const ids = positionals.map((p) => s.store.resolveId(p))
      const files: OutputFile[] = []
      for (const id of ids) {
        const run = s.store.detail(id, 'full')
        for (const chart of charts as RunChartKind[]) {
          if (chart === 'loss' && run.epochs.length === 0) {
            io.stderr(`nw-workbench export: skipped the loss chart of ${id}: it did not train\n`)
            continue
          }
          const file = exportRunChart(s.store, run, chart, { format, size: { width, height }, scale, theme, ...(model ? { model } : {}) })
          files.push({ path: join(dir, file.fileName), content: file.data })
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
