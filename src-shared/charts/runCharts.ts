import type { EChartsOption } from 'echarts'
import type { RunDetail } from '../api/runs'
import { kernelInfo, type KernelId } from '../engine/kernels'
import { trainedKernel } from '../engine/parametric'
import type { Figure, Panel } from '../figures/model'
import { fitChartOption, fitPanel, type FitChartInput } from './fitChart'
import { heatmapChartOption, heatmapPanel, type HeatmapData } from './heatmapChart'
import { kernelChartOption, kernelPanel, type KernelChartInput } from './kernelChart'
import { lossChartOption, lossPanel, type LossChartInput } from './lossChart'
import type { ChartTheme } from './theme'
import { maxOf } from '../arrays'

/**
 * The charts of one stored run. The app's panels and the headless export
 * (`nw-workbench export`) both draw from these, so a figure in a paper is the
 * figure on screen.
 */
export type RunChartKind = 'fit' | 'heatmap' | 'loss' | 'kernel'
export const RUN_CHART_KINDS = ['fit', 'heatmap', 'loss', 'kernel'] as const satisfies readonly RunChartKind[]

/** Which model of a run a fit or heatmap shows. */
export type RunModel = 'nonparametric' | 'trained'

/** Per batch (minibatch runs, as d2l's trainer board) or per epoch. */
export type LossView = 'batch' | 'epoch'

export interface ChartExtras {
  highlight?: FitChartInput['highlight']
  /** The local-linear fit at the same queries, drawn beside Nadaraya-Watson (1-D runs). */
  localLinear?: ArrayLike<number | null> | null
  /** For export: no zoom slider, no animation. */
  static?: boolean
  title?: string
}

const sig = (v: number) => String(Number(v.toPrecision(3)))

/**
 * A title that states what is drawn, from the run's own numbers: the
 * trained model's effective width σ_eff = 1/|w|, not a claim ("sharper")
 * that training may have proved wrong.
 */
export function modelTitle(run: Pick<RunDetail, 'kernel' | 'sigma' | 'w' | 'mode'>, model: RunModel, what: 'fit' | 'weights'): string {
  if (model === 'trained' && run.w !== null) {
    const k = trainedKernel(run.w)
    const width = k.kernel === 'gaussian' ? `σ_eff = 1/|w| = ${sig(k.sigma)}` : 'w ≈ 0: every key weighs the same'
    return `Trained ${what === 'fit' ? 'fit' : 'weights'}, ${width}`
  }
  const label = kernelInfo(run.kernel).label
  const width = run.sigma === null ? '' : `, σ = ${sig(run.sigma)}`
  const prefix = run.mode === 'parametric' ? 'Nonparametric ' : ''
  return `${prefix}${what === 'fit' ? 'fit' : 'attention weights'}: ${label}${width}`.replace(/^./, (c) => c.toUpperCase())
}

export function fitCurveOfRun(run: RunDetail, model: RunModel, t: ChartTheme) {
  const a = run.arrays!
  if (model === 'trained') return { name: 'Pred (trained w)', y: a.yHat ?? [], color: t.trained }
  return { name: 'Pred', y: (run.mode === 'parametric' ? a.yHatNonparametric : a.yHat) ?? [] }
}

function fitInput(run: RunDetail, model: RunModel, t: ChartTheme, extras: ChartExtras): FitChartInput {
  const a = run.arrays
  if (!a) throw new Error(`run ${run.id} has no arrays`)
  return {
    xQuery: a.xQuery,
    xTrain: a.xTrain,
    yTrain: a.yTrain,
    yTruth: a.yTruth,
    curves: extras.localLinear ? [fitCurveOfRun(run, model, t), { name: 'Local-linear', y: extras.localLinear, color: t.palette[2]!, width: 1.5 }] : [fitCurveOfRun(run, model, t)],
    baseline: a.baseline,
    highlight: extras.highlight ?? null,
    ...(extras.title ? { title: extras.title } : {}),
    ...(extras.static ? { zoom: false, animation: false } : {}),
  }
}

export function runFitOption(run: RunDetail, model: RunModel, t: ChartTheme, extras: ChartExtras = {}): EChartsOption {
  return fitChartOption(fitInput(run, model, t, extras), t)
}

