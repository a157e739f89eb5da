import * as shapes from './compactShape'
import type { CompactShape } from './compactShape'
import type { PreparedKeys } from './prepared'

// Bound once (see heatmapCompact.ts: imported names cost a getter call under tsx).
const { shapeCoefficients } = shapes

/**
 * A heatmap cell whose every (query, key) pair lies inside the kernel's
 * support, on one side of the query, is a polynomial kernel summed over a
 * whole block of pairs: with x = (q - c_R) / sigma, y = (k - c_B) / sigma and
 * t = (c_R - c_B) / sigma (c_R, c_B the centres of a group of a row's
 * queries and of the column's keys),
 *
 *   sum_q w_q sum_k K(t + x_q - y_k) = sum_j coef_j(t) sum_{r+s=j} C(j, r) (-1)^r Q_r M_s
 *
 * where K(t - y) = sum_j coef_j(t) y^j is shapeCoefficients' expansion (the
 * same identity holds for either side's polynomial), Q_r = sum_q w_q x_q^r
 * are the group's weighted query moments (w_q = 1 / the query's total weight)
 * and M_s = sum_k y_k^s the column's key moments. So the cell costs O(m^2)
 * however many pairs it holds, and the group's queries only pay for
 * their moments and for the cells where the support's edge or the query
 * itself cuts a column (heatmapCompact.ts).
 *
 * Both centres sit within their blocks, so for a clean pair
 * |t| + rho_R + rho_B is the largest |q - k| / sigma, below 1: the
 * amplification sum_k |a_k| (|t| + rho_R + rho_B)^k stays under sum_k |a_k|
 * (8 for the tricube), smaller than the cells' (heatmapCompact.ts).
 */

/** Some pair of the cell is out of the support, or the pairs lie on both sides: the queries sum it piece by piece. */
export const DIRTY = 0
/** Every key of the column is at or left of every query of the row, and in reach. */
export const LEFT = 1
/** Every key is at or right of every query (or, for a kernel even in u, anywhere in reach). */
export const RIGHT = 2

export interface BlockMoments {
  /** Centre of each column block (a key value) and its half-width (unscaled). */
  centre: Float64Array
  halfWidth: Float64Array
  /** sum_k ((k - centre) / halfWidth)^s per block, s < momentCount, compensated (for a block of equal keys: its count, then 0). */
  raw: Float64Array
  momentCount: number
}

/**
 * Key moments of each column block about its centre, in units of its half-width:
 * they depend on the keys and the columns only, so a drag (a new sigma
 * each frame) rescales them (M_s = raw_s (halfWidth / sigma)^s) instead of summing
 * again. One set kept per keys object, for the last column count and degree.
 */
export function blockMomentsFor(prepared: PreparedKeys, colStarts: Uint32Array, momentCount: number): BlockMoments {
  const cols = colStarts.length - 1
  const kept = keptMoments.get(prepared)
  if (kept && kept.keys === prepared.keys && kept.cols === cols && kept.colsEnd === colStarts[cols] && kept.moments.momentCount === momentCount) return kept.moments
  const moments = buildBlockMoments(prepared.keys, colStarts, momentCount)
  keptMoments.set(prepared, { keys: prepared.keys, cols, colsEnd: colStarts[cols]!, moments })
  return moments
}

const keptMoments = new WeakMap<PreparedKeys, { keys: Float64Array; cols: number; colsEnd: number; moments: BlockMoments }>()

function buildBlockMoments(keys: Float64Array, colStarts: Uint32Array, m: number): BlockMoments {
  const cols = colStarts.length - 1
  const centre = new Float64Array(cols)
  const halfWidth = new Float64Array(cols)
  const raw = new Float64Array(cols * m)
  const sum = new Float64Array(m)
  const comp = new Float64Array(m)
  for (let b = 0; b < cols; b++) {
    const first = colStarts[b]!
    const last = colStarts[b + 1]! - 1
    const lo = keys[first]!
    const hi = keys[last]!
    const c = lo + (hi - lo) / 2
    centre[b] = c
    halfWidth[b] = Math.max(c - lo, hi - c)
    sum.fill(0)
    comp.fill(0)
    // In units of the half-width, so that d^s stays within [-1, 1] whatever the keys' scale (in the keys' own
    // units, keys near 1e-36 made d^9 underflow and (1 / sigma)^9 overflow: NaN cells).
    const h = halfWidth[b]!
    for (let j = first; j <= last; j++) {
      const d = h > 0 ? (keys[j]! - c) / h : 0
      let p = 1
      for (let s = 0; s < m; s++) {
        // Neumaier's compensated step (as compactCells.ts): odd moments cancel across the centre.
        const s0 = sum[s]!
        const t0 = s0 + p
        comp[s] = comp[s]! + (Math.abs(s0) >= Math.abs(p) ? s0 - t0 + p : p - t0 + s0)
        sum[s] = t0
        p *= d
      }
    }
    for (let s = 0; s < m; s++) raw[b * m + s] = sum[s]! + comp[s]!
  }
  return { centre, halfWidth, raw, momentCount: m }
}

