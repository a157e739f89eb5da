import type { GeneratorParams } from './data'
import type { LossKind } from './types'

/**
 * The chapter's three editions as presets: each fixes the data recipe and,
 * where the edition trains the parametric model, the training recipe.
 */
export const PRESET_IDS = ['d2l-oldest', 'd2l-middle', 'd2l-newest'] as const
export type PresetId = (typeof PRESET_IDS)[number]

export interface TrainingRecipe {
  /** A number, or 'random' for a uniform draw in [0, 1) from the seed. */
  w0: number | 'random'
  lr: number
  epochs: number
  loss: LossKind
  leaveOneOut: boolean
  batchSize: number | null
}

export interface Preset {
  id: PresetId
  label: string
  description: string
  data: Omit<GeneratorParams, 'seed'>
  /** Whether the query step follows n (the middle edition uses 5/n). */
  queryStepPerN?: boolean
  training: TrainingRecipe | null
}

const PRESETS: Record<PresetId, Preset> = {
  'd2l-oldest': {
    id: 'd2l-oldest',
    label: 'Oldest edition',
    description: 'f(x) = 2 sin(x) + x^0.8, noise sd 0.5, n = 50; full-batch SGD on the summed loss with leave-one-out keys, lr 0.5, 5 epochs, w0 uniform in [0, 1)',
    data: { fn: 'sin-pow', n: 50, noiseSd: 0.5, xMin: 0, xMax: 5, queryStep: 0.1 },
    training: { w0: 'random', lr: 0.5, epochs: 5, loss: 'sum-half', leaveOneOut: true, batchSize: null },
  },
  'd2l-middle': {
    id: 'd2l-middle',
    label: 'Middle edition',
    description: 'f(x) = 2 sin(x) + x^0.8, noise sd 1, n = 50, queries every 5/n; minibatch SGD (batch 10) on the mean loss without leave-one-out, lr 1, 5 epochs, w0 = 1',
    data: { fn: 'sin-pow', n: 50, noiseSd: 1, xMin: 0, xMax: 5, queryStep: 0.1 },
    queryStepPerN: true,
    training: { w0: 1, lr: 1, epochs: 5, loss: 'mean-half', leaveOneOut: false, batchSize: 10 },
  },
  'd2l-newest': {
    id: 'd2l-newest',
    label: 'Newest edition',
    description: 'f(x) = 2 sin(x) + x, noise sd 1, n = 40; kernels compared, no training in the text',
    data: { fn: 'sin-linear', n: 40, noiseSd: 1, xMin: 0, xMax: 5, queryStep: 0.1 },
    training: null,
  },
}

export function preset(id: PresetId): Preset {
  return PRESETS[id]
}

/** Generator parameters of a preset for a seed, with an optional override of n. */
export function presetGeneratorParams(id: PresetId, seed: number, n?: number): GeneratorParams {
  const p = PRESETS[id]
  const count = n ?? p.data.n
  const queryStep = p.queryStepPerN ? (p.data.xMax - p.data.xMin) / count : p.data.queryStep
  return { ...p.data, n: count, queryStep, seed }
}
