import type { RunSummary } from '../../src-shared/api/runs'
import type { ScatterPoint } from '../../src-shared/charts/compareCharts'
import { compactVector, fullVector, geometricMean } from '../results/widthVector'
import { CATEGORICAL_FIELDS, NUMERIC_FIELDS, SIGMA_FIELD } from './diff'

/**
 * The compare view's scatter: one point per run that has both values.
 *
 * A vector run has a width per coordinate, not one σ. On the σ axis it is
 * placed at the geometric mean of its widths, (σ_1 ⋯ σ_d)^(1/d) (a trained
 * run's σ_j being σ_eff,j = 1/|w_j| on its raw inputs), and says so three
 * times: its legend entry ("· vector, at geomean(σ_j)"), its
 * tooltip (the whole vector, every digit) and a note under the chart. Why
 * this rather than leaving vector runs off: the geometric mean is the width
 * of the isotropic kernel with the same volume as the product kernel, so it
 * orders runs by how far each kernel reaches, which is what a researcher
 * reads an error-against-width scatter for; and comparing rules, CV and a
 * trained w on one data set (the usual vector comparison) would otherwise
 * leave the scatter empty. Its limit is stated in the note: the mean mixes
 * the features' units, so it compares runs on the same inputs only. A
 * vector run whose widths are not all positive and finite is left off and
 * counted in the note.
 */

export interface ScatterData {
  points: ScatterPoint[]
  /** Vector runs on the σ axis: how many are placed at their geometric mean, and how many could not be. */
  vectorPlaced: number
  vectorLeftOff: number
  /** A sentence for under the chart, or null when no vector run is on the σ axis. */
  note: string | null
}

// Short, for the chart's legend; the note under the chart says what the geometric mean is.
export const VECTOR_GROUP_SUFFIX = 'vector, at geomean(σ_j)'
export const TRAINED_VECTOR_GROUP_SUFFIX = 'trained vector, at geomean(σ_eff,j)'

export function scatterPoints(runs: readonly RunSummary[], xField: string, yField: string, groupField: string): ScatterData {
  const gx = NUMERIC_FIELDS[xField]!
  const gy = NUMERIC_FIELDS[yField]!
  const gg = CATEGORICAL_FIELDS[groupField]!
  const onSigma = xField === SIGMA_FIELD
  let vectorPlaced = 0
  let vectorLeftOff = 0
  const points: ScatterPoint[] = []
  for (const r of runs) {
    const y = gy(r)
    if (onSigma && r.vector && (r.vector.d > 1 || r.vector.learned)) {
      if (y === null) continue
      const widths = r.vector.sigma
      const x = widths ? geometricMean(widths) : null
      if (x === null) {
        vectorLeftOff++
        continue
      }
      vectorPlaced++
      const trained = !!r.vector.learned
      points.push({
        name: r.name,
        x,
        y,
        group: `${gg(r)} · ${trained ? TRAINED_VECTOR_GROUP_SUFFIX : VECTOR_GROUP_SUFFIX}`,
        note: `placed at the geometric mean ${String(x)} of ${trained ? `σ_eff,j = ${r.vector.learned!.scale ? 'sd_j' : '1'}/|w_j|` : 'σ_j'} = ${compactVector(widths!, 4)}: ${fullVector(widths!, r.vector.features)}`,
      })
      continue
    }
    const x = gx(r)
    if (x === null || y === null) continue
    // A trained run has no σ of its own: it is placed at σ_eff = 1/|w|, and its legend entry says so.
    const atSigmaEff = onSigma && r.mode === 'parametric'
    points.push({ name: r.name, x, y, group: atSigmaEff ? `${gg(r)} · trained, at σ_eff = 1/|w|` : gg(r) })
  }
  const notes: string[] = []
  if (vectorPlaced > 0) {
    notes.push(
      `${vectorPlaced} vector run${vectorPlaced === 1 ? ' is' : 's are'} placed at the geometric mean of ${vectorPlaced === 1 ? 'its' : 'their'} widths, (σ_1 ⋯ σ_d)^(1/d) ` +
        '(σ_eff,j for trained runs): the width of the isotropic kernel of the same volume. It mixes the features’ units, so compare such points between runs on the same inputs; ' +
        'a coordinate the kernel all but ignores (a huge σ_j, w_j near 0) pulls the mean far right (a log x axis helps).',
    )
  }
  if (vectorLeftOff > 0) {
    notes.push(`${vectorLeftOff} vector run${vectorLeftOff === 1 ? ' is' : 's are'} not placed: ${vectorLeftOff === 1 ? 'its widths are' : 'their widths are'} not all positive and finite (or not computed yet).`)
  }
  return { points, vectorPlaced, vectorLeftOff, note: notes.length ? notes.join(' ') : null }
}
