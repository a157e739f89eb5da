import { isCompactKernel, type KernelId } from '../kernels'
import type { Algorithm } from '../types'
import type { FgtParams } from './fgt'
import { windowT2 } from './gaussWindow'
import { truncationTails } from './hermite'
import type { PreparedKeys } from './prepared'
import * as search from './search'

// Bound once: under tsx (esbuild's CommonJS output, which the tests and the benchmark run) every use of an
// imported name goes through a getter, about 25 ns a call inside a hot loop.
const { ABOVE, AT_LEAST, firstWhere } = search

/**
 * Which algorithm answers a problem, with every parameter it needs. A plan
 * is made once from the whole problem and is plain data, so that threads
 * given different query ranges run exactly the same computation.
 */
export interface NwPlan {
  algorithm: Algorithm
  kernel: KernelId
  sigma: number
  /** Largest error allowed on any estimate (absolute, in the values' units). */
  tolerance: number
  /** Gaussian window: keys with u^2 > u_min^2 + t2 are left out (also the FGT's fallback). */
  t2: number
  /** Keys per Gaussian window, averaged over sample queries (0 when not needed). */
  meanWindow: number
  /** The cost model's estimates in nanoseconds, for the Gaussian's candidates (benchmarks print them). */
  estimatedNs: { window: number; fgt: number } | null
  fgt: FgtParams | null
}

/** Default tolerance relative to the spread of the values (max |v - mean v|). */
export const DEFAULT_RELATIVE_TOLERANCE = 1e-12

export function defaultTolerance(prepared: PreparedKeys): number {
  return DEFAULT_RELATIVE_TOLERANCE * prepared.scale
}

// Cost model in nanoseconds, measured with test/bench/run.ts on a 2-core x86 machine under Node 20.
const NS_WINDOW_KEY = 25
const NS_QUERY_SEARCH = 300
const NS_MOMENT_TERM = 3
const NS_PAIR_TERM = 1.5
const NS_SERIES_TERM = 2.5
const NS_QUERY_FGT = 150
const NS_BOX_KEY = 4
/**
 * Box widths tried, in bandwidths: narrow boxes need fewer terms (cheaper per
 * key and query), wide ones fewer translations (cheaper when sigma is small
 * and each box holds few keys). The cost model picks one.
 */
const FGT_WIDTHS = [0.5, 1, 2, 3]
const FGT_MAX_ORDER = 48
const WINDOW_SAMPLE = 64

export interface PlanOptions {
  tolerance?: number
  /** Force an algorithm (tests and benchmarks); 'dense' is honoured by the caller. */
  algorithm?: Algorithm
  /** The plan will also be asked for the squared-distance sums of the training gradient. */
  derivatives?: boolean
  /** Force the FGT's box width, in bandwidths (tests and benchmarks). */
  fgtWidth?: number
  /** The queries are the keys, each leaving itself out. */
  leaveOneOut?: boolean
}

/** Leave-one-out windows this large on average are summed pairwise; smaller ones cost less one query at a time. */
export const PAIRS_MIN_WINDOW = 6

/**
 * Chooses the algorithm for n keys against the sorted queries. Compact
 * kernels are exact by windows and moments; the constant kernel is a mean;
 * for the Gaussian the cheaper of the truncated window and the fast Gauss
 * transform by a cost model (windows when sigma is small against the
 * spacing of the data, the transform when each bandwidth holds many keys).
 */
export function makePlan(
  prepared: PreparedKeys,
  sortedQueries: Float64Array,
  kernel: KernelId,
  sigma: number,
  options: PlanOptions = {},
): NwPlan {
  const tolerance = options.tolerance ?? defaultTolerance(prepared)
  const n = prepared.keys.length
  const t2 = windowT2(n, prepared.range, tolerance)
  const base: NwPlan = { algorithm: 'dense', kernel, sigma, tolerance, t2, meanWindow: 0, estimatedNs: null, fgt: null }
  if (kernel === 'constant') return { ...base, algorithm: 'constant' }
  if (isCompactKernel(kernel)) return { ...base, algorithm: 'compact' }
  const derivatives = options.derivatives === true
  const m = sortedQueries.length
  const meanWindow = sampleWindowSize(prepared, sortedQueries, sigma, t2)
  base.meanWindow = meanWindow
  // Leave-one-out windows of several keys are summed pairwise, each pair once (looWindowPairs.ts).
  const perKey = options.leaveOneOut && meanWindow >= PAIRS_MIN_WINDOW ? NS_WINDOW_KEY / 2 : NS_WINDOW_KEY
  const windowCost = m * (NS_QUERY_SEARCH + meanWindow * perKey)
  // The transform at least cuts every key into boxes: when the windows cost less, skip planning it (a training minibatch).
  const worthPlanning = options.algorithm === 'fgt' || windowCost > n * NS_BOX_KEY
  let fgt: FgtParams | null = null
  let fgtCost = Infinity
  for (const widthInSigmas of !worthPlanning ? [] : options.fgtWidth ? [options.fgtWidth] : FGT_WIDTHS) {
    const candidate = fgtParams(prepared, sortedQueries, sigma, tolerance, derivatives, widthInSigmas)
    const cost = candidate ? estimateFgtCost(prepared, sortedQueries, candidate, meanWindow) : Infinity
    if (cost < fgtCost) {
      fgt = candidate
      fgtCost = cost
    }
  }
  base.estimatedNs = { window: windowCost, fgt: fgtCost }
  if (options.algorithm === 'window' || options.algorithm === 'fgt') {
    const algorithm = options.algorithm === 'fgt' && fgt ? 'fgt' : 'window'
    return { ...base, algorithm, fgt: algorithm === 'fgt' ? fgt : null }
  }
  return fgtCost < windowCost ? { ...base, algorithm: 'fgt', fgt } : { ...base, algorithm: 'window' }
}