/** The per-batch losses of a minibatch run and its batches per epoch, or null. */
export function batchesOf(run: Pick<RunDetail, 'batchLoss' | 'training' | 'data'>): { loss: number[]; perEpoch: number } | null {
  const b = run.training?.batchSize
  if (!run.batchLoss || run.batchLoss.length === 0 || !b) return null
  return { loss: run.batchLoss, perEpoch: Math.ceil(run.data.nTrain / b) }
}

function lossInput(run: RunDetail, extras: ChartExtras, view: LossView, show: LossChartInput['show'] = 'both'): LossChartInput {
  return {
    curves: [{ name: run.name, epochs: run.epochs }],
    totalEpochs: run.training?.epochs ?? run.epochs.length,
    show,
    batches: batchesOf(run),
    view,
    ...(extras.title ? { title: extras.title } : {}),
  }
}

export function runLossOption(run: RunDetail, t: ChartTheme, extras: ChartExtras = {}, view: LossView = 'epoch'): EChartsOption {
  return lossChartOption(lossInput(run, extras, view), t)
}

function kernelInput(run: RunDetail, extras: ChartExtras): KernelChartInput {
  const sigma = run.sigma ?? 1
  const kernels: { id: KernelId; sigma?: number; label?: string }[] = [
    { id: run.kernel, sigma, label: `${kernelInfo(run.kernel).label}, σ = ${sig(sigma)}` },
  ]
  if (run.w !== null) {
    const trained = trainedKernel(run.w)
    kernels.push({ id: trained.kernel, sigma: trained.sigma, label: trained.kernel === 'gaussian' ? `trained, σ_eff = 1/|w| = ${sig(trained.sigma)}` : 'trained (w ≈ 0: every key alike)' })
  }
  const reach = Math.max(2.5, maxOf(kernels.map((k) => 2.5 * (k.sigma ?? 1)), 0))
  return { kernels, range: [-reach, reach], ...(extras.title ? { title: extras.title } : {}) }
}

export function runKernelOption(run: RunDetail, t: ChartTheme, extras: ChartExtras = {}): EChartsOption {
  return kernelChartOption(kernelInput(run, extras), t)
}

export function runHeatmapOption(
  heatmap: HeatmapData,
  t: ChartTheme,
  extras: ChartExtras & { scaleMax?: number; colorBar?: boolean; keys?: number; queries?: number } = {},
): EChartsOption {
  return heatmapChartOption(
    {
      heatmap,
      ...(extras.title ? { title: extras.title } : {}),
      ...(extras.scaleMax ? { scaleMax: extras.scaleMax } : {}),
      ...(extras.colorBar === false ? { colorBar: false } : {}),
      ...(extras.keys ? { keys: extras.keys } : {}),
      ...(extras.queries ? { queries: extras.queries } : {}),
    },
    t,
  )
}

/** One chart of a run as a panel, for exports and multi-panel figures. */
export function runPanel(
  run: RunDetail,
  chart: RunChartKind,
  t: ChartTheme,
  o: { model?: RunModel; heatmap?: HeatmapData | null; view?: LossView; title?: string } = {},
): Panel {
  const model = o.model ?? (run.mode === 'parametric' ? 'trained' : 'nonparametric')
  const title = o.title === undefined ? {} : { title: o.title }
  if (chart === 'fit') return fitPanel(fitInput(run, model, t, { static: true, ...title }), t, `fit-${model}`)
  if (chart === 'heatmap') {
    if (!o.heatmap) throw new Error(`run ${run.id}: the heatmap has not been computed`)
    return heatmapPanel({ heatmap: o.heatmap, keys: run.data.nTrain, queries: run.data.nQuery, ...title }, t, `weights-${model}`)
  }
  if (chart === 'loss') return lossPanel(lossInput(run, title, o.view ?? (batchesOf(run) ? 'batch' : 'epoch')), t, `loss-per-${o.view ?? (batchesOf(run) ? 'batch' : 'epoch')}`)
  return kernelPanel(kernelInput(run, title), t)
}

/** One chart of a run as a one-panel figure. */
export function runFigure(run: RunDetail, chart: RunChartKind, t: ChartTheme, o: Parameters<typeof runPanel>[3] = {}): Figure {
  const panel = runPanel(run, chart, t, o)
  return { name: `${run.id}-${panel.id}`, panels: [panel], columns: 1, colorScale: 'panel', ...(chart === 'kernel' || chart === 'loss' ? { legend: true } : {}) }
}
