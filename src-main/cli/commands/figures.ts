import { join } from 'node:path'
import type { RunDetail } from '../../../src-shared/api/runs'
import type { HeatmapData } from '../../../src-shared/charts/heatmapChart'
import type { RunModel } from '../../../src-shared/charts/runCharts'
import { CHAPTER_FIGURES, chapterSlots, chapterSpecs, EDITIONS, type Edition } from '../../../src-shared/figures/chapter'
import { exportTheme } from '../../../src-shared/figures/draw'
import { exportFigure, FIGURE_FORMATS, type FigureFormat } from '../../../src-shared/figures/exportFigure'
import { COLOR_SCALES, type ColorScale } from '../../../src-shared/figures/model'
import { experimentSpecSchema } from '../../../src-shared/api/spec'
import { InputError } from '../../../src-shared/errors'
import { NODE_PLATFORM } from '../../export/nodePlatform'
import { runHeatmap } from '../../export/runExports'
import type { Command } from '../command'
import { writeFilesAtomically, type OutputFile } from '../../atomicWrite'
import { choiceFlag, numberFlag, stringFlag } from '../flags'
import { printJson } from '../json'
import { DB_FLAG, DB_HELP, withServices } from '../store'
import { parseStyleFlags, STYLE_FLAGS, STYLE_HELP, styleFor } from '../styleFlags'
import { prepareOutDir } from './export'

export const FIGURES_TAG = 'chapter-figures'

export const figuresCommand: Command = {
  name: 'figures',
  help: `Usage: nw-workbench figures --out DIR [--format svg|png|pdf|csv|py] [--style paper|screen]
                            [--edition oldest|middle|newest] [--seed N] [--color-scale panel|shared]
                            [--only FIG]... [style flags] [--db FILE] [--json]

Reproduces every figure of the chapter (shared/reference/CHAPTER.md): runs the
experiments behind them, stores the runs (tagged ${FIGURES_TAG}), and writes one
file per figure, DIR/fig1.FORMAT ... DIR/fig9.FORMAT (csv: one file per panel in
a zip for multi-panel figures; py: a matplotlib script and its data folder).

  --out DIR       output folder (created if missing)
  --format F      svg | png | pdf (default) | csv | py
  --edition E     every figure from one edition's data and training (default: each
                  figure from the edition that shows it: 1-6 oldest, 7-9 newest)
  --seed N        the data sets' seed (default 0)
  --color-scale S heatmaps each on their own scale and colour bar (panel, default,
                  as the chapter's code) or on one shared scale with one bar (shared)
  --loss-view V   figure 5 of a minibatch run: batch (default) or epoch
  --only FIG      only these figures (fig1 ... fig9; repeatable)
${STYLE_HELP}
${DB_HELP}
  --json          print the runs and the written files as JSON`,
  flags: {
    out: { type: 'string' },
    format: { type: 'string' },
    edition: { type: 'string' },
    seed: { type: 'string' },
    'color-scale': { type: 'string' },
    'loss-view': { type: 'string' },
    only: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    ...STYLE_FLAGS,
    ...DB_FLAG,
  },
  run({ values, io }) {
    const out = stringFlag(values, 'out', true)
    const format = choiceFlag<FigureFormat>(values, 'format', FIGURE_FORMATS, 'pdf')
    const edition = values.edition === undefined ? undefined : choiceFlag<Edition>(values, 'edition', EDITIONS)
    const seed = numberFlag(values, 'seed', { integer: true, min: 0, max: 0xffffffff }) ?? 0
    const colorScale = choiceFlag<ColorScale>(values, 'color-scale', COLOR_SCALES, 'panel')
    const lossView = values['loss-view'] === undefined ? undefined : choiceFlag(values, 'loss-view', ['batch', 'epoch'] as const)
    const only = (values.only as unknown as string[] | undefined) ?? []
    for (const o of only) if (!CHAPTER_FIGURES.some((f) => f.id === o)) throw new InputError(`--only: unknown figure "${o}" (choose from ${CHAPTER_FIGURES.map((f) => f.id).join(', ')})`)
    const figures = CHAPTER_FIGURES.filter((f) => only.length === 0 || only.includes(f.id))
    const choice = parseStyleFlags(values, 'paper')
    const theme = exportTheme(styleFor(choice, null))
    const dir = prepareOutDir(io.cwd, out)
    return withServices(values, io, async (s) => {
      const wanted = new Set(figures.flatMap((f) => f.slots))
      const set = `${FIGURES_TAG}-${Date.now().toString(36)}`
      const specs = chapterSpecs(seed, [FIGURES_TAG, set], edition).filter((_, i) => wanted.has(chapterSlots(edition)[i]!.slot))
      const ids = new Map<string, string>()
      for (const spec of specs) ids.set(spec.tags!.find((t) => wanted.has(t))!, (await s.runner.create(experimentSpecSchema.parse(spec))).id)
      for (const [slot, id] of ids) {
        const final = await s.runner.waitFor(id)
        if (final.status !== 'done') throw new InputError(`the run for ${slot} (${id}) ${final.status}${final.error ? `: ${final.error.message}` : ''}`)
      }
      const runs = new Map<string, RunDetail>()
      const heatmaps = new Map<string, HeatmapData>()
      const data = {
        run(slot: string): RunDetail {
          let r = runs.get(slot)
          if (!r) {
            r = s.store.detail(ids.get(slot)!, 'full')
            runs.set(slot, r)
          }
          return r
        },
        heatmap(slot: string, model: RunModel): HeatmapData {
          const key = `${slot}|${model}`
          let h = heatmaps.get(key)
          if (!h) {
            h = runHeatmap(s.store, data.run(slot), model, 100, 100)
            heatmaps.set(key, h)
          }
          return h
        },
      }
      const files: OutputFile[] = []
      for (const def of figures) {
        const fig = def.build(data, { theme, colorScale, ...(lossView ? { lossView } : {}) })
        const style = styleFor(choice, fig, def.column)
        const finished = def.slots.map((slot) => data.run(slot).finishedAt ?? 0)
        const date = new Date(finished.reduce((a, b) => Math.max(a, b), 0))
        for (const f of await exportFigure(NODE_PLATFORM, fig, style, format, { date })) {
          files.push({ path: join(dir, f.name), content: f.data })
        }
      }
      // Every figure or none, each whole.
      writeFilesAtomically(dir, files)
      const written = files.map((f) => f.path)
      const stored = [...ids].map(([slot, id]) => ({ slot, id }))
      if (values.json) printJson(io.stdout, { runs: stored, files: written })
      else {
        io.stdout(`stored ${stored.length} run${stored.length === 1 ? '' : 's'} (tag ${FIGURES_TAG}, ${set}):\n${stored.map((r) => `  ${r.slot}  ${r.id}`).join('\n')}\n`)
        io.stdout(written.map((p) => `wrote ${p}`).join('\n') + '\n')
      }
    })
  },
}
