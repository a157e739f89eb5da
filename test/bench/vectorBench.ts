/**
 * Benchmark of the vector engine against the targets:
 *   - d = 2, n = m = 10^5, Gaussian, error <= 1e-9: at most 2 s;
 *   - d = 8, n = m = 10^4: at most 1 s (one thread and both threads of the
 *     parallel predictor; 'dense' rows force the JavaScript reference, the
 *     before of the SIMD kernel);
 *   - leave-one-out CV of a width vector, d = 4, n = 10^4: at most 10 s.
 * The grid transform ('fgt') has a fixed cost per run, so its rows are never sampled.
 * Inputs uniform on [0, 5]^d, values from a generator target plus noise.
 * Where a whole run would take minutes, a sample of the queries is timed and
 * the time scaled to all of them ("est."). Errors are against the dense
 * reference on 200 evenly spaced queries. It asserts nothing.
 * Run alone with: node --require tsx/cjs test/bench/vectorBench.ts
 */
import { loadavg } from 'node:os'
import { ParallelPredictor } from '../../src-main/parallel/parallelPredict'
import { generateVectorDataset } from '../../src-shared/engine/data'
import type { Algorithm, NwPrediction } from '../../src-shared/engine/types'
import { vectorPredict } from '../../src-shared/engine/vector'
import { vectorLooOptimalSigma, vectorRuleOfThumb } from '../../src-shared/engine/vectorBandwidth'
import type { VectorProblem } from '../../src-shared/engine/vectorTypes'
import { formatMs, formatNumber, printTable, sampleIndices } from './measure'

/** Full runs longer than this are timed on a sample of queries instead. */
const SAMPLE_QUERIES = 2000

const rows: string[][] = []

function pick(x: Float64Array, d: number, idx: Uint32Array): Float64Array {
  const out = new Float64Array(idx.length * d)
  idx.forEach((i, k) => out.set(x.subarray(i * d, (i + 1) * d), k * d))
  return out
}

type Predict = (p: VectorProblem, options: { tolerance: number; algorithm?: Algorithm }) => NwPrediction | Promise<NwPrediction>

async function predictRow(label: string, target: string, p: VectorProblem, tolerance: number, sampled: boolean, predict: Predict = vectorPredict, algorithm?: Algorithm): Promise<void> {
  const m = p.queries.length / p.d
  const timed = sampled ? { ...p, queries: pick(p.queries, p.d, sampleIndices(m, SAMPLE_QUERIES)) } : p
  const mTimed = timed.queries.length / p.d
  const start = performance.now()
  const r = await predict(timed, { tolerance, ...(algorithm ? { algorithm } : {}) })
  const ms = ((performance.now() - start) * m) / mTimed
  const check = sampleIndices(mTimed, 200)
  const exact = vectorPredict({ ...timed, queries: pick(timed.queries, p.d, check) }, { algorithm: 'dense' })
  let worst = 0
  check.forEach((i, k) => {
    const a = r.yHat[i]!
    const b = exact.yHat[k]!
    if (!(Number.isNaN(a) && Number.isNaN(b))) worst = Math.max(worst, Math.abs(a - b))
  })
  rows.push([label, r.algorithm, `${formatMs(ms)}${sampled ? ' est.' : ''}`, target, formatNumber(worst), formatNumber(r.errorBound)])
}

function data(fn: 'sin-linear-2d' | 'friedman1' | 'first-only', d: number, n: number, seed: number) {
  const ds = generateVectorDataset({ fn, d, n, noiseSd: 0.5, xMin: 0, xMax: fn === 'friedman1' ? 1 : 5, queryCount: n, seed })
  return ds
}

export async function benchVector(log: (line: string) => void = console.log): Promise<void> {
  const two = data('sin-linear-2d', 2, 1e5, 1)
  const scott2 = vectorRuleOfThumb(two.keys, 2, 'scott', 'gaussian')
  const base2 = { keys: two.keys, d: 2, values: two.values, queries: two.queries, kernel: 'gaussian' as const }
  await predictRow(`d=2 n=m=1e5 Gaussian, Scott sigma ${scott2[0]!.toFixed(3)}`, '<= 2 s, err <= 1e-9', { ...base2, sigma: scott2 }, 1e-9, false)
  await predictRow('d=2 n=m=1e5 Gaussian, sigma 0.02', '<= 2 s, err <= 1e-9', { ...base2, sigma: Float64Array.of(0.02, 0.02) }, 1e-9, false)
  await predictRow('d=2 n=m=1e5 Gaussian, sigma 0.005', '<= 2 s, err <= 1e-9', { ...base2, sigma: Float64Array.of(0.005, 0.005) }, 1e-9, false)
  await predictRow('d=2 n=m=1e5 Epanechnikov, Scott sigma', '(compact, exact)', { ...base2, kernel: 'epanechnikov', sigma: vectorRuleOfThumb(two.keys, 2, 'scott', 'epanechnikov') }, 1e-9, false)
  const eight = data('friedman1', 8, 1e4, 2)
  const base8 = { keys: eight.keys, d: 8, values: eight.values, queries: eight.queries, kernel: 'gaussian' as const }
  const gauss8 = { ...base8, sigma: vectorRuleOfThumb(eight.keys, 8, 'scott', 'gaussian') }
  await predictRow('d=8 n=m=1e4 Gaussian, Scott sigma', '<= 1 s', gauss8, 1e-9, false)
  await predictRow('d=8 n=m=1e4 Gaussian, forced dense (JS)', '(before)', gauss8, 1e-9, false, vectorPredict, 'dense')
  const pool = new ParallelPredictor({ threads: 2 })
  try {
    const threaded: Predict = (p, options) => pool.predictVector(p, options)
    // A first call starts the threads and compiles the kernel in each.
    await pool.predictVector({ ...gauss8, queries: gauss8.queries.subarray(0, 8 * 64) }, { tolerance: 1e-9 })
    await predictRow(`d=8 n=m=1e4 Gaussian, ${pool.threads} threads`, '<= 1 s', gauss8, 1e-9, false, threaded)
    await predictRow(`d=8 n=m=1e4 Gaussian, ${pool.threads} threads, forced dense (JS)`, '(before)', gauss8, 1e-9, false, threaded, 'dense')
  } finally {
    await pool.close()
  }
  await predictRow('d=8 n=m=1e4 local-linear, Scott sigma', '—', { ...base8, estimator: 'local-linear', sigma: vectorRuleOfThumb(eight.keys, 8, 'scott', 'gaussian') }, 1e-9, true)
  const four = data('first-only', 4, 1e4, 3)
  const start = performance.now()
  const found = vectorLooOptimalSigma({ keys: four.keys, d: 4, values: four.values, kernel: 'gaussian' })
  const ms = performance.now() - start
  rows.push([`LOO-CV widths d=4 n=1e4 (${found.evaluations} evaluations)`, found.method, formatMs(ms), '<= 10 s', '—', formatNumber(found.errorBound)])
  log(`vector: sigma* = ${Array.from(found.sigma, (s) => s.toPrecision(3)).join(', ')} (first coordinate relevant), LOO score ${found.score.toPrecision(6)}`)
  printTable(['vector workload', 'algorithm', 'time', 'target', 'max |err|', 'bound'], rows)
  log('"est.": timed on 2000 evenly spaced queries and scaled to all. max |err| against the dense reference on 200 queries.')
  log(`load average while it ran (1, 5, 15 min): ${loadavg().map((x) => x.toFixed(2)).join(', ')}`)
}

if (require.main === module) void benchVector()
