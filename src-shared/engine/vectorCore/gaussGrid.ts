import { barycentricWeights, chebyshevNodes, interpolationError, lagrangeBasis, lebesgueConstant } from './chebyshev'
import type { Prepared } from './prepare'

/**
 * A fast Gauss transform for d <= 3 through Chebyshev interpolation on a
 * grid of boxes (a separable variant of the black-box fast multipole idea).
 *
 * In scaled coordinates the Gaussian is a product of one-dimensional
 * factors k(x_l - y_l) = exp(-(x_l - y_l)^2 / 2). Space is cut into boxes of
 * half-width r per coordinate, each with p Chebyshev nodes per coordinate.
 * Each factor is interpolated in y over the key's box and in x over the
 * query's box:
 *
 *   k(x, y) ~ sum_a sum_b L_a(x) k(x_a, y_b) L_b(y),
 *
 * so the sums over keys become: spread each key's channels onto its box's
 * p^d nodes (weights L_b(y)), apply the node-to-node Gaussian one coordinate
 * at a time (a banded Toeplitz-by-block matrix), and read each query off its
 * box's nodes (weights L_a(x)). Cost O((n + m) p^d + nodes * band * p * d),
 * independent of how many keys a query reaches.
 *
 * Error. Per coordinate, |k - I_x I_y k| <= e_y + Lambda e_x (interpolation
 * in y, then in x of a combination whose coefficients sum in absolute value
 * to at most the Lebesgue constant Lambda), with e = chebyshev.ts's bound;
 * box pairs farther apart than `band` boxes are dropped, each such factor
 * being below e_cut. With e1 the larger of the two, every key-query pair's
 * weight is off by at most E = (1 + e1)^d - 1 (the factors are at most 1).
 * Hence the denominator D = sum_j w_j is off by at most E_D = n E, the
 * centred numerator N = sum_j w_j (v_j - mean) by E_N = E sum_j |v_j - mean|,
 * and the estimate mean + N / D by
 *
 *   (E_N + |N~ / D~| E_D) / (D~ - E_D),
 *
 * the bound reported per query. The weights here are absolute, not relative
 * to the nearest key, so a query far from every key has a tiny D; where the
 * bound exceeds the tolerance the caller computes that query exactly.
 * Rounding is not in the bound (as for the other paths): every sum has
 * positive-dominated terms of size at most the key count times Lambda^(2d).
 */

export interface GridPlan {
  /** Box half-width in scaled units, and nodes per coordinate. */
  r: number
  p: number
  /** Per coordinate: lower edge of the first box, and the box count. */
  lo: number[]
  boxes: number[]
  /** Box offsets kept per coordinate (0 .. band). */
  band: number
  /** Bound on any one pair's weight error. */
  pairError: number
  /** Estimated work, in multiply-adds. */
  cost: number
}

/** The transform works on at most this many dimensions (p^d nodes per box). */
export const GRID_MAX_DIMENSION = 3
/** Node arrays of at most this many doubles (two are kept: 2 x 32 MB). */
const MAX_GRID_VALUES = 1 << 22
const HALF_WIDTHS = [0.5, 0.75, 1, 1.5, 2, 3]
const MAX_NODES = 40

/**
 * The cheapest grid whose pair error keeps a query with denominator at
 * least `denominatorFloor` within `tolerance`, or null when none fits.
 */
export function planGrid(p: Prepared, leaveOneOut: boolean, tolerance: number, denominatorFloor: number): GridPlan | null {
  const { d, n, c } = p
  if (d > GRID_MAX_DIMENSION || !(denominatorFloor > 0)) return null
  const m = leaveOneOut ? n : p.m
  const channels = c + 1
  const { absSum, maxAbs } = centredSizes(p)
  // Budget for E: E (absSum + maxAbs n) / (D - n E) <= tolerance at D = denominatorFloor, with room to spare.
  const pairBudget = (0.5 * tolerance * denominatorFloor) / (absSum + maxAbs * n + tolerance * n)
  if (!(pairBudget > 0)) return null
  const factorBudget = Math.expm1(Math.log1p(pairBudget) / d)
  const extent = extents(p, leaveOneOut)
  let best: GridPlan | null = null
  for (const r of HALF_WIDTHS) {
    let nodes = 2
    while (nodes <= MAX_NODES && interpolationError(nodes, r) * (1 + lebesgueConstant(nodes)) > factorBudget) nodes++
    if (nodes > MAX_NODES) continue
    const band = Math.ceil(Math.sqrt(2 * Math.log(1 / Math.min(factorBudget, 0.5))) / (2 * r))
    const boxes = extent.map(([a, b]) => Math.max(1, Math.ceil((b - a) / (2 * r))))
    let total = 1
    for (const k of boxes) total *= k * nodes
    if (total * channels > MAX_GRID_VALUES) continue
    const perPoint = nodes ** d * channels + 4 * d * nodes
    let transform = 0
    for (let l = 0; l < d; l++) transform += total * channels * (2 * Math.min(band, boxes[l]! - 1) + 1) * nodes
    const cost = (n + m) * perPoint + transform
    if (best && best.cost <= cost) continue
    const e1 = Math.max(interpolationError(nodes, r) * (1 + lebesgueConstant(nodes)), Math.exp(-0.5 * (2 * band * r) ** 2))
    best = {
      r,
      p: nodes,
      lo: extent.map(([a, b], l) => 0.5 * (a + b) - boxes[l]! * r),
      boxes,
      band,
      pairError: Math.expm1(d * Math.log1p(e1)),
      cost,
    }
  }
  return best
}

