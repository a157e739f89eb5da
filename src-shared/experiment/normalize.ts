import type { ExperimentSpec, DataSpec, TrainingSpec } from '../api/spec'
import { arange } from '../engine/data'
import { kernelInfo } from '../engine/kernels'
import { preset, type TrainingRecipe } from '../engine/presets'
import type { RunDataInfo } from '../api/runs'

/**
 * A spec with every default decided: the training recipe (the preset
 * edition's, else the oldest edition's), the training seed, and a name.
 * This is what a run stores and what "re-run exactly" replays.
 */
export interface NormalizedSpec extends Omit<ExperimentSpec, 'training' | 'name'> {
  name: string
  training: (Omit<TrainingSpec, 'seed'> & { seed: number }) | null
}

const OLDEST_RECIPE: TrainingRecipe = preset('d2l-oldest').training!

function recipeFor(data: DataSpec): TrainingRecipe {
  if ('preset' in data) return preset(data.preset).training ?? OLDEST_RECIPE
  return OLDEST_RECIPE
}

export function dataSeed(data: DataSpec): number | null {
  return 'seed' in data ? data.seed : null
}

export function describeData(data: DataSpec): RunDataInfo {
  if ('preset' in data) {
    const p = preset(data.preset)
    const n = data.n ?? p.data.n
    const step = p.queryStepPerN ? (p.data.xMax - p.data.xMin) / n : p.data.queryStep
    return { kind: 'preset', label: data.preset, seed: data.seed, nTrain: n, nQuery: arange(p.data.xMin, p.data.xMax, step).length, hasTruth: true }
  }
  if ('fn' in data) {
    const step = data.queryStep ?? (data.xMax - data.xMin) / 50
    return {
      kind: 'generator',
      label: `${data.fn}, n = ${data.n}, sd ${data.noiseSd}`,
      seed: data.seed,
      nTrain: data.n,
      nQuery: Math.max(0, Math.ceil((data.xMax - data.xMin) / step)),
      hasTruth: true,
    }
  }
  return {
    kind: 'inline',
    label: data.source ?? `imported, n = ${data.xTrain.length}`,
    seed: null,
    nTrain: data.xTrain.length,
    nQuery: data.xQuery.length,
    hasTruth: Array.isArray(data.yTruth),
  }
}

const RULE_NAMES = { silverman: "Silverman's rule", scott: "Scott's rule", 'loo-cv': 'leave-one-out' } as const

/** σ as a name shows it: three significant digits (σ = 0.304, not 0.3044009702977776), or the rule that will choose it. */
function formatSigma(spec: ExperimentSpec): string {
  return typeof spec.sigma === 'number' ? `σ = ${Number(spec.sigma.toPrecision(3))}` : `σ by ${RULE_NAMES[spec.sigma.rule]}`
}

export function defaultName(spec: ExperimentSpec): string {
  const d = describeData(spec.data)
  const on = d.seed === null ? d.label : `${d.label} (seed ${d.seed})`
  if (spec.mode === 'parametric') return `Trained w on ${on}`
  return `${kernelInfo(spec.kernel).label}, ${formatSigma(spec)} on ${on}`
}

export function normalizeSpec(spec: ExperimentSpec): NormalizedSpec {
  let training: NormalizedSpec['training'] = null
  if (spec.mode === 'parametric') {
    const recipe = recipeFor(spec.data)
    const given = spec.training
    training = given
      ? { ...given, seed: given.seed ?? dataSeed(spec.data) ?? 0 }
      : {
          w0: recipe.w0,
          lr: recipe.lr,
          epochs: recipe.epochs,
          loss: recipe.loss,
          loo: recipe.leaveOneOut,
          batchSize: recipe.batchSize,
          seed: dataSeed(spec.data) ?? 0,
        }
  }
  return { ...spec, name: spec.name ?? defaultName(spec), training }
}
