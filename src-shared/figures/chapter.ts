import type { RunDetail } from '../api/runs'
import type { ExperimentSpecInput } from '../api/spec'
import { batchMatmul } from '../engine/bmm'
import type { KernelId } from '../engine/kernels'
import type { PresetId } from '../engine/presets'
import { fitPanel } from '../charts/fitChart'
import { heatmapPanel, type HeatmapData } from '../charts/heatmapChart'
import { kernelsFigure } from '../charts/kernelChart'
import { lossPanel } from '../charts/lossChart'
import { batchesOf, type LossView, type RunModel } from '../charts/runCharts'
import type { ChartTheme } from '../charts/theme'
import type { ColorScale, Figure, Panel } from './model'

/**
 * The chapter's figures (shared/reference/CHAPTER.md), defined once for the
 * app's gallery and for `nw-workbench figures`: which runs make them (slots,
 * each one stored run) and how their panels are laid out.
 */

export type Edition = 'oldest' | 'middle' | 'newest'
export const EDITIONS = ['oldest', 'middle', 'newest'] as const satisfies readonly Edition[]

/** Figure 8's kernels, with the chapter's own names. */
export const FIG8_KERNELS: { id: KernelId; name: string }[] = [
  { id: 'gaussian', name: 'Gaussian' },
  { id: 'boxcar', name: 'Boxcar' },
  { id: 'constant', name: 'Constant' },
  { id: 'triangular', name: 'Epanechikov (triangular)' },
]
export const FIG9_SIGMAS = [0.1, 0.2, 0.5, 1]

export interface ChapterSlot {
  slot: string
  spec: (seed: number) => ExperimentSpecInput
}

const presetOf = (e: Edition): PresetId => `d2l-${e}`

/**
 * The runs behind the figures. By default each figure comes from the edition
 * that shows it (figures 1-6 the oldest, 7-9 the newest); with an edition
 * every figure uses that edition's data and training recipe (the newest
 * edition has no training in its text: it trains with the oldest's recipe).
 */
export function chapterSlots(edition?: Edition): ChapterSlot[] {
  const early = (seed: number) => ({ preset: presetOf(edition ?? 'oldest'), seed })
  const late = (seed: number) => ({ preset: presetOf(edition ?? 'newest'), seed })
  const tag = edition ? ` (${edition} edition)` : ''
  return [
    { slot: 'fig1', spec: (seed) => ({ name: `Fig. 1 · average pooling${tag}`, data: early(seed), kernel: 'constant', sigma: 1 }) },
    { slot: 'fig2', spec: (seed) => ({ name: `Fig. 2–3 · nonparametric Gaussian${tag}`, data: early(seed), kernel: 'gaussian', sigma: 1 }) },
    { slot: 'fig5', spec: (seed) => ({ name: `Fig. 5–6 · parametric training${tag}`, data: early(seed), kernel: 'gaussian', sigma: 1, mode: 'parametric' }) },
    ...FIG8_KERNELS.map((k) => ({ slot: `fig8-${k.id}`, spec: (seed: number): ExperimentSpecInput => ({ name: `Fig. 8 · ${k.name}${tag}`, data: late(seed), kernel: k.id, sigma: 1 }) })),
    ...FIG9_SIGMAS.map((s) => ({ slot: `fig9-${s}`, spec: (seed: number): ExperimentSpecInput => ({ name: `Fig. 9 · Gaussian σ = ${s}${tag}`, data: late(seed), kernel: 'gaussian', sigma: s }) })),
  ]
}

/** The specs of every slot, tagged with their slot and `tags`. */
export function chapterSpecs(seed: number, tags: string[], edition?: Edition): ExperimentSpecInput[] {
  return chapterSlots(edition).map((g) => ({ ...g.spec(seed), tags: [...tags, g.slot] }))
}

/** What a figure needs drawn: runs (with arrays) and heatmaps by slot. */
export interface ChapterData {
  run(slot: string): RunDetail
  heatmap(slot: string, model: RunModel): HeatmapData
}

export interface FigureOptions {
  theme: ChartTheme
  colorScale: ColorScale
  /** Figure 5 of a minibatch run: per batch (d2l's trainer board) or per epoch. */
  lossView?: LossView
}

