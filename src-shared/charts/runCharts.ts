import type { EChartsOption } from 'echarts'
import type { RunDetail } from '../api/runs'
import { kernelInfo, type KernelId } from '../engine/kernels'
import { trainedKernel } from '../engine/parametric'
import { fitChartOption, type FitChartInput } from './fitChart'
import { heatmapChartOption, type HeatmapData } from './heatmapChart'
import { kernelChartOption } from './kernelChart'
import { lossChartOption } from './lossChart'
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

export interface ChartExtras {
  highlight?: FitChartInput['highlight']
  /** For export: no zoom slider, no animation. */
  static?: boolean
  title?: string
}

export function fitCurveOfRun(run: RunDetail, model: RunModel, t: ChartTheme) {
  const a = run.arrays!
  if (model === 'trained') return { name: 'Pred (trained w)', y: a.yHat ?? [], color: t.trained }
  return { name: 'Pred', y: (run.mode === 'parametric' ? a.yHatNonparametric : a.yHat) ?? [] }
}

export function runFitOption(run: RunDetail, model: RunModel, t: ChartTheme, extras: ChartExtras = {}): EChartsOption {
  const a = run.arrays
  if (!a) throw new Error(`run ${run.id} has no arrays`)
  return fitChartOption(
    {
      xQuery: a.xQuery,
      xTrain: a.xTrain,
      yTrain: a.yTrain,
      yTruth: a.yTruth,
      curves: [fitCurveOfRun(run, model, t)],
      baseline: a.baseline,
      highlight: extras.highlight ?? null,
      ...(extras.title ? { title: extras.title } : {}),
      ...(extras.static ? { zoom: false, animation: false } : {}),
    },
    t,
  )
}

export function runLossOption(run: RunDetail, t: ChartTheme, extras: ChartExtras = {}): EChartsOption {
  return lossChartOption(
    { curves: [{ name: run.name, epochs: run.epochs }], totalEpochs: run.training?.epochs ?? run.epochs.length, ...(extras.title ? { title: extras.title } : {}) },
    t,
  )
}

export function runKernelOption(run: RunDetail, t: ChartTheme, extras: ChartExtras = {}): EChartsOption {
  const sigma = run.sigma ?? 1
  const kernels: { id: KernelId; sigma?: number; label?: string }[] = [
    { id: run.kernel, sigma, label: `${kernelInfo(run.kernel).label}, σ = ${Number(sigma.toPrecision(3))}` },
  ]
  if (run.w !== null) {
    const trained = trainedKernel(run.w)
    kernels.push({ id: trained.kernel, sigma: trained.sigma, label: trained.kernel === 'gaussian' ? `trained, σ = 1/|w| = ${Number(trained.sigma.toPrecision(3))}` : 'trained (w ≈ 0: every key alike)' })
  }
  const reach = Math.max(2.5, maxOf(kernels.map((k) => 2.5 * (k.sigma ?? 1)), 0))
  return kernelChartOption({ kernels, range: [-reach, reach], ...(extras.title ? { title: extras.title } : {}) }, t)
}

export function runHeatmapOption(heatmap: HeatmapData, t: ChartTheme, extras: ChartExtras & { scaleMax?: number; colorBar?: boolean } = {}): EChartsOption {
  return heatmapChartOption(
    {
      heatmap,
      ...(extras.title ? { title: extras.title } : {}),
      ...(extras.scaleMax ? { scaleMax: extras.scaleMax } : {}),
      ...(extras.colorBar === false ? { colorBar: false } : {}),
    },
    t,
  )
}