function extents(p: Prepared, leaveOneOut: boolean): [number, number][] {
  const out: [number, number][] = []
  for (let l = 0; l < p.d; l++) {
    let a = Infinity
    let b = -Infinity
    for (const x of leaveOneOut ? [p.keys] : [p.keys, p.queries]) {
      for (let i = l; i < x.length; i += p.d) {
        if (x[i]! < a) a = x[i]!
        if (x[i]! > b) b = x[i]!
      }
    }
    out.push([a, b])
  }
  return out
}

/** sum_j |v_j - mean| and max_j |v_j - mean|, the largest over channels. */
function centredSizes(p: Prepared): { absSum: number; maxAbs: number; means: Float64Array } {
  const { n, c, values } = p
  const means = new Float64Array(c)
  for (let j = 0; j < n; j++) for (let ch = 0; ch < c; ch++) means[ch] = means[ch]! + values[j * c + ch]!
  for (let ch = 0; ch < c; ch++) means[ch] = means[ch]! / n
  let absSum = 0
  let maxAbs = 0
  for (let ch = 0; ch < c; ch++) {
    let s = 0
    for (let j = 0; j < n; j++) {
      const a = Math.abs(values[j * c + ch]! - means[ch]!)
      s += a
      if (a > maxAbs) maxAbs = a
    }
    if (s > absSum) absSum = s
  }
  return { absSum, maxAbs, means }
}

/**
 * The transform's result: per node, the Gaussian sums of weight and
 * centred values over every key. Built once; queries then read it off.
 */
export class GaussGrid {
  private readonly d: number
  private readonly p: number
  private readonly channels: number
  private readonly nodes: Float64Array
  private readonly weights: Float64Array
  private readonly sizes: number[]
  /** Node sums, channel-interleaved: ((i0 * G1 + i1) * G2 + i2) * channels + ch. */
  private readonly grid: Float64Array
  private readonly basis: Float64Array
  private readonly base = [0, 0, 0]
  readonly means: Float64Array
  /** E_D and E_N (the largest over channels). */
  readonly denominatorError: number
  readonly numeratorError: number

  constructor(
    private readonly prepared: Prepared,
    private readonly plan: GridPlan,
  ) {
    const { d, n, c, keys, values } = prepared
    this.d = d
    this.p = plan.p
    this.channels = c + 1
    this.nodes = chebyshevNodes(plan.p)
    this.weights = barycentricWeights(plan.p)
    this.sizes = plan.boxes.map((b) => b * plan.p)
    let total = this.channels
    for (const s of this.sizes) total *= s
    this.basis = new Float64Array(d * plan.p)
    const sizes = centredSizes(prepared)
    this.means = sizes.means
    this.denominatorError = plan.pairError * n
    this.numeratorError = plan.pairError * sizes.absSum
    let spread: Float64Array = new Float64Array(total)
    const row = new Float64Array(this.channels)
    row[0] = 1
    for (let j = 0; j < n; j++) {
      for (let ch = 0; ch < c; ch++) row[ch + 1] = values[j * c + ch]! - this.means[ch]!
      this.locate(keys, j)
      this.scatter(spread, row)
    }
    for (let l = 0; l < d; l++) spread = this.convolve(spread, l)
    this.grid = spread
  }

  /** Fills basis and base (first node index per coordinate) for row i of xs. */
  private locate(xs: Float64Array, i: number): void {
    const { d, p, basis, base, plan } = this
    const r = plan.r
    for (let l = 0; l < d; l++) {
      const offset = (xs[i * d + l]! - plan.lo[l]!) / (2 * r)
      const box = Math.min(plan.boxes[l]! - 1, Math.max(0, Math.floor(offset)))
      const t = Math.min(1, Math.max(-1, 2 * (offset - box) - 1))
      lagrangeBasis(t, this.nodes, this.weights, basis, l * p)
      base[l] = box * p
    }
  }