export interface ChapterFigure {
  id: string
  /** What the gallery and the command line call it. */
  title: string
  /** Panels as (slot, model) heatmaps it draws, so a caller can compute them first. */
  heatmaps: { slot: string; model: RunModel }[]
  slots: string[]
  /** Default export width: a single or double journal column. */
  column: 'single' | 'double'
  build(data: ChapterData, o: FigureOptions): Figure
}

function fit(data: ChapterData, slot: string, t: ChartTheme, o: { title?: string; predName?: string; model?: RunModel; baseline?: boolean } = {}): Panel {
  const r = data.run(slot)
  const a = r.arrays!
  const trained = o.model === 'trained'
  const y = (trained || r.mode !== 'parametric' ? a.yHat : a.yHatNonparametric) ?? []
  return fitPanel(
    {
      xQuery: a.xQuery,
      xTrain: a.xTrain,
      yTrain: a.yTrain,
      yTruth: a.yTruth,
      curves: [{ name: o.predName ?? 'Pred', y, ...(trained ? { color: t.trained } : {}) }],
      ...(o.baseline ? { baseline: a.baseline } : {}),
      ...(o.title ? { title: o.title } : {}),
    },
    t,
    `fit-${slot}`,
  )
}

function heat(data: ChapterData, slot: string, model: RunModel, t: ChartTheme, title?: string): Panel {
  const r = data.run(slot)
  return heatmapPanel({ heatmap: data.heatmap(slot, model), keys: r.data.nTrain, queries: r.data.nQuery, ...(title ? { title } : {}) }, t, `weights-${slot}${model === 'trained' ? '-trained' : ''}`)
}

/** The chapter's name alone, for panel titles. */
const short = (name: string) => name.replace(/ \(.*\)$/, '')

const one = (name: string, title: string, panels: Panel[], extra: Partial<Figure> = {}): Figure => ({ name, title, panels, columns: panels.length, colorScale: 'panel', ...extra })

