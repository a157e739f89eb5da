import type { RunVectorInfo } from '../api/vectorRuns'
import { InputError } from '../errors'
import type { KernelId } from '../engine/kernels'
import { keyOrder, vectorAttentionRow, vectorPredict, vectorWeights } from '../engine/vector'
import { concentration } from './concentration'

/**
 * The attention heatmap and the query probe of a vector run (issue 13),
 * computed in a worker from the stored run. The weights are the engine's
 * (vectorWeights, vectorAttentionRow: the kernel row over its sum, so each
 * defined row sums to 1; for local-linear these are its kernel weights, not
 * its equivalent kernel). In d dimensions there is no one "sorted input":
 * keys and queries are ordered by a chosen coordinate, or by their scaled
 * distance ||(q - k) / sigma|| to one chosen query.
 */

export type AttentionOrder = { by: 'coordinate'; coordinate: number } | { by: 'distance'; query: number }

export interface VectorAttentionInput {
  info: RunVectorInfo
  kernel: KernelId
  xTrain: Float64Array
  yTrain: Float64Array
  xQuery: Float64Array
}

export interface VectorHeatmapReply {
  rows: number
  cols: number
  /** Block means of the weights, row-major; rows: ordered queries, columns: ordered keys. */
  values: number[]
  max: number
  /** The ordering value (coordinate or scaled distance) where each block starts, plus the last (length rows + 1, cols + 1). */
  rowEdges: number[]
  colEdges: number[]
  undefinedRows: number[]
  keys: number
  queries: number
  /** Queries averaged per row: all of a block's, or an even sample of them when n x m is large. */
  sampled: boolean
  /** What the order is, for the axis labels: the feature name or "distance to query i". */
  orderLabel: string
  algorithm: string
  errorBound: number
}

export interface VectorProbeReply {
  /** The probed point, and its index among the run's queries when it is one. */
  point: number[]
  queryIndex: number | null
  /** Regression: the run's estimate at q (Nadaraya-Watson: sum alpha y); null when no key is in reach or for classification. */
  estimate: number | null
  /** Classification: each class's score (sum of alpha over its keys). */
  classScores: number[] | null
  keysInReach: number
  effectiveKeys: number | null
  entropy: number | null
  /** Sum of the weights (1 up to rounding when any key is in reach). */
  weightSum: number
  /** Bars of the weights against the keys' scaled distance to the query. */
  bars: { x: number[]; weight: number[]; value: (number | null)[]; width: number; binned: boolean; keys: number; mass: number }
}

/** Most weight entries built at once (each chunk of queries is one vectorWeights call). */
const CHUNK_ENTRIES = 1 << 21
/** Beyond this many query-key pairs, each row averages an even sample of its block's queries. */
const MAX_PAIRS = 4e7

function queryPoint(x: Float64Array, d: number, i: number): Float64Array {
  return x.slice(i * d, (i + 1) * d)
}

/** Start of block c when `count` ordered items are cut into `blocks` blocks (sizes differ by at most one). */
function blockStart(c: number, count: number, blocks: number): number {
  return Math.floor((c * count) / blocks)
}

/** The order of the rows of `x` (keys or queries) and each row's ordering value. */
function ordered(x: Float64Array, d: number, order: AttentionOrder, point: Float64Array | null, sigma: Float64Array): { order: Uint32Array; rank: Float64Array } {
  const o = order.by === 'coordinate' ? keyOrder(x, d, { coordinate: order.coordinate }) : keyOrder(x, d, { query: point!, sigma })
  const count = x.length / d
  const rank = new Float64Array(count)
  for (let j = 0; j < count; j++) {
    if (order.by === 'coordinate') {
      rank[j] = x[j * d + order.coordinate]!
    } else {
      let s = 0
      for (let l = 0; l < d; l++) {
        const u = (point![l]! - x[j * d + l]!) / sigma[l]!
        s += u * u
      }
      rank[j] = Math.sqrt(s)
    }
  }
  return { order: o, rank }
}

function edges(o: { order: Uint32Array; rank: Float64Array }, blocks: number): number[] {
  const count = o.order.length
  const out: number[] = []
  for (let c = 0; c < blocks; c++) out.push(o.rank[o.order[blockStart(c, count, blocks)]!]!)
  out.push(o.rank[o.order[count - 1]!]!)
  return out
}

