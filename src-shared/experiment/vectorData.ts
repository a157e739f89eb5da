import type { InlineVectorData, Task, VectorDataSpec } from '../api/vectorSpec'
import { dataPreset, loadPreset } from '../datasets/presets'
import { encodeClasses } from '../engine/classify'
import { generateVectorDataset } from '../engine/data'
import { vectorTarget } from '../engine/functions'
import { createRng, permutation } from '../engine/rng'

/**
 * Vector data as a run computes and stores them: row-major inputs, and per
 * row a value (regression) or a class index (classification). Class indices
 * point into `labelNames`: the training classes sorted as encodeClasses
 * sorts them (indices 0 .. classCount - 1, the score columns), then any
 * label only queries carry (a class the model can never predict).
 */
export interface VectorRunData {
  d: number
  features: string[]
  /** The value or class column's name, when known. */
  target: string | null
  xTrain: Float64Array
  yTrain: Float64Array
  xQuery: Float64Array
  /** The truth at the queries (values, or class indices), when known. */
  yTruth: Float64Array | null
  labelNames: string[] | null
  /** Classes seen in training (score columns); null for regression. */
  classCount: number | null
}

/** Shipped data sets: the rows held out as queries when `holdout` is 0 are all the rows (the training rows again). */
function splitCounts(rows: number, holdout: number): { nTrain: number; nQuery: number } {
  if (holdout === 0) return { nTrain: rows, nQuery: rows }
  const nQuery = Math.min(rows - 2, Math.max(1, Math.round(rows * holdout)))
  return { nTrain: rows - nQuery, nQuery }
}

export function datasetCounts(id: string, holdout: number): { nTrain: number; nQuery: number } {
  return splitCounts(loadPreset(id, dataPreset(id).defaultFeatures).rows, holdout)
}

/** Class labels (training first) as indices into the label names. */
export function encodeLabels(train: readonly string[], query: readonly string[] | null): { labelNames: string[]; classCount: number; train: Float64Array; query: Float64Array | null } {
  const encoded = encodeClasses(train)
  const labelNames = [...encoded.classes]
  const position = new Map(labelNames.map((c, k) => [c, k]))
  const unseen = query ? Array.from(new Set(query.filter((q) => !position.has(q)))).sort() : []
  for (const label of unseen) {
    position.set(label, labelNames.length)
    labelNames.push(label)
  }
  return {
    labelNames,
    classCount: encoded.classes.length,
    train: Float64Array.from(encoded.index),
    query: query ? Float64Array.from(query, (q) => position.get(q)!) : null,
  }
}

function inlineData(v: InlineVectorData): VectorRunData {
  const base = { d: v.features.length, features: [...v.features], target: v.target ?? null, xTrain: Float64Array.from(v.xTrain), xQuery: Float64Array.from(v.xQuery) }
  if (v.labelsTrain) {
    const e = encodeLabels(v.labelsTrain.map(String), v.labelsQuery ? v.labelsQuery.map(String) : null)
    return { ...base, yTrain: e.train, yTruth: e.query, labelNames: e.labelNames, classCount: e.classCount }
  }
  return { ...base, yTrain: Float64Array.from(v.yTrain!), yTruth: v.yTruth ? Float64Array.from(v.yTruth) : null, labelNames: null, classCount: null }
}

function rowsOf(x: Float64Array, d: number, rows: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length * d)
  for (let i = 0; i < rows.length; i++) for (let l = 0; l < d; l++) out[i * d + l] = x[rows[i]! * d + l]!
  return out
}

