/**
 * Benchmark of the Nadaraya-Watson estimators: `npm run bench`
 * (node --import tsx test/bench/run.ts [maxN]).
 *
 * For n = m from 10^3 to 10^6 (inputs uniform on [0, 5] in random order,
 * values 2 sin x + x^0.8 plus noise, queries uniform on [0, 5]) it prints
 * each algorithm's median time, its throughput, its speed-up over naive
 * dense summation, and its largest error against exact (compensated)
 * summation on a sample of queries. Where dense summation of every query is
 * too slow it is timed on a sample of queries and scaled up ("est."). The
 * times include sorting and planning: the whole nwPredict call.
 *
 * It asserts nothing: timings belong to a machine, not to a test.
 */
import { cpus } from 'node:os'
import { ParallelPredictor } from '../../src-main/parallel/parallelPredict'
import { looOptimalSigma, looScore } from '../../src-shared/engine/bandwidth'
import { nwPredict } from '../../src-shared/engine/estimate'
import type { NwOptions } from '../../src-shared/engine/types'
import { DENSE_MAX_PAIRS } from '../../src-shared/engine/route'
import { nwHeatmapDense } from '../../src-shared/engine/dense/heatmap'
import { nwHeatmap } from '../../src-shared/engine/heatmap'
import { evaluateTarget } from '../../src-shared/engine/functions'
import type { KernelId } from '../../src-shared/engine/kernels'
import { nwPredictDense } from '../../src-shared/engine/dense/nonparametric'
import { parametricLossAndGradient } from '../../src-shared/engine/parametric'
import { createRng } from '../../src-shared/engine/rng'
import { sgdTrain } from '../../src-shared/engine/sgd'
import { exactEstimates } from '../engine/fastReference'
import { formatMs, formatNumber, formatRate, hostCalibrationMs, printTable, sampleIndices, time, timeAsync } from './measure'
import { benchCli } from './cliBench'
import { benchDataFiles } from './dataFilesBench'
import { benchServerLoad } from './serverLoadBench'
import { benchEvents } from './eventsBench'
import { benchStore } from './storeBench'
import { benchStudies } from './studyBench'
import { benchVector } from './vectorBench'
import { benchPreview } from './previewBench'

const SIZES = [1e3, 1e4, 1e5, 1e6].filter((n) => n <= Number(process.argv[2] ?? 1e6))
/** Dense summation of all queries is timed up to this many pairs; beyond, a sample of queries is. */
const FULL_DENSE_PAIRS = 1e8
const DENSE_SAMPLE_PAIRS = 2e7
/** The replaced bandwidth search: a grid of 64 to ~120 points plus three golden-section refinements of ~30. */
const OLD_SEARCH_EVALUATIONS = 180

const rows: string[][] = []

function data(n: number, seed: number) {
  const rng = createRng(seed)
  const keys = Float64Array.from({ length: n }, () => 5 * rng.uniform())
  const values = evaluateTarget('sin-pow', keys)
  for (let j = 0; j < n; j++) values[j] = values[j]! + 0.5 * rng.normal()
  const queries = Float64Array.from({ length: n }, () => 5 * rng.uniform())
  return { keys, values, queries }
}

function runsFor(n: number): number {
  return n <= 1e4 ? 7 : n <= 1e5 ? 5 : 3
}

/** Naive dense time for all m queries: measured, or measured on a sample and scaled. */
function denseTime(keys: Float64Array, values: Float64Array, queries: Float64Array, kernel: KernelId, sigma: number): { ms: number; estimated: boolean } {
  const n = keys.length
  const m = queries.length
  if (n * m <= FULL_DENSE_PAIRS) {
    return { ms: time(n * m <= 1e6 ? 5 : 1, () => nwPredictDense({ keys, values, queries, kernel, sigma })).ms, estimated: false }
  }
  const sample = Math.max(10, Math.floor(DENSE_SAMPLE_PAIRS / n))
  const sub = queries.subarray(0, sample)
  return { ms: (time(1, () => nwPredictDense({ keys, values, queries: sub, kernel, sigma }), false).ms * m) / sample, estimated: true }
}

interface Exact {
  indices: Uint32Array
  values: Float64Array
}

function exactSample(keys: Float64Array, values: Float64Array, queries: Float64Array, kernel: KernelId, sigma: number): Exact {
  const indices = sampleIndices(queries.length, keys.length >= 1e6 ? 60 : 200)
  const sampled = Float64Array.from(indices, (i) => queries[i]!)
  return { indices, values: exactEstimates(keys, values, sampled, kernel, sigma) }
}

function maxError(yHat: Float64Array, exact: Exact): number {
  let worst = 0
  exact.indices.forEach((i, k) => {
    const a = yHat[i]!
    const b = exact.values[k]!
    if (!(Number.isNaN(a) && Number.isNaN(b))) worst = Math.max(worst, Math.abs(a - b))
  })
  return worst
}