/**
 * Which columns a group of queries [qMin, qMax] sums as whole blocks, by the
 * engine's own window test on the farthest pair (the scaled distance is
 * monotone in the keys, so every nearer pair passes too). Kernels with odd
 * powers of |u| need the whole block on one side of every query.
 */
export function classifyColumns(keys: Float64Array, colStarts: Uint32Array, qMin: number, qMax: number, sigma: number, shape: CompactShape, out: Uint8Array): number {
  const cols = colStarts.length - 1
  let clean = 0
  for (let b = 0; b < cols; b++) {
    const kMin = keys[colStarts[b]!]!
    const kMax = keys[colStarts[b + 1]! - 1]!
    const far = (qMax - kMin) / sigma
    const near = (qMin - kMax) / sigma
    const inReach = shape.inclusive ? far <= 1 && near >= -1 : far < 1 && near > -1
    let kind = DIRTY
    if (inReach && !shape.cosine) {
      if (kMax <= qMin) kind = LEFT
      else if (kMin >= qMax || !shape.split) kind = RIGHT
    }
    out[b] = kind
    if (kind !== DIRTY) clean++
  }
  return clean
}

/** Weighted query moments of one group, summed with compensation: Q_r = sum_q w_q x_q^r. */
export class GroupMoments {
  readonly sum: Float64Array
  private readonly comp: Float64Array
  constructor(readonly momentCount: number) {
    this.sum = new Float64Array(momentCount)
    this.comp = new Float64Array(momentCount)
  }

  reset(): void {
    this.sum.fill(0)
    this.comp.fill(0)
  }

  add(w: number, x: number): void {
    const { sum, comp } = this
    let p = w
    for (let r = 0; r < this.momentCount; r++) {
      // Knuth's two-sum (no branch): comp collects what t = s + p rounded away.
      const s0 = sum[r]!
      const t0 = s0 + p
      const pp = t0 - s0
      comp[r] = comp[r]! + (s0 - (t0 - pp) + (p - pp))
      sum[r] = t0
      p *= x
    }
  }

  /** The compensated sums, written into `out`. */
  totals(out: Float64Array): void {
    for (let r = 0; r < this.momentCount; r++) out[r] = this.sum[r]! + this.comp[r]!
  }
}

/** Binomial coefficients C(j, r) for j, r < size, row-major. */
export function binomials(size: number): Float64Array {
  const c = new Float64Array(size * size)
  for (let j = 0; j < size; j++) {
    c[j * size] = 1
    for (let r = 1; r <= j; r++) c[j * size + r] = c[(j - 1) * size + r - 1]! + (r < j ? c[(j - 1) * size + r]! : 0)
  }
  return c
}

/** Roundings a clean cell's terms pass through, in units of eps times its amplification (see cleanCellValue). */
export function cleanRoundings(momentCount: number): number {
  // Coefficients 8; t's rounding through a polynomial of degree m - 1, 2(m - 1); x^r and w, 3m - 1;
  // the key moments ((k - c) / h, the powers, the compensated sum, the scaling by (h / sigma)^s),
  // 4(m - 1); products, inner and outer sums, 2m + 1; the query moments' compensated sums, 4:
  // 11m + 2 in all, rounded up.
  return 11 * momentCount + 16
}

/**
 * The expansion of one clean cell: coef_j(t) written into `coef`, and the
 * amplification, which bounds sum_{r,s} |coef_{r+s}| C(r+s, r) rho_R^r rho_B^s
 * (the cell's terms are at most that times Q_0 times the block's keys).
 */
export function cleanCellCoefficients(shape: CompactShape, moments: BlockMoments, block: number, side: number, sigma: number, groupCentre: number, groupRadius: number, coef: Float64Array): number {
  const t = (groupCentre - moments.centre[block]!) / sigma
  return shapeCoefficients(shape, t, side === RIGHT, groupRadius + moments.halfWidth[block]! / sigma, coef)
}

/**
 * One clean cell's sum over the row's queries and the column's keys of
 * w_q K((q - k) / sigma), from its coefficients (cleanCellCoefficients), the
 * group's moment totals `q` (x about the group's centre, in bandwidths) and the
 * block's key moments; `keyMoments` is scratch of momentCount numbers.
 */