export function materializeVectorData(data: VectorDataSpec): VectorRunData {
  if ('vectorFn' in data) {
    const g = generateVectorDataset({ fn: data.vectorFn, d: data.d, n: data.n, noiseSd: data.noiseSd, xMin: data.xMin, xMax: data.xMax, queryCount: data.queryCount, seed: data.seed })
    const features = Array.from({ length: data.d }, (_, l) => `x${l + 1}`)
    return { d: data.d, features, target: vectorTarget(data.vectorFn).formula, xTrain: g.keys, yTrain: g.values, xQuery: g.queries, yTruth: g.truth, labelNames: null, classCount: null }
  }
  if ('dataset' in data) {
    const preset = dataPreset(data.dataset)
    const table = loadPreset(data.dataset, data.features)
    const { nTrain, nQuery } = splitCounts(table.rows, data.holdout)
    // Stream 3 of the seed: the split draws nothing any generator of the same seed draws.
    const order = data.holdout === 0 ? null : permutation(createRng(data.seed, 3), table.rows)
    const trainRows = order ? Array.from(order.subarray(0, nTrain)).sort((a, b) => a - b) : Array.from({ length: nTrain }, (_, i) => i)
    const queryRows = order ? Array.from(order.subarray(nTrain)).sort((a, b) => a - b) : trainRows
    const base = { d: table.d, features: table.features, target: preset.target, xTrain: rowsOf(table.x, table.d, trainRows), xQuery: rowsOf(table.x, table.d, queryRows) }
    if (nQuery !== queryRows.length) throw new Error('split counts disagree')
    if (table.labels) {
      const labels = table.labels
      const e = encodeLabels(
        trainRows.map((r) => labels[r]!),
        queryRows.map((r) => labels[r]!),
      )
      return { ...base, yTrain: e.train, yTruth: e.query, labelNames: e.labelNames, classCount: e.classCount }
    }
    const y = table.y!
    return { ...base, yTrain: Float64Array.from(trainRows, (r) => y[r]!), yTruth: Float64Array.from(queryRows, (r) => y[r]!), labelNames: null, classCount: null }
  }
  return inlineData(data)
}

/** The task vector data are for, as the normalised spec states it. */
export function vectorTaskOf(spec: { task?: Task }): Task {
  return spec.task ?? 'regression'
}

/** How a run stores inline vector data in its spec JSON: the arrays go to run_arrays, class labels as indices into labelNames. */
export interface InlineVectorMarker {
  inline: true
  features: string[]
  target?: string
  labelNames?: string[]
  source?: string
}

/** Inline vector data as stored: the marker for the spec JSON and the arrays (the same encoding materializeVectorData uses). */
export function inlineVectorForStorage(v: InlineVectorData): { marker: InlineVectorMarker; arrays: { xTrain: Float64Array; yTrain: Float64Array; xQuery: Float64Array; yTruth: Float64Array | null } } {
  const data = inlineData(v)
  return {
    marker: {
      inline: true,
      features: [...v.features],
      ...(v.target !== undefined ? { target: v.target } : {}),
      ...(data.labelNames ? { labelNames: data.labelNames } : {}),
      ...(v.source !== undefined ? { source: v.source } : {}),
    },
    arrays: { xTrain: data.xTrain, yTrain: data.yTrain, xQuery: data.xQuery, yTruth: data.yTruth },
  }
}

/** The inline vector data a stored marker and its arrays stand for (re-running, bundle import). */
export function inlineVectorFromStorage(
  marker: { features?: unknown; target?: unknown; labelNames?: unknown; source?: unknown },
  a: { xTrain: Float64Array; yTrain: Float64Array; xQuery: Float64Array; yTruth?: Float64Array | null },
): Record<string, unknown> {
  const labelNames = Array.isArray(marker.labelNames) ? (marker.labelNames as unknown[]).map(String) : null
  const label = (k: number): string => {
    const name = labelNames![k]
    if (name === undefined) throw new Error(`class index ${k} is beyond the ${labelNames!.length} stored labels`)
    return name
  }
  return {
    features: marker.features,
    ...(typeof marker.target === 'string' ? { target: marker.target } : {}),
    xTrain: Array.from(a.xTrain),
    ...(labelNames ? { labelsTrain: Array.from(a.yTrain, label) } : { yTrain: Array.from(a.yTrain) }),
    xQuery: Array.from(a.xQuery),
    ...(labelNames ? (a.yTruth ? { labelsQuery: Array.from(a.yTruth, label) } : {}) : { yTruth: a.yTruth ? Array.from(a.yTruth) : null }),
    ...(typeof marker.source === 'string' ? { source: marker.source } : {}),
  }
}