export function vectorAttentionHeatmap(input: VectorAttentionInput, order: AttentionOrder, maxRows: number, maxCols: number): VectorHeatmapReply {
  const { info, kernel, xTrain, yTrain, xQuery } = input
  const d = info.d
  if (!info.sigma || info.sigma.length !== d) throw new InputError('the run has no width vector yet')
  const sigma = Float64Array.from(info.sigma)
  const n = xTrain.length / d
  const m = xQuery.length / d
  if (m === 0) throw new InputError('the run has no queries to draw the attention of')
  if (order.by === 'coordinate' && (!Number.isInteger(order.coordinate) || order.coordinate < 0 || order.coordinate >= d)) {
    throw new InputError(`coordinate must be an integer in [0, ${d - 1}] (got ${order.coordinate})`)
  }
  if (order.by === 'distance' && (!Number.isInteger(order.query) || order.query < 0 || order.query >= m)) {
    throw new InputError(`query must be an integer in [0, ${m - 1}] (got ${order.query})`)
  }
  const point = order.by === 'distance' ? queryPoint(xQuery, d, order.query) : null
  const keysOrdered = ordered(xTrain, d, order, point, sigma)
  const queriesOrdered = ordered(xQuery, d, order, point, sigma)
  const rows = Math.max(1, Math.min(maxRows, m))
  const cols = Math.max(1, Math.min(maxCols, n))

  // Column of each key, by its place in the order.
  const colOf = new Uint32Array(n)
  const colSize = new Float64Array(cols)
  for (let c = 0; c < cols; c++) {
    const end = blockStart(c + 1, n, cols)
    for (let pos = blockStart(c, n, cols); pos < end; pos++) colOf[keysOrdered.order[pos]!] = c
    colSize[c] = end - blockStart(c, n, cols)
  }

  // The queries each row averages: all of its block, or an even sample when the pairs are too many.
  const perRow = Math.max(1, Math.floor(MAX_PAIRS / (rows * n)))
  const picked: { row: number; query: number }[] = []
  let sampled = false
  for (let r = 0; r < rows; r++) {
    const from = blockStart(r, m, rows)
    const to = blockStart(r + 1, m, rows)
    const size = to - from
    const take = Math.min(size, perRow)
    if (take < size) sampled = true
    for (let k = 0; k < take; k++) picked.push({ row: r, query: queriesOrdered.order[from + Math.floor(((k + 0.5) * size) / take)]! })
  }
  const rowCount = new Float64Array(rows)
  for (const p of picked) rowCount[p.row] = rowCount[p.row]! + 1

  const sums = new Float64Array(rows * cols)
  const undefinedRows = new Set<number>()
  const chunk = Math.max(1, Math.floor(CHUNK_ENTRIES / n))
  for (let start = 0; start < picked.length; start += chunk) {
    const part = picked.slice(start, start + chunk)
    const queries = new Float64Array(part.length * d)
    part.forEach((p, k) => queries.set(xQuery.subarray(p.query * d, (p.query + 1) * d), k * d))
    const w = vectorWeights({ keys: xTrain, d, values: yTrain, queries, kernel, sigma, scoring: info.scoring })
    for (const k of w.undefinedQueries) undefinedRows.add(part[k]!.row)
    for (let k = 0; k < part.length; k++) {
      if (Number.isNaN(w.yHat[k]!)) continue
      const base = part[k]!.row * cols
      const row = w.weights.subarray(k * n, (k + 1) * n)
      for (let j = 0; j < n; j++) sums[base + colOf[j]!] = sums[base + colOf[j]!]! + row[j]!
    }
  }
  const values: number[] = new Array(rows * cols)
  let max = 0
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = sums[r * cols + c]! / (rowCount[r]! * colSize[c]!)
      values[r * cols + c] = v
      if (v > max) max = v
    }
  }
  return {
    rows,
    cols,
    values,
    max,
    rowEdges: edges(queriesOrdered, rows),
    colEdges: edges(keysOrdered, cols),
    undefinedRows: [...undefinedRows].sort((a, b) => a - b),
    keys: n,
    queries: m,
    sampled,
    orderLabel: order.by === 'coordinate' ? info.features[order.coordinate]! : `distance to query ${order.query + 1}`,
    algorithm: 'dense',
    errorBound: 0,
  }
}

/**
 * One query's attention weights alpha_j over every key (the engine's row
 * over its sum) and each key's scaled distance to it; alpha is null when no
 * key is in reach.
 */
export function probeWeights(input: VectorAttentionInput, point: Float64Array): { alpha: Float64Array | null; distance: Float64Array; sum: number } {
  const { info, kernel, xTrain } = input
  const d = info.d
  const sigma = Float64Array.from(info.sigma!)
  const n = xTrain.length / d
  const alpha = new Float64Array(n)
  const sum = vectorAttentionRow(point, xTrain, d, { kernel, sigma, scoring: info.scoring }, alpha)
  const distance = new Float64Array(n)
  for (let j = 0; j < n; j++) {
    let s = 0
    for (let l = 0; l < d; l++) {
      const u = (point[l]! - xTrain[j * d + l]!) / sigma[l]!
      s += u * u
    }
    distance[j] = Math.sqrt(s)
  }
  if (!(sum > 0)) return { alpha: null, distance, sum: 0 }
  for (let j = 0; j < n; j++) alpha[j] = alpha[j]! / sum
  return { alpha, distance, sum }
}