export function cleanCellValue(m: number, coef: Float64Array, coefOffset: number, moments: BlockMoments, block: number, sigma: number, q: Float64Array, binom: Float64Array, keyMoments: Float64Array): number {
  // (k - c) / sigma = (k - c) / h * (h / sigma), and h / sigma <= 1 for a clean column (all its keys within reach).
  const ratio = moments.halfWidth[block]! / sigma
  let scale = 1
  for (let s = 0; s < m; s++) {
    keyMoments[s] = moments.raw[block * m + s]! * scale
    scale *= ratio
  }
  let value = 0
  for (let j = 0; j < m; j++) {
    let inner = 0
    for (let r = 0; r <= j; r++) {
      const term = binom[j * m + r]! * q[r]! * keyMoments[j - r]!
      inner += r % 2 === 0 ? term : -term
    }
    value += coef[coefOffset + j]! * inner
  }
  return value
}

/** Fewer clean columns save less than a group's moments and whole segments cost its queries. */
const MIN_CLEAN_COLUMNS = 3

/**
 * The columns of one group of queries (a part of a heatmap row): which are
 * clean, with their coefficients, the next dirty column of each (for the
 * per-query loop to skip to), and the group's weighted moments.
 */
export class GroupColumns {
  readonly kind: Uint8Array
  readonly nextDirty: Int32Array
  readonly moments: GroupMoments
  /** sum over clean columns of amplification x keys: a query's share of their rounding is this over its total. */
  cleanWeight = 0
  /** eps times the roundings a clean cell's terms pass through (cleanRoundings). */
  readonly roundings: number
  private readonly blockMoments: BlockMoments | null
  private readonly cleanCoef: Float64Array
  private readonly cleanAmp: Float64Array
  private readonly coef: Float64Array
  private readonly totals: Float64Array
  private readonly binom: Float64Array
  private readonly keyMoments: Float64Array

  constructor(
    private readonly prepared: PreparedKeys,
    private readonly colStarts: Uint32Array,
    private readonly shape: CompactShape,
    private readonly sigma: number,
  ) {
    const m = shape.momentCount
    const cols = colStarts.length - 1
    this.kind = new Uint8Array(cols)
    this.nextDirty = new Int32Array(cols + 1)
    this.moments = new GroupMoments(m)
    // The cosine has no polynomial expansion: its columns all stay DIRTY.
    this.blockMoments = shape.cosine ? null : blockMomentsFor(prepared, colStarts, m)
    this.cleanCoef = new Float64Array(cols * m)
    this.cleanAmp = new Float64Array(cols)
    this.coef = new Float64Array(m)
    this.totals = new Float64Array(m)
    this.binom = binomials(m)
    this.keyMoments = new Float64Array(m)
    this.roundings = Number.EPSILON * cleanRoundings(m)
  }

  /** Classifies the columns for queries from qMin to qMax; returns how many are clean (0: all by pieces). */
  classify(qMin: number, qMax: number, centre: number): number {
    const { kind, nextDirty, cleanAmp, cleanCoef, coef, shape, sigma, blockMoments, colStarts } = this
    const cols = colStarts.length - 1
    const radius = Math.max(centre - qMin, qMax - centre) / sigma
    let clean = blockMoments ? classifyColumns(this.prepared.keys, colStarts, qMin, qMax, sigma, shape, kind) : 0
    if (clean < MIN_CLEAN_COLUMNS) {
      kind.fill(DIRTY)
      clean = 0
    }
    let weight = 0
    nextDirty[cols] = cols
    for (let b = cols - 1; b >= 0; b--) {
      nextDirty[b] = kind[b] === DIRTY ? b : nextDirty[b + 1]!
      if (kind[b] !== DIRTY) {
        cleanAmp[b] = cleanCellCoefficients(shape, blockMoments!, b, kind[b]!, sigma, centre, radius, coef)
        cleanCoef.set(coef, b * shape.momentCount)
        weight += cleanAmp[b]! * (colStarts[b + 1]! - colStarts[b]!)
      }
    }
    this.cleanWeight = weight
    this.moments.reset()
    return clean
  }

  /** Adds the group's share of its clean columns, from its moments, to a row's sums and error bound. */
  addClean(sums: Float64Array, base: number, rowError: Float64Array, row: number): void {
    const { kind, cleanCoef, cleanAmp, blockMoments, totals, binom, keyMoments, sigma, colStarts, roundings } = this
    const m = this.shape.momentCount
    this.moments.totals(totals)
    for (let b = 0; b < kind.length; b++) {
      if (kind[b] === DIRTY) continue
      sums[base + b] = sums[base + b]! + cleanCellValue(m, cleanCoef, b * m, blockMoments!, b, sigma, totals, binom, keyMoments)
      rowError[row] = rowError[row]! + roundings * cleanAmp[b]! * (colStarts[b + 1]! - colStarts[b]!) * totals[0]!
    }
  }
}
