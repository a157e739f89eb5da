import * as fgtModule from './fgt'
import type { FgtParams } from './fgt'
import * as fgtLocal from './fgtLocal'
import type { HeatmapAccumulator } from './heatmapCompact'
import { WindowHeatmapRows } from './heatmapWindow'
import * as hermite from './hermite'
import type { PreparedKeys } from './prepared'

// Bound once: under tsx (esbuild's CommonJS output, which the tests and the benchmark run) every use of an
// imported name goes through a getter, about 25 ns a call inside a hot loop.
const { buildFgtSources } = fgtModule
const { FgtLocal, SERIES_ROUNDING } = fgtLocal
const { hermiteFunctions } = hermite

/**
 * The Gaussian heatmap by a double expansion, for sigma wide enough that
 * every query's window holds many keys. A cell of the heatmap is
 *
 *   (1 / (|R| |C|)) sum_{i in R} sum_{j in C} g_i exp(-((q_i - k_j) / h)^2),   g_i = 1 / F0(q_i),
 *
 * and with queries grouped into pieces (one row block within one grid cell
 * of the transform) and keys into pieces (one column block within one box),
 * hermite.ts's double series makes each piece pair a product of moments:
 * sum_beta G_beta (-1)^beta / beta! sum_alpha h_{alpha+beta}(delta) A_alpha,
 * G_beta = sum_i g_i t_i^beta over the query piece and A_alpha = sum_j
 * s_j^alpha / alpha! over the key piece. The work is (row pieces x boxes in
 * reach) p^2 + (row pieces x key pieces in reach) p, plus O((n + m) p) for
 * moments and the F0 of every query: independent of n x m, so a 10^5 x 10^5
 * heatmap costs about what a small one does.
 *
 * F0 comes from the single-cell series (fgtLocal.ts). A query whose F0 is
 * not known to the relative tolerance (far from every key) goes through its
 * window instead (heatmapWindow.ts).
 */