function addRow(workload: string, n: number, algorithm: string, ms: number, runs: number, perCall: number, dense: { ms: number; estimated: boolean } | null, error: number | undefined, bound: number | undefined): void {
  rows.push([
    workload,
    n.toExponential(0).replace('e+', 'e'),
    algorithm,
    `${formatMs(ms)} (${runs})`,
    formatRate((perCall / ms) * 1000),
    dense ? `${formatMs(dense.ms)}${dense.estimated ? ' est.' : ''}` : '—',
    dense ? `${(dense.ms / ms).toFixed(dense.ms / ms >= 100 ? 0 : 1)}x` : '—',
    formatNumber(error),
    formatNumber(bound),
  ])
}

function predictRows(label: string, n: number, kernel: KernelId, sigma: number, algorithms: (NwOptions['algorithm'] | undefined)[]): void {
  const { keys, values, queries } = data(n, 1)
  const dense = denseTime(keys, values, queries, kernel, sigma)
  const exact = exactSample(keys, values, queries, kernel, sigma)
  if (!dense.estimated && n * n > DENSE_MAX_PAIRS) {
    const r = nwPredictDense({ keys, values, queries, kernel, sigma })
    addRow(label, n, 'dense', dense.ms, n * n <= 1e6 ? 5 : 1, n, dense, maxError(r.yHat, exact), 0)
  }
  for (const algorithm of algorithms) {
    const options: NwOptions = algorithm ? { algorithm } : {}
    let result = nwPredict({ keys, values, queries, kernel, sigma }, options)
    const t = time(runsFor(n), () => {
      result = nwPredict({ keys, values, queries, kernel, sigma }, options)
    })
    addRow(label, n, `${algorithm ? '' : 'auto: '}${result.algorithm}`, t.ms, t.runs, n, dense, maxError(result.yHat, exact), result.errorBound)
  }
}

async function parallelRows(pool: ParallelPredictor, label: string, n: number, kernel: KernelId, sigma: number): Promise<void> {
  const { keys, values, queries } = data(n, 1)
  const dense = denseTime(keys, values, queries, kernel, sigma)
  const exact = exactSample(keys, values, queries, kernel, sigma)
  let result = await pool.predict({ keys, values, queries, kernel, sigma })
  const t = await timeAsync(runsFor(n), async () => {
    result = await pool.predict({ keys, values, queries, kernel, sigma })
  })
  addRow(label, n, `parallel x${pool.threads}: ${result.algorithm}`, t.ms, t.runs, n, dense, maxError(result.yHat, exact), result.errorBound)
}

/** A 100 x 100 heatmap; dense means the reference nwHeatmapDense (n x m kernel weights). */
function heatmapRow(n: number, kernel: KernelId, sigma: number): void {
  const { keys, values, queries } = data(n, 4)
  const p = { keys, values, queries, kernel, sigma }
  let h = nwHeatmap(p, 100, 100)
  const t = time(runsFor(n), () => {
    h = nwHeatmap(p, 100, 100)
  })
  let dense: { ms: number; estimated: boolean }
  let error: number | undefined
  if (n * n <= FULL_DENSE_PAIRS) {
    let d = nwHeatmapDense(p, 100, 100)
    dense = { ms: time(1, () => (d = nwHeatmapDense(p, 100, 100)), false).ms, estimated: false }
    error = d.values.reduce((worst, v, k) => Math.max(worst, Math.abs(v - h.values[k]!)), 0)
  } else {
    // The dense heatmap is one kernel row per query: scale its time on a sample of the queries.
    const sample = Math.max(10, Math.floor(DENSE_SAMPLE_PAIRS / n))
    const sub = { ...p, queries: queries.subarray(0, sample) }
    dense = { ms: (time(1, () => nwHeatmapDense(sub, Math.min(100, sample), 100), false).ms * n) / sample, estimated: true }
  }
  addRow(`heatmap 100x100 ${kernel} sigma ${sigma}`, n, h.algorithm ?? '?', t.ms, t.runs, n, dense, error, h.errorBound)
}

function looSearchRow(n: number): void {
  const { keys, values } = data(n, 2)
  let found = looOptimalSigma(keys, values, 'gaussian')
  const runs = n >= 1e6 ? 1 : n >= 1e5 ? 3 : 5
  const t = time(runs, () => {
    found = looOptimalSigma(keys, values, 'gaussian')
  }, n < 1e6)
  // The old search: every evaluation a dense leave-one-out pass, n rows of n keys.
  const row = denseTime(keys, values, keys.subarray(0, Math.min(n, 200)), 'gaussian', found.sigma)
  const dense = { ms: (row.ms / Math.min(n, 200)) * n * OLD_SEARCH_EVALUATIONS, estimated: true }
  addRow(`LOO search (sigma* ${found.sigma.toPrecision(3)})`, n, 'grid + Brent', t.ms, t.runs, 1, dense, undefined, looScore(keys, values, 'gaussian', found.sigma).errorBound)
}