/** Weight left out of the bars beyond the farthest drawn key. */
const TAIL = 5e-4

/**
 * Bars of the weights against distance, nearest first: the keys holding all
 * but a sliver of the weight, one bar each up to `maxBars` of them, else
 * `maxBars` bins of equal width (weight: the bin's total; value: its
 * weighted mean).
 */
export function distanceBars(alpha: Float64Array, distance: Float64Array, values: Float64Array, order: Uint32Array, maxBars: number): VectorProbeReply['bars'] {
  const n = order.length
  let hi = n - 1
  let tail = 0
  while (hi > 0 && tail + alpha[order[hi]!]! < TAIL) tail += alpha[order[hi--]!]!
  const count = hi + 1
  let mass = 0
  for (let pos = 0; pos <= hi; pos++) mass += alpha[order[pos]!]!
  if (count <= maxBars) {
    const x: number[] = []
    const weight: number[] = []
    const value: (number | null)[] = []
    let gap = Infinity
    for (let pos = 0; pos <= hi; pos++) {
      const j = order[pos]!
      x.push(distance[j]!)
      weight.push(alpha[j]!)
      value.push(values[j]!)
      if (pos > 0 && x[pos]! > x[pos - 1]!) gap = Math.min(gap, x[pos]! - x[pos - 1]!)
    }
    return { x, weight, value, width: Number.isFinite(gap) ? gap : 0, binned: false, keys: count, mass }
  }
  const span = distance[order[hi]!]!
  const width = span / maxBars
  const weight = new Float64Array(maxBars)
  const weighted = new Float64Array(maxBars)
  for (let pos = 0; pos <= hi; pos++) {
    const j = order[pos]!
    const b = Math.min(maxBars - 1, Math.floor(distance[j]! / width))
    weight[b] = weight[b]! + alpha[j]!
    weighted[b] = weighted[b]! + alpha[j]! * values[j]!
  }
  return {
    x: Array.from({ length: maxBars }, (_, b) => (b + 0.5) * width),
    weight: Array.from(weight),
    // null, not NaN: the reply crosses JSON.
    value: Array.from(weight, (w, b) => (w > 0 ? weighted[b]! / w : null)),
    width,
    binned: true,
    keys: count,
    mass,
  }
}

/** The probe at a point, or at one of the run's queries. */
export function vectorProbe(input: VectorAttentionInput, at: { point: number[] } | { query: number }, maxBars: number): VectorProbeReply {
  const { info, xTrain, yTrain, xQuery } = input
  const d = info.d
  if (!info.sigma || info.sigma.length !== d) throw new InputError('the run has no width vector yet')
  let point: Float64Array
  let queryIndex: number | null = null
  if ('query' in at) {
    const m = xQuery.length / d
    if (!Number.isInteger(at.query) || at.query < 0 || at.query >= m) throw new InputError(`query must be an integer in [0, ${m - 1}] (got ${at.query})`)
    point = queryPoint(xQuery, d, at.query)
    queryIndex = at.query
  } else {
    if (at.point.length !== d) throw new InputError(`the point has ${at.point.length} coordinates; the run's inputs have ${d}`)
    point = Float64Array.from(at.point)
  }
  const { alpha, distance } = probeWeights(input, point)
  const base = { point: Array.from(point), queryIndex }
  if (!alpha) {
    return { ...base, estimate: null, classScores: null, keysInReach: 0, effectiveKeys: null, entropy: null, weightSum: 0, bars: { x: [], weight: [], value: [], width: 0, binned: false, keys: 0, mass: 0 } }
  }
  let weightSum = 0
  for (let j = 0; j < alpha.length; j++) weightSum += alpha[j]!
  let estimate: number | null = null
  let classScores: number[] | null = null
  if (info.task === 'classification') {
    classScores = new Array<number>(info.classCount!).fill(0)
    for (let j = 0; j < alpha.length; j++) classScores[yTrain[j]!] = classScores[yTrain[j]!]! + alpha[j]!
  } else {
    estimate = 0
    for (let j = 0; j < alpha.length; j++) estimate += alpha[j]! * yTrain[j]!
    // Local-linear reweights the kernel's weights by a local line: its estimate is the engine's, not sum alpha y.
    if (info.estimator === 'local-linear') {
      const v = vectorPredict({ keys: xTrain, d, values: yTrain, queries: point, kernel: input.kernel, sigma: Float64Array.from(info.sigma), scoring: info.scoring, estimator: 'local-linear' }).yHat[0]!
      estimate = Number.isNaN(v) ? null : v
    }
  }
  const c = concentration(alpha)
  const order = keyOrder(xTrain, d, { query: point, sigma: Float64Array.from(info.sigma) })
  return { ...base, estimate, classScores, keysInReach: c.keysInReach, effectiveKeys: c.effectiveKeys, entropy: c.entropy, weightSum, bars: distanceBars(alpha, distance, yTrain, order, maxBars) }
}