export function fgtHeatmap(
  prepared: PreparedKeys,
  queries: Float64Array,
  params: FgtParams,
  t2: number,
  relativeTolerance: number,
  acc: HeatmapAccumulator,
): void {
  const { keys } = prepared
  const n = keys.length
  const m = queries.length
  const p = params.order
  const h = params.sigma * Math.SQRT2
  const { rowStarts, colStarts, cols, sums, rowError } = acc
  const sources = buildFgtSources(prepared, params)
  const local = new FgtLocal(params, sources, prepared)
  const windows = new WindowHeatmapRows(prepared, params.sigma, t2, acc)
  const radius = (params.width / (2 * h)) * (1 + 1e-6)
  const inverseFactorial = new Float64Array(p)
  for (let k = 0, f = 1; k < p; k++, f *= k) inverseFactorial[k] = 1 / f

  // Query pieces: runs of sorted queries in one row block and one grid cell.
  const pieceRow: number[] = []
  const pieceCell: number[] = []
  const pieceWeight: number[] = []
  const pieceMoments: Float64Array[] = []
  let row = 0
  let current: Float64Array | null = null
  for (let i = 0; i < m; i++) {
    while (rowStarts[row + 1]! <= i) row++
    const q = queries[i]!
    const cell = local.cellOf(q)
    let served = false
    if (cell === cell) {
      local.expand(cell)
      const t = local.offset(q)
      if (Math.abs(t) <= radius) {
        local.evaluate(t)
        const f0 = local.denValue
        const e0 = local.denError + SERIES_ROUNDING * Math.abs(f0)
        if (f0 > e0 && e0 <= relativeTolerance * (f0 - e0)) {
          const last = pieceRow.length - 1
          if (!current || pieceRow[last] !== row || pieceCell[last] !== cell) {
            current = new Float64Array(p)
            pieceRow.push(row)
            pieceCell.push(cell)
            pieceWeight.push(0)
            pieceMoments.push(current)
          }
          const g = 1 / f0
          let power = g
          for (let beta = 0; beta < p; beta++) {
            current[beta] = current[beta]! + power
            power *= t
          }
          pieceWeight[pieceWeight.length - 1] = pieceWeight[pieceWeight.length - 1]! + g
          // The row's weights carry F0's relative error once through g and once through the sum they are made of.
          rowError[row] = rowError[row]! + e0 / (f0 - e0)
          served = true
        }
      }
    }
    if (!served) windows.add(q, row)
  }

  // Key pieces: runs of sorted keys in one column block and one box, with Hermite moments about the box centre.
  const { boxes, start, centre, lo, hi } = sources
  const keyPieceStart: number[] = []
  const keyPieceBlock: number[] = []
  const boxFirstPiece = new Int32Array(boxes + 1)
  const keyMoments: Float64Array[] = []
  let block = 0
  for (let b = 0; b < boxes; b++) {
    boxFirstPiece[b] = keyPieceStart.length
    const c = centre[b]!
    for (let j = start[b]!; j < start[b + 1]!; j++) {
      while (colStarts[block + 1]! <= j) block++
      if (j === start[b] || j === colStarts[block]) {
        keyPieceStart.push(j)
        keyPieceBlock.push(block)
        keyMoments.push(new Float64Array(p))
      }
      const moments = keyMoments[keyMoments.length - 1]!
      const s = (keys[j]! - c) / h
      let term = 1
      for (let alpha = 0; alpha < p; alpha++) {
        moments[alpha] = moments[alpha]! + term
        term = (term * s) / (alpha + 1)
      }
    }
  }
  boxFirstPiece[boxes] = keyPieceStart.length
  keyPieceStart.push(n)

  // Every query piece against every box in reach.
  const hv = new Float64Array(2 * p)
  const u = new Float64Array(p)
  const far = Math.exp(-((params.cutoff / h) ** 2))
  let firstBox = 0
  for (let k = 0; k < pieceRow.length; k++) {
    const cellCentre = params.anchor + (pieceCell[k]! + 0.5) * params.width
    const reachLo = cellCentre - params.width / 2 - params.cutoff
    const reachHi = cellCentre + params.width / 2 + params.cutoff
    // Pieces come in row order, and cells ascend within a row: restart the box scan when a cell moves back.
    if (firstBox > 0 && hi[firstBox - 1]! >= reachLo) firstBox = 0
    while (firstBox < boxes && hi[firstBox]! < reachLo) firstBox++
    const G = pieceMoments[k]!
    const weight = pieceWeight[k]!
    const base = pieceRow[k]! * cols
    let inReach = 0
    for (let b = firstBox; b < boxes && lo[b]! <= reachHi; b++) {
      const delta = (cellCentre - centre[b]!) / h
      const decay = Math.exp(-0.5 * delta * delta)
      let terms = p
      while (terms > 1 && params.tails[terms - 1]! * decay <= params.target) terms--
      hermiteFunctions(delta, 2 * terms, hv)
      for (let alpha = 0; alpha < terms; alpha++) {
        let acc0 = 0
        for (let beta = 0; beta < terms; beta++) {
          const term = G[beta]! * inverseFactorial[beta]! * hv[alpha + beta]!
          acc0 += beta % 2 === 0 ? term : -term
        }
        u[alpha] = acc0
      }
      for (let piece = boxFirstPiece[b]!; piece < boxFirstPiece[b + 1]!; piece++) {
        const A = keyMoments[piece]!
        let value = 0
        for (let alpha = 0; alpha < terms; alpha++) value += u[alpha]! * A[alpha]!
        const target = base + keyPieceBlock[piece]!
        sums[target] = sums[target]! + value
      }
      const count = start[b + 1]! - start[b]!
      rowError[pieceRow[k]!] = rowError[pieceRow[k]!]! + params.tails[terms]! * decay * count * weight
      inReach += count
    }
    rowError[pieceRow[k]!] = rowError[pieceRow[k]!]! + far * (n - inReach) * weight
  }
}
