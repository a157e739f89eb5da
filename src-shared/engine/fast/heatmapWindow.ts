import { blockOf } from '../common/heatmapBlocks'
import type { HeatmapAccumulator } from './heatmapCompact'
import type { PreparedKeys } from './prepared'
import * as search from './search'

// Bound once: under tsx (esbuild's CommonJS output, which the tests and the benchmark run) every use of an
// imported name goes through a getter, about 25 ns a call inside a hot loop.
const { ABOVE, AT_LEAST, advance } = search

/**
 * Heatmap contributions of Gaussian queries summed over their truncated
 * windows (gaussWindow.ts, weights relative to the nearest key), binned
 * into column blocks: O(window) per query, for sigma small against the
 * spacing of the keys, and for the queries the series cannot serve.
 * Returns nothing; adds each query's row error (the weight left outside
 * its window, relative to the row) to `acc.rowError`.
 */
export class WindowHeatmapRows {
  private readonly blockSum: Float64Array
  private readonly outsideWeight: number
  private posHint = 0
  private loHint = 0
  private hiHint = 0

  constructor(
    readonly prepared: PreparedKeys,
    readonly sigma: number,
    readonly t2: number,
    readonly acc: HeatmapAccumulator,
  ) {
    this.blockSum = new Float64Array(acc.cols)
    this.outsideWeight = Math.exp(-0.5 * t2)
  }

  add(q: number, row: number): void {
    const keys = this.prepared.keys
    const n = keys.length
    const sigma = this.sigma
    const { colStarts, sums, cols, rowError } = this.acc
    const pos = advance(keys, AT_LEAST, q, this.posHint, 1, 0)
    this.posHint = pos
    let minSq = Infinity
    for (let j = Math.max(0, pos - 1); j <= Math.min(n - 1, pos); j++) {
      const u = (q - keys[j]!) / sigma
      if (u * u < minSq) minSq = u * u
    }
    const reach = sigma * Math.sqrt(minSq + this.t2) * (1 + 1e-12)
    const lo = advance(keys, AT_LEAST, q - reach, Math.min(this.loHint, pos), 1, 0)
    const hi = advance(keys, ABOVE, q + reach, Math.max(this.hiHint, pos), 1, 0)
    this.loHint = lo
    this.hiHint = hi
    const blockSum = this.blockSum
    const first = blockOf(colStarts, lo)
    let c = first
    let den = 0
    for (let j = lo; j < hi; j++) {
      while (colStarts[c + 1]! <= j) c++
      const u = (q - keys[j]!) / sigma
      const w = Math.exp(-0.5 * (u * u - minSq))
      blockSum[c] = blockSum[c]! + w
      den += w
    }
    const base = row * cols
    for (let b = first; b <= c; b++) {
      sums[base + b] = sums[base + b]! + blockSum[b]! / den
      blockSum[b] = 0
    }
    rowError[row] = rowError[row]! + (2 * (n - (hi - lo)) * this.outsideWeight) / den
  }
}
