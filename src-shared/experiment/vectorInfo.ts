import type { RunVectorInfo } from '../api/vectorRuns'
import { isVectorData, dimensionOf } from '../api/vectorSpec'
import { dataPreset } from '../datasets/presets'
import { vectorTarget } from '../engine/functions'
import type { NormalizedSpec } from './normalize'
import { encodeLabels } from './vectorData'

/**
 * What a vector spec says about its run before it computes: dimension,
 * features, task and choices, the widths when given, the class labels when
 * the data carry them inline. The run's result completes it. Null for a
 * one-dimensional spec.
 */
export function vectorInfoOfSpec(spec: NormalizedSpec): RunVectorInfo | null {
  const data = spec.data
  if (!isVectorData(data)) return null
  const d = dimensionOf(data)
  let features: string[]
  let target: string | null
  let labelNames: string[] | null = null
  let classCount: number | null = null
  if ('dataset' in data) {
    features = data.features ?? dataPreset(data.dataset).defaultFeatures
    target = dataPreset(data.dataset).target
  } else if ('vectorFn' in data) {
    features = Array.from({ length: d }, (_, l) => `x${l + 1}`)
    target = vectorTarget(data.vectorFn).formula
  } else {
    features = data.features
    target = data.target ?? null
    if (data.labelsTrain) {
      const e = encodeLabels(data.labelsTrain.map(String), data.labelsQuery ? data.labelsQuery.map(String) : null)
      labelNames = e.labelNames
      classCount = e.classCount
    }
  }
  // A trained run's widths are what it learns.
  const sigma = spec.mode === 'parametric' ? null : typeof spec.sigma === 'number' ? new Array<number>(d).fill(spec.sigma) : Array.isArray(spec.sigma) ? spec.sigma : null
  const b = spec.bands
  return {
    d,
    features: [...features],
    target,
    task: spec.task ?? 'regression',
    estimator: spec.estimator ?? 'nw',
    scoring: spec.scoring ?? 'distance',
    sigma,
    labelNames,
    classCount,
    classMetrics: null,
    classCoverage: null,
    bands: b
      ? b.kind === 'bootstrap'
        ? { kind: b.kind, level: b.level, replicates: b.replicates, seed: b.seed, resampling: b.resampling }
        : { kind: b.kind, level: b.level, replicates: null, seed: null, resampling: null }
      : null,
  }
}