  private scatter(grid: Float64Array, row: Float64Array): void {
    const { d, p, basis, base, channels: C, sizes } = this
    if (d === 1) {
      for (let a = 0; a < p; a++) {
        const w = basis[a]!
        const at = (base[0]! + a) * C
        for (let ch = 0; ch < C; ch++) grid[at + ch] = grid[at + ch]! + w * row[ch]!
      }
    } else if (d === 2) {
      const g1 = sizes[1]!
      for (let a = 0; a < p; a++) {
        const wa = basis[a]!
        const start = (base[0]! + a) * g1 + base[1]!
        for (let b = 0; b < p; b++) {
          const w = wa * basis[p + b]!
          const at = (start + b) * C
          for (let ch = 0; ch < C; ch++) grid[at + ch] = grid[at + ch]! + w * row[ch]!
        }
      }
    } else {
      const g1 = sizes[1]!
      const g2 = sizes[2]!
      for (let a = 0; a < p; a++) {
        const wa = basis[a]!
        for (let b = 0; b < p; b++) {
          const wab = wa * basis[p + b]!
          const start = ((base[0]! + a) * g1 + base[1]! + b) * g2 + base[2]!
          for (let e = 0; e < p; e++) {
            const w = wab * basis[2 * p + e]!
            const at = (start + e) * C
            for (let ch = 0; ch < C; ch++) grid[at + ch] = grid[at + ch]! + w * row[ch]!
          }
        }
      }
    }
  }

  /** Sums over every key at row i of xs into `into` (channel 0: weight; then centred numerators). */
  gather(xs: Float64Array, i: number, into: Float64Array): void {
    this.locate(xs, i)
    const { d, p, basis, base, channels: C, sizes, grid } = this
    into.fill(0)
    if (d === 1) {
      for (let a = 0; a < p; a++) {
        const w = basis[a]!
        const at = (base[0]! + a) * C
        for (let ch = 0; ch < C; ch++) into[ch] = into[ch]! + w * grid[at + ch]!
      }
    } else if (d === 2) {
      const g1 = sizes[1]!
      if (C === 2) {
        // The regression case, kept free of the channel loop.
        let s0 = 0
        let s1 = 0
        for (let a = 0; a < p; a++) {
          const wa = basis[a]!
          let at = ((base[0]! + a) * g1 + base[1]!) * 2
          let r0 = 0
          let r1 = 0
          for (let b = 0; b < p; b++, at += 2) {
            const w = basis[p + b]!
            r0 += w * grid[at]!
            r1 += w * grid[at + 1]!
          }
          s0 += wa * r0
          s1 += wa * r1
        }
        into[0] = s0
        into[1] = s1
        return
      }
      for (let a = 0; a < p; a++) {
        const wa = basis[a]!
        const start = (base[0]! + a) * g1 + base[1]!
        for (let b = 0; b < p; b++) {
          const w = wa * basis[p + b]!
          const at = (start + b) * C
          for (let ch = 0; ch < C; ch++) into[ch] = into[ch]! + w * grid[at + ch]!
        }
      }
    } else {
      const g1 = sizes[1]!
      const g2 = sizes[2]!
      for (let a = 0; a < p; a++) {
        const wa = basis[a]!
        for (let b = 0; b < p; b++) {
          const wab = wa * basis[p + b]!
          const start = ((base[0]! + a) * g1 + base[1]! + b) * g2 + base[2]!
          for (let e = 0; e < p; e++) {
            const w = wab * basis[2 * p + e]!
            const at = (start + e) * C
            for (let ch = 0; ch < C; ch++) into[ch] = into[ch]! + w * grid[at + ch]!
          }
        }
      }
    }
  }

  /** Applies the node-to-node Gaussian along coordinate l; returns a new array. */
  private convolve(input: Float64Array, l: number): Float64Array {
    const { p, plan, sizes, channels } = this
    const r = plan.r
    const boxes = plan.boxes[l]!
    const band = Math.min(plan.band, boxes - 1)
    const nodes = this.nodes
    // matrices[(o + band) * p * p + a * p + b]: target node a of box T against source node b of box T - o.
    const matrices = new Float64Array((2 * band + 1) * p * p)
    for (let o = -band; o <= band; o++) {
      for (let a = 0; a < p; a++) {
        for (let b = 0; b < p; b++) {
          const gap = 2 * o * r + r * (nodes[a]! - nodes[b]!)
          matrices[((o + band) * p + a) * p + b] = Math.exp(-0.5 * gap * gap)
        }
      }
    }
    let outer = 1
    for (let k = 0; k < l; k++) outer *= sizes[k]!
    let inner = channels
    for (let k = l + 1; k < sizes.length; k++) inner *= sizes[k]!
    const size = sizes[l]!
    const out = new Float64Array(input.length)
    for (let q = 0; q < outer; q++) {
      const line = q * size * inner
      for (let T = 0; T < boxes; T++) {
        for (let o = -band; o <= band; o++) {
          const S = T - o
          if (S < 0 || S >= boxes) continue
          const mat = (o + band) * p * p
          for (let a = 0; a < p; a++) {
            const to = line + (T * p + a) * inner
            for (let b = 0; b < p; b++) {
              const k = matrices[mat + a * p + b]!
              const from = line + (S * p + b) * inner
              for (let e = 0; e < inner; e++) out[to + e] = out[to + e]! + k * input[from + e]!
            }
          }
        }
      }
    }
    return out
  }
}
