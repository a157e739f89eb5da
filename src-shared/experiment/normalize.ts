import type { ExperimentSpec, DataSpec, TrainingSpec } from '../api/spec'
import { arange } from '../engine/data'
import { kernelInfo } from '../engine/kernels'
import { preset, type TrainingRecipe } from '../engine/presets'
import type { RunDataInfo } from '../api/runs'
import { dimensionOf, isVectorData, taskOfData, type VectorDataSpec } from '../api/vectorSpec'
import { dataPreset } from '../datasets/presets'
import { datasetCounts } from './vectorData'

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

function describeVectorData(data: VectorDataSpec): RunDataInfo {
  const d = dimensionOf(data)
  if ('dataset' in data) {
    const features = data.features ?? dataPreset(data.dataset).defaultFeatures
    const { nTrain, nQuery } = datasetCounts(data.dataset, data.holdout)
    return { kind: 'preset', label: `${data.dataset}: ${features.join(', ')} → ${dataPreset(data.dataset).target}`, seed: data.seed, nTrain, nQuery, hasTruth: true }
  }
  if ('vectorFn' in data) {
    return { kind: 'generator', label: `${data.vectorFn}, d = ${d}, n = ${data.n}, sd ${data.noiseSd}`, seed: data.seed, nTrain: data.n, nQuery: data.queryCount, hasTruth: true }
  }
  const nTrain = data.xTrain.length / d
  return {
    kind: 'inline',
    label: data.source ?? `imported, n = ${nTrain}, d = ${d}`,
    seed: null,
    nTrain,
    nQuery: data.xQuery.length / d,
    hasTruth: Array.isArray(data.yTruth) || Array.isArray(data.labelsQuery),
  }
}

export function describeData(data: DataSpec): RunDataInfo {
  if (isVectorData(data)) return describeVectorData(data)
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

/**
 * σ as a name shows it: three significant digits (σ = 0.304, not 0.3044009702977776), or the rule
 * that will choose it; once the rule has given its value (`chosen`), that value and the rule.
 */
function formatSigma(spec: Pick<ExperimentSpec, 'sigma'>, chosen?: number): string {
  const rounded = (v: number) => Number(v.toPrecision(3))
  if (typeof spec.sigma === 'number') return `σ = ${rounded(spec.sigma)}`
  if (Array.isArray(spec.sigma)) return `σ = (${spec.sigma.map(rounded).join(', ')})`
  const heldOut = spec.sigma.heldOut === undefined ? '' : `, scored on ≤ ${spec.sigma.heldOut.toLocaleString('en')} held-out points`
  const rule = spec.sigma.isotropic ? `${RULE_NAMES[spec.sigma.rule]}, one width for every coordinate${heldOut}` : RULE_NAMES[spec.sigma.rule]
  return chosen === undefined ? `σ by ${rule}` : `σ = ${rounded(chosen)} (${rule})`
}

/**
 * The name the app gives a run whose σ a rule chose, once the rule has given its value:
 * "Gaussian, σ = 0.617 (Silverman's rule) on …", rounded as every name is. Null when σ was
 * given as a number (the name already shows it) or the run has no single σ.
 */
export function nameWithRuleValue(spec: NamedSpec, sigma: number | null): string | null {
  if (typeof spec.sigma !== 'object' || Array.isArray(spec.sigma) || sigma === null || spec.mode === 'parametric') return null
  return defaultName(spec, sigma)
}

/** What a run's default name is made of. */
type NamedSpec = Pick<ExperimentSpec, 'data' | 'mode' | 'kernel' | 'sigma' | 'task' | 'estimator'>

/** `chosen`: the σ a rule gave, once known (see formatSigma). */
export function defaultName(spec: NamedSpec, chosen?: number): string {
  const d = describeData(spec.data)
  const on = d.seed === null ? d.label : `${d.label} (seed ${d.seed})`
  if (spec.mode === 'parametric') return isVectorData(spec.data) ? `Trained widths on ${on}` : `Trained w on ${on}`
  const sigma = formatSigma(spec, chosen)
  if (isVectorData(spec.data) && spec.task === 'classification') return `${kernelInfo(spec.kernel).label} classes, ${sigma} on ${on}`
  if (isVectorData(spec.data) && spec.estimator === 'local-linear') return `${kernelInfo(spec.kernel).label} local-linear, ${sigma} on ${on}`
  return `${kernelInfo(spec.kernel).label}, ${sigma} on ${on}`
}

/**
 * Vector specs state every choice (task, estimator, scoring, the shipped
 * set's features; class labels as text), so equal runs hash alike. A
 * one-dimensional spec gains nothing here: its stored JSON and hash stay
 * what they were.
 */
function normalizeVector(spec: ExperimentSpec): ExperimentSpec {
  const data = spec.data
  if (!isVectorData(data)) return spec
  const task = spec.task ?? taskOfData(data) ?? 'regression'
  let normalizedData: VectorDataSpec = data
  if ('dataset' in data && !data.features) normalizedData = { ...data, features: [...dataPreset(data.dataset).defaultFeatures] }
  if ('features' in data && 'xTrain' in data && data.labelsTrain) {
    normalizedData = {
      ...data,
      labelsTrain: data.labelsTrain.map(String),
      ...(data.labelsQuery ? { labelsQuery: data.labelsQuery.map(String) } : {}),
    }
  }
  const d = dimensionOf(normalizedData)
  // One width given for every coordinate is that width d times.
  const sigma = Array.isArray(spec.sigma) && spec.sigma.length === 1 && d > 1 ? new Array<number>(d).fill(spec.sigma[0]!) : spec.sigma
  return { ...spec, data: normalizedData, sigma, task, estimator: spec.estimator ?? 'nw', scoring: spec.scoring ?? 'distance' }
}

export function normalizeSpec(given: ExperimentSpec): NormalizedSpec {
  const spec = normalizeVector(given)
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
    // A vector run states whether it standardises; a one-dimensional one keeps the fields it always had (and its hash).
    if (isVectorData(spec.data)) training = { ...training, standardize: given?.standardize ?? false }
  }
  return { ...spec, name: spec.name ?? defaultName(spec), training }
}
