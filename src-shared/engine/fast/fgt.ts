import type { PreparedKeys } from './prepared'


/**
 * The fast Gauss transform (Greengard & Strain 1991) in one dimension, for
 * the two sums Nadaraya-Watson needs at every query:
 *
 *   F0(q) = sum_j exp(-((q - k_j) / h)^2),   F1(q) = sum_j v_j exp(-((q - k_j) / h)^2),   h = sigma sqrt(2).
 *
 * Keys are grouped into boxes at most `width` wide, each with its Hermite
 * moments A_alpha = sum_j w_j s_j^alpha / alpha! about its centre (O(p) per
 * key, computed for the boxes some query cell needs).
 * Queries fall in cells of a grid of the same width anchored at the smallest
 * key; for each occupied cell the boxes within reach are turned into one
 * Taylor series about the cell's centre (fgtLocal.ts), and each query costs
 * one polynomial evaluation (O(p)). hermite.ts bounds what truncation to p
 * terms leaves out; boxes beyond `cutoff` are dropped and bounded by
 * exp(-(cutoff / h)^2) per key.
 *
 * A query's cell and its series depend only on the query's position, never
 * on which other queries are being evaluated, so any split of the queries
 * (threads, batches) gives bit-identical results.
 */
export interface FgtParams {
  sigma: number
  /** Box and cell width, in x. */
  width: number
  /** Grid origin for query cells. */
  anchor: number
  /** Truncation order p: alpha, beta < p. */
  order: number
  /** Boxes farther than this (in x) from a cell are left out. */
  cutoff: number
  /**
   * Truncation bound per unit weight at each order up to `order`, for F and
   * for F'' (hermite.ts): of a box's Hermite moments translated to a cell,
   * and of keys expanded directly about the cell's centre (a point source,
   * radius 0, converges faster).
   */
  tails: number[]
  tailsSecond: number[]
  tailsDirect: number[]
  tailsDirectSecond: number[]
  /**
   * Bound per unit weight each box-cell translation must meet. A box at
   * distance delta (in h) weighs exp(-delta^2 / 2) in the bound, so distant
   * boxes are translated with fewer terms for the same error.
   */
  target: number
  /** The second-derivative bounds must meet `target` too (training gradients). */
  derivatives: boolean
}

export interface FgtSources {
  boxes: number
  /** First sorted key of each box, and n at the end (length boxes + 1). */
  start: Int32Array
  /** Extent of each box's keys, and its centre. */
  lo: Float64Array
  hi: Float64Array
  centre: Float64Array
  /**
   * Box b, channel ch (0: weight 1, 1: centred value), order alpha at
   * (b * 2 + ch) * order + alpha; filled on first use (`momentsOf`): boxes
   * that are only ever expanded key by key never need them.
   */
  moments: Float64Array
  ready: Uint8Array
  /** Sum of |weight| per box and channel, at b * 2 + ch. */
  mass: Float64Array
  /** Sum of |weight| over all keys, per channel. */
  totalMass: Float64Array
}

/** 1 / k, so that the moment loop multiplies instead of dividing. */
const INVERSE = Float64Array.from({ length: 129 }, (_, k) => 1 / k)

export function buildFgtSources(prepared: PreparedKeys, params: FgtParams): FgtSources {
  const { keys, values } = prepared
  const n = keys.length
  const { width, order } = params
  let boxes = 0
  let first = keys[0]!
  for (let j = 0; j < n; j++) {
    if (j === 0 || keys[j]! - first >= width) {
      first = keys[j]!
      boxes++
    }
  }
  const start = new Int32Array(boxes + 1)
  let b = 0
  first = keys[0]!
  for (let j = 1; j < n; j++) {
    if (keys[j]! - first >= width) {
      first = keys[j]!
      start[++b] = j
    }
  }
  start[boxes] = n
  const lo = new Float64Array(boxes)
  const hi = new Float64Array(boxes)
  const centre = new Float64Array(boxes)
  const mass = new Float64Array(boxes * 2)
  const totalMass = new Float64Array(2)
  for (let k = 0; k < boxes; k++) {
    const from = start[k]!
    const to = start[k + 1]!
    lo[k] = keys[from]!
    hi[k] = keys[to - 1]!
    centre[k] = lo[k]! + (hi[k]! - lo[k]!) / 2
    let absSum = 0
    for (let j = from; j < to; j++) absSum += Math.abs(values[j]!)
    mass[2 * k] = to - from
    mass[2 * k + 1] = absSum
    totalMass[0] = totalMass[0]! + (to - from)
    totalMass[1] = totalMass[1]! + absSum
  }
  const moments = new Float64Array(boxes * 2 * order)
  return { boxes, start, lo, hi, centre, moments, ready: new Uint8Array(boxes), mass, totalMass }
}

/** Index in `moments` of box b's moments (weight channel, then value channel), computed if not yet. */
export function momentsOf(sources: FgtSources, prepared: PreparedKeys, params: FgtParams, b: number): number {
  const order = params.order
  const base0 = 2 * b * order
  if (sources.ready[b]) return base0
  const { keys, values } = prepared
  const { moments, centre, start } = sources
  const c = centre[b]!
  const invH = 1 / (params.sigma * Math.SQRT2)
  const base1 = base0 + order
  for (let j = start[b]!; j < start[b + 1]!; j++) {
    const s = (keys[j]! - c) * invH
    const v = values[j]!
    let term = 1 // s^alpha / alpha!
    for (let alpha = 0; alpha < order; alpha++) {
      moments[base0 + alpha] = moments[base0 + alpha]! + term
      moments[base1 + alpha] = moments[base1 + alpha]! + v * term
      term *= s * INVERSE[alpha + 1]!
    }
  }
  sources.ready[b] = 1
  return base0
}