export const CHAPTER_FIGURES: ChapterFigure[] = [
  {
    id: 'fig1',
    title: 'Fig. 1 · Average pooling',
    slots: ['fig1'],
    heatmaps: [],
    column: 'single',
    build: (d, o) => one('fig1', 'Fig. 1 · Average pooling', [fit(d, 'fig1', o.theme)]),
  },
  {
    id: 'fig2',
    title: 'Fig. 2 · Nonparametric attention pooling (Gaussian, σ = 1)',
    slots: ['fig2'],
    heatmaps: [],
    column: 'single',
    build: (d, o) => one('fig2', 'Fig. 2 · Nonparametric attention pooling', [fit(d, 'fig2', o.theme)]),
  },
  {
    id: 'fig3',
    title: 'Fig. 3 · Its attention weights',
    slots: ['fig2'],
    heatmaps: [{ slot: 'fig2', model: 'nonparametric' }],
    column: 'single',
    build: (d, o) => one('fig3', 'Fig. 3 · Attention weights, Gaussian σ = 1', [heat(d, 'fig2', 'nonparametric', o.theme)]),
  },
  {
    id: 'fig4',
    title: 'Fig. 4 · Batch matrix multiplication',
    slots: [],
    heatmaps: [],
    column: 'single',
    build: () => {
      const r = batchMatmul({ data: new Float64Array(20).fill(0.1), shape: [2, 1, 10] }, { data: Float64Array.from({ length: 20 }, (_, i) => i), shape: [2, 10, 1] })
      const lines = [
        'weights 0.1, shape (2, 1, 10)',
        '× values 0, 1, …, 19, shape (2, 10, 1)',
        `= shape (${r.shape.join(', ')}): [[${r.data[0]!.toFixed(4)}]], [[${r.data[1]!.toFixed(4)}]]`,
        'each the average of ten values',
      ]
      return { ...one('fig4', 'Fig. 4 · Batch matrix multiplication', [{ kind: 'text', id: 'bmm', lines, data: Array.from(r.data, (y, x) => ({ series: 'batch result', x, y })) }]), aspect: 2.4 }
    },
  },
  {
    id: 'fig5',
    title: 'Fig. 5 · Training loss',
    slots: ['fig5'],
    heatmaps: [],
    column: 'single',
    build: (d, o) => {
      const r = d.run('fig5')
      const view = o.lossView ?? (batchesOf(r) ? 'batch' : 'epoch')
      const panel = lossPanel({ curves: [{ name: 'loss', epochs: r.epochs }], totalEpochs: r.training?.epochs ?? r.epochs.length, show: 'loss', batches: batchesOf(r), view }, o.theme, `loss-per-${view}`)
      return one('fig5', `Fig. 5 · Training loss per ${view === 'batch' && batchesOf(r) ? 'batch' : 'epoch'}`, [panel])
    },
  },
  {
    id: 'fig6',
    title: 'Fig. 6 · The trained model: its fit and its attention weights',
    slots: ['fig5'],
    heatmaps: [{ slot: 'fig5', model: 'trained' }],
    column: 'double',
    build: (d, o) => one('fig6', 'Fig. 6 · Parametric attention pooling after training', [fit(d, 'fig5', o.theme, { model: 'trained', predName: 'Pred (trained)' }), heat(d, 'fig5', 'trained', o.theme)], { aspect: 2.4 }),
  },
  {
    id: 'fig7',
    title: 'Fig. 7 · The four kernels',
    slots: [],
    heatmaps: [],
    column: 'double',
    build: (_d, o) => ({ ...kernelsFigure(FIG8_KERNELS.map((k) => ({ id: k.id, name: k.name })), o.theme, 'fig7'), title: 'Fig. 7 · Kernels K(u), scaled to peak 1' }),
  },
  {
    id: 'fig8',
    title: 'Fig. 8 · Four kernels: fits and attention weights',
    slots: FIG8_KERNELS.map((k) => `fig8-${k.id}`),
    heatmaps: FIG8_KERNELS.map((k) => ({ slot: `fig8-${k.id}`, model: 'nonparametric' as const })),
    column: 'double',
    build: (d, o) => ({
      name: 'fig8',
      title: 'Fig. 8 · Four kernels: fits and attention weights (“Epanechikov” is the triangular kernel)',
      panels: [...FIG8_KERNELS.map((k) => fit(d, `fig8-${k.id}`, o.theme, { title: short(k.name), predName: 'y_hat' })), ...FIG8_KERNELS.map((k) => heat(d, `fig8-${k.id}`, 'nonparametric', o.theme, short(k.name)))],
      columns: 4,
      colorScale: o.colorScale,
      shareY: true,
      aspect: 1.6,
    }),
  },
  {
    id: 'fig9',
    title: 'Fig. 9 · Gaussian widths σ = 0.1, 0.2, 0.5, 1',
    slots: FIG9_SIGMAS.map((s) => `fig9-${s}`),
    heatmaps: FIG9_SIGMAS.map((s) => ({ slot: `fig9-${s}`, model: 'nonparametric' as const })),
    column: 'double',
    build: (d, o) => ({
      name: 'fig9',
      title: 'Fig. 9 · Gaussian attention of widths σ = 0.1, 0.2, 0.5, 1',
      panels: [...FIG9_SIGMAS.map((s) => fit(d, `fig9-${s}`, o.theme, { title: `σ = ${s}`, predName: 'y_hat' })), ...FIG9_SIGMAS.map((s) => heat(d, `fig9-${s}`, 'nonparametric', o.theme, `σ = ${s}`))],
      columns: 4,
      colorScale: o.colorScale,
      shareY: true,
      aspect: 1.6,
    }),
  },
]

export function chapterFigure(id: string): ChapterFigure {
  const f = CHAPTER_FIGURES.find((x) => x.id === id)
  if (!f) throw new Error(`no chapter figure ${id}`)
  return f
}

/** The export height for a figure at a width: its aspect, or the panels' grid at about 4:3 each. */
export function figureHeight(fig: Figure, width: number): number {
  const rows = Math.ceil(fig.panels.length / fig.columns)
  const aspect = fig.aspect ?? (fig.columns / rows) * 1.35
  return Number((width / aspect).toFixed(2))
}