function trainingRow(n: number, w0: number): void {
  const { keys, values } = data(n, 3)
  const options = { w0, lr: 1e-6, epochs: 1, loss: 'sum-half' as const, leaveOneOut: true, batchSize: null }
  const t = time(runsFor(n), () => sgdTrain(keys, values, options, createRng(0, 1)))
  const batch = { keys, values, queryIndices: Uint32Array.from(keys, (_, i) => i), leaveOneOut: true }
  const r = parametricLossAndGradient(batch, w0, 'sum-half', new Float64Array(n))
  // Dense: the same gradient on a chunk of queries small enough for the dense path, scaled to all n.
  const chunk = Math.max(1, Math.floor(DENSE_MAX_PAIRS / n))
  const denseChunk = { ...batch, queryIndices: batch.queryIndices.subarray(0, chunk) }
  const dense = { ms: (time(3, () => parametricLossAndGradient(denseChunk, w0, 'sum-half', new Float64Array(n))).ms * n) / chunk, estimated: chunk < n }
  addRow(`training epoch (w ${w0}, LOO)`, n, r.algorithm, t.ms, t.runs, n, dense, undefined, r.gradientErrorBound)
}

async function main(): Promise<void> {
  console.log(`Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}); sizes ${SIZES.join(', ')}; host calibration ${formatMs(hostCalibrationMs())} (measure.ts: figures scale with it)`)
  // The command line's start-up, against bare Node.
  benchCli()
  console.log('')
  const pool = new ParallelPredictor({ threads: 2 })
  try {
    for (const n of SIZES) {
      const windowOk = n <= 1e4 // at sigma 1 a window holds every key: dense cost
      predictRows('Gaussian sigma 1', n, 'gaussian', 1, [undefined, 'fgt', ...(windowOk ? (['window'] as const) : [])])
      // At 10^6 the window would take about a minute here: shown up to 10^5.
      predictRows('Gaussian sigma 0.001', n, 'gaussian', 1e-3, [undefined, ...(n <= 1e5 ? (['window'] as const) : []), 'fgt'])
      predictRows('Epanechnikov sigma 1', n, 'epanechnikov', 1, [undefined])
      predictRows('Tricube sigma 0.3', n, 'tricube', 0.3, [undefined])
      await parallelRows(pool, 'Gaussian sigma 1', n, 'gaussian', 1)
      await parallelRows(pool, 'Epanechnikov sigma 1', n, 'epanechnikov', 1)
      heatmapRow(n, 'gaussian', 1)
      heatmapRow(n, 'gaussian', 0.01)
      heatmapRow(n, 'epanechnikov', 1)
      // The live preview's slowest exact kernel (degree 9, split at the query).
      heatmapRow(n, 'tricube', 0.3)
      looSearchRow(n)
      trainingRow(n, 1)
      trainingRow(n, 20)
      console.error(`done n = ${n}`)
    }
  } finally {
    await pool.close()
  }
  console.log(`host calibration after the estimators: ${formatMs(hostCalibrationMs())}`)
  printTable(['workload', 'n=m', 'algorithm', 'time (runs)', 'queries/s', 'naive dense', 'speed-up', 'max |err|', 'bound'], rows)
  console.log(
    '\nTimes are medians of (runs) after a warm-up and include sorting and planning. "est.": dense timed on a sample of queries' +
      ` and scaled to all; for the LOO search, ${OLD_SEARCH_EVALUATIONS} dense leave-one-out passes (the replaced grid + golden-section search).` +
      '\nmax |err|: against compensated exact summation on up to 200 evenly spaced queries (60 at 10^6); for heatmaps, against' +
      ' nwHeatmapDense where it runs. bound: the reported errorBound (for the search: of the score at sigma*, for training: of the' +
      ' gradient, for heatmaps: of a cell). queries/s for a search: searches per second.',
  )
  console.log('')
  // The runs library's queries, against a database of 10,000 runs.
  benchStore()
  console.log('')
  // Reading data files and fit end to end at 10^6 (CSV and Parquet).
  await benchDataFiles()
  console.log('')
  // The server under a 10^7-point run and 10,000 varied list calls.
  await benchServerLoad()
  console.log('')
  // The browser-mode server's memory while ten event clients never read (60 s of training).
  await benchEvents()
  console.log('')
  // Studies: a 1,000-cell study, and the library with 100,000 runs in 1,000 studies.
  await benchStudies()
  console.log('')
  // Vector inputs: the d = 2, d = 8 and width-search targets.
  await benchVector()
  console.log('')
  // The live preview in headless Chromium: input to painted frame.
  await benchPreview(Number(process.argv[2] ?? 1e6))
}

void main()