function fgtParams(
  prepared: PreparedKeys,
  sortedQueries: Float64Array,
  sigma: number,
  tolerance: number,
  derivatives: boolean,
  widthInSigmas: number,
): FgtParams | null {
  const keys = prepared.keys
  const n = keys.length
  const m = sortedQueries.length
  const h = sigma * Math.SQRT2
  // Boxes never need to be wider than the data: a wide sigma then gets a small radius in units of h, and few terms.
  const lowest = Math.min(keys[0]!, m > 0 ? sortedQueries[0]! : keys[0]!)
  const highest = Math.max(keys[n - 1]!, m > 0 ? sortedQueries[m - 1]! : keys[n - 1]!)
  const span = highest - lowest
  let width = widthInSigmas * sigma
  if (span > 0 && span < width) width = span
  if (!(width > 0) || !Number.isFinite(span / width)) return null
  const relative = prepared.scale > 0 && tolerance > 0 ? tolerance / prepared.scale : DEFAULT_RELATIVE_TOLERANCE
  // Per query the bound is about tail * 2 * (sum of exp(-delta^2/2) over keys) / F0: leave a factor 100 for that ratio.
  const target = Math.min(1e-3, Math.max(1e-17, relative / 100))
  // Radii rounded up to a grid of 16 steps per octave: the tail tables are memoised per radius,
  // and a query's offset from its cell centre is computed with rounding.
  const radius = 2 ** (Math.ceil(Math.log2((width / (2 * h)) * (1 + 1e-6)) * 16) / 16)
  const tails = truncationTails(radius, radius, FGT_MAX_ORDER)
  const direct = truncationTails(0, radius, FGT_MAX_ORDER)
  let order = 1
  while (order < FGT_MAX_ORDER && (tails.value[order]! > target || (derivatives && tails.second[order]! > target))) order++
  if (tails.value[order]! > target) return null
  const c2 = Math.max(4, Math.log((20 * n) / target))
  return {
    sigma,
    width,
    anchor: lowest,
    order,
    cutoff: h * Math.sqrt(c2),
    tails: Array.from(tails.value.subarray(0, order + 1)),
    tailsSecond: Array.from(tails.second.subarray(0, order + 1)),
    tailsDirect: Array.from(direct.value.subarray(0, order + 1)),
    tailsDirectSecond: Array.from(direct.second.subarray(0, order + 1)),
    target,
    derivatives,
  }
}

/** Mean window size over evenly spaced sample queries. */
function sampleWindowSize(prepared: PreparedKeys, sortedQueries: Float64Array, sigma: number, t2: number): number {
  const keys = prepared.keys
  const m = sortedQueries.length
  if (m === 0) return 0
  const samples = Math.min(m, WINDOW_SAMPLE)
  let total = 0
  for (let s = 0; s < samples; s++) {
    const q = sortedQueries[Math.floor(((s + 0.5) * m) / samples)]!
    const pos = firstWhere(keys, AT_LEAST, q, 0)
    let minSq = Infinity
    for (let j = Math.max(0, pos - 1); j <= Math.min(keys.length - 1, pos); j++) minSq = Math.min(minSq, ((q - keys[j]!) / sigma) ** 2)
    const reach = sigma * Math.sqrt(minSq + t2)
    total += firstWhere(keys, ABOVE, q + reach, pos) - firstWhere(keys, AT_LEAST, q - reach, pos)
  }
  return total / samples
}

function estimateFgtCost(prepared: PreparedKeys, sortedQueries: Float64Array, fgt: FgtParams, meanWindow: number): number {
  const n = prepared.keys.length
  const m = sortedQueries.length
  const p = fgt.order
  const boxes = countRuns(prepared.keys, fgt.width, prepared.keys[0]!, false)
  const cells = countRuns(sortedQueries, fgt.width, fgt.anchor, true)
  // Boxes in reach of a cell: as many as fit in its reach, but no more than there are boxes, or keys in a window.
  const perCell = Math.min(boxes, (2 * fgt.cutoff) / fgt.width + 2, meanWindow + 1)
  // A box costs the cheaper of translating its moments and expanding its keys; distant ones use fewer terms.
  const terms = 0.7 * p
  const perBox = Math.min(2 * terms * (terms + 2), (n / boxes) * (6 * terms + 30))
  // Moments are computed only for boxes some cell translates: all of them unless the queries are few.
  const withMoments = Math.min(n, cells * perCell * (n / boxes))
  return n * NS_BOX_KEY + withMoments * p * NS_MOMENT_TERM + cells * perCell * perBox * NS_PAIR_TERM + m * (2 * p * NS_SERIES_TERM + NS_QUERY_FGT)
}

/** Runs past this many are extrapolated: the estimate only has to rank algorithms. */
const MAX_COUNTED_RUNS = 4096

/**
 * Number of boxes (greedy: a box starts at its first value and spans `width`)
 * or grid cells (aligned to `anchor`) that sorted values fall into, by
 * jumping from run to run.
 */
function countRuns(sorted: Float64Array, width: number, anchor: number, grid: boolean): number {
  const n = sorted.length
  let runs = 0
  let j = 0
  while (j < n) {
    runs++
    const x = sorted[j]!
    const end = grid ? anchor + (Math.floor((x - anchor) / width) + 1) * width : x + width
    j = firstWhere(sorted, AT_LEAST, end, j + 1)
    if (runs >= MAX_COUNTED_RUNS && j < n) return Math.round((runs * n) / j)
  }
  return runs
}
