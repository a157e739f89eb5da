import { describe, expect, it } from 'vitest'
import { asymptoticBand, bootstrapBand, normalQuantile } from '../../src-shared/engine/bands'
import { classificationMetrics, classify, encodeClasses, looClassify, parzenJointDensity } from '../../src-shared/engine/classify'
import { generateVectorDataset } from '../../src-shared/engine/data'
import { nwPredict } from '../../src-shared/engine/estimate'
import { createRng } from '../../src-shared/engine/rng'
import { keyOrder, vectorPredict, vectorWeights } from '../../src-shared/engine/vector'
import { vectorLooOptimalSigma, vectorLooScore, vectorRuleOfThumb } from '../../src-shared/engine/vectorBandwidth'
import { ruleOfThumb } from '../../src-shared/engine/bandwidth'
import { trainWidthVector, widthPredict } from '../../src-shared/engine/vectorTrain'
import { loadPreset, DATA_PRESETS } from '../../src-shared/datasets/presets'

function cloud(seed: number, n: number, d: number, scale = 1): Float64Array {
  const rng = createRng(seed)
  return Float64Array.from({ length: n * d }, () => scale * rng.normal())
}

describe('exercise 3: dot-product scoring on the unit sphere', () => {
  const d = 3
  const normalise = (x: Float64Array): Float64Array => {
    const out = Float64Array.from(x)
    for (let i = 0; i < x.length; i += d) {
      const r = Math.hypot(x[i]!, x[i + 1]!, x[i + 2]!)
      for (let l = 0; l < d; l++) out[i + l] = x[i + l]! / r
    }
    return out
  }
  const keys = cloud(1, 40, d)
  const queries = cloud(2, 9, d)
  const values = Float64Array.from({ length: 40 }, (_, j) => Math.sin(j))
  const sigma = new Float64Array(d).fill(0.7)

  it('gives the same weights as the Gaussian distance kernel when every input has norm 1', () => {
    const onSphere = { keys: normalise(keys), d, values, queries: normalise(queries), kernel: 'gaussian' as const, sigma }
    const distance = vectorWeights(onSphere)
    const dot = vectorWeights({ ...onSphere, scoring: 'dot' })
    let worst = 0
    for (let k = 0; k < distance.weights.length; k++) worst = Math.max(worst, Math.abs(distance.weights[k]! - dot.weights[k]!))
    expect(worst).toBeLessThan(1e-14)
  })

  it('gives different weights off the sphere', () => {
    const off = { keys, d, values, queries, kernel: 'gaussian' as const, sigma }
    const distance = vectorWeights(off)
    const dot = vectorWeights({ ...off, scoring: 'dot' })
    let worst = 0
    for (let k = 0; k < distance.weights.length; k++) worst = Math.max(worst, Math.abs(distance.weights[k]! - dot.weights[k]!))
    expect(worst).toBeGreaterThan(0.05)
  })
})

describe('exercise 1: Parzen windows give Nadaraya-Watson classification', () => {
  it('the sign of p(x, y=1) - p(x, y=-1) is the binary NW decision', () => {
    const d = 2
    const n = 60
    const keys = cloud(3, n, d)
    const rng = createRng(4)
    const text = Array.from({ length: n }, (_, j) => (keys[j * d]! + 0.5 * keys[j * d + 1]! + 0.4 * rng.normal() > 0 ? '1' : '-1'))
    const { classes, index } = encodeClasses(text)
    expect(classes).toEqual(['-1', '1'])
    const queries = cloud(5, 200, d, 1.5)
    for (const [kernel, sigma] of [['gaussian', 0.5], ['epanechnikov', 1.2]] as const) {
      const problem = { keys, d, queries, kernel, sigma: new Float64Array(d).fill(sigma), labels: index, classCount: 2 }
      const density = parzenJointDensity(problem)
      const nw = classify(problem)
      let compared = 0
      for (let i = 0; i < 200; i++) {
        const diff = density[i * 2 + 1]! - density[i * 2]!
        if (nw.predicted[i]! < 0) {
          expect(diff).toBe(0)
          continue
        }
        // Ties (diff 0) go to the lowest class index in NW; skip exact ties, which have measure zero here.
        if (diff === 0) continue
        expect(diff > 0 ? 1 : 0).toBe(nw.predicted[i])
        compared++
      }
      expect(compared).toBeGreaterThan(100)
    }
  })
})

describe('classification', () => {
  it('scores sum to 1, metrics are computed and a single class is refused', () => {
    const data = loadPreset('penguins')
    const { classes, index } = encodeClasses(data.labels!)
    expect(classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo'])
    const sigma = vectorRuleOfThumb(data.x, data.d, 'scott', 'gaussian')
    const p = { keys: data.x, d: data.d, queries: data.x, kernel: 'gaussian' as const, sigma, labels: index, classCount: 3 }
    const r = classify(p)
    const m = classificationMetrics(r, index)
    expect(m.accuracy).toBeGreaterThan(0.9)
    expect(m.logLoss).toBeGreaterThan(0)
    const loo = looClassify(p)
    let right = 0
    for (let j = 0; j < data.rows; j++) if (loo.predicted[j] === index[j]) right++
    expect(right / data.rows).toBeGreaterThan(0.85)
    expect(right / data.rows).toBeLessThanOrEqual(m.accuracy)
    expect(() => classify({ ...p, labels: new Uint32Array(data.rows) })).toThrow(/only one class/)
  })
})

describe('bandwidth vectors', () => {
  it('rules of thumb reduce to the one-dimensional rules for d = 1', () => {
    const x = cloud(6, 80, 1)
    for (const method of ['silverman', 'scott'] as const) {
      expect(vectorRuleOfThumb(x, 1, method, 'epanechnikov')[0]).toBeCloseTo(ruleOfThumb(x, method, 'epanechnikov'), 14)
    }
  })

  it('leave-one-out CV widens an irrelevant coordinate and beats the rule of thumb', () => {
    const ds = generateVectorDataset({ fn: 'first-only', d: 2, n: 150, noiseSd: 0.3, xMin: 0, xMax: 5, queryCount: 0, seed: 11 })
    const spec = { keys: ds.keys, d: 2, values: ds.values, kernel: 'gaussian' as const }
    const found = vectorLooOptimalSigma(spec)
    expect(found.method).toBe('l-bfgs')
    expect(found.sigma[1]!).toBeGreaterThan(5 * found.sigma[0]!)
    const rule = vectorLooScore(spec, vectorRuleOfThumb(ds.keys, 2, 'scott', 'gaussian')).score
    expect(found.score).toBeLessThan(rule)
    // A local optimum: nudging any width does not help.
    for (const factor of [0.9, 1.1]) {
      for (let l = 0; l < 2; l++) {
        const nudged = Float64Array.from(found.sigma)
        nudged[l] = nudged[l]! * factor
        expect(vectorLooScore(spec, nudged).score).toBeGreaterThanOrEqual(found.score - 1e-12)
      }
    }
  })
})

describe('exercise 2: a width vector trained by SGD', () => {
  it('shrinks the w of a pure-noise coordinate towards 0 and keeps the informative one', () => {
    const rng = createRng(12)
    const n = 250
    const keys = new Float64Array(n * 2)
    const values = new Float64Array(n)
    for (let j = 0; j < n; j++) {
      keys[2 * j] = 5 * rng.uniform()
      keys[2 * j + 1] = 5 * rng.uniform() // pure noise: the value never depends on it
      values[j] = 2 * Math.sin(keys[2 * j]!) + keys[2 * j]! + 0.3 * rng.normal()
    }
    const w0 = Float64Array.of(1, 1)
    const r = trainWidthVector(keys, 2, values, { w0, lr: 5, epochs: 100, loss: 'mean-half', leaveOneOut: true, batchSize: null }, rng)
    // The noise coordinate's w falls from 1 (its gradient is proportional to w, so it creeps towards 0);
    // the informative one's grows: sigma = 1/|w| widens along the noise until it weighs keys almost alike.
    expect(Math.abs(r.w[1]!)).toBeLessThan(0.3)
    expect(Math.abs(r.w[1]!)).toBeLessThan(Math.abs(r.epochs[9]!.w[1]!))
    expect(Math.abs(r.w[0]!)).toBeGreaterThan(4)
    expect(r.epochs.at(-1)!.loss).toBeLessThan(r.epochs[0]!.loss)
    // A zero w drops its coordinate: the prediction equals the one-dimensional fit on the other.
    const q = Float64Array.of(1, 3, 2.5, 0.1)
    const p = widthPredict(keys, 2, values, q, Float64Array.of(2, 0))
    const oneD = nwPredict({ keys: keys.filter((_, k) => k % 2 === 0), values, queries: Float64Array.of(1, 2.5), kernel: 'gaussian', sigma: 0.5 })
    expect(Math.abs(p.yHat[0]! - oneD.yHat[0]!)).toBeLessThan(1e-13)
    expect(Math.abs(p.yHat[1]! - oneD.yHat[1]!)).toBeLessThan(1e-13)
  })
})

describe('confidence bands', () => {
  const ds = generateVectorDataset({ fn: 'sin-linear-2d', d: 2, n: 80, noiseSd: 0.5, xMin: 0, xMax: 5, queryCount: 12, seed: 13 })
  const problem = { keys: ds.keys, d: 2, values: ds.values, queries: ds.queries, kernel: 'gaussian' as const, sigma: Float64Array.of(0.6, 0.8) }

  it('the bootstrap is reproducible from its seed, and another seed differs', () => {
    for (const resampling of ['pairs', 'residual'] as const) {
      const a = bootstrapBand(problem, { replicates: 40, level: 0.9, seed: 7, resampling })
      const b = bootstrapBand(problem, { replicates: 40, level: 0.9, seed: 7, resampling })
      const c = bootstrapBand(problem, { replicates: 40, level: 0.9, seed: 8, resampling })
      expect(Array.from(a.lower)).toEqual(Array.from(b.lower))
      expect(Array.from(a.upper)).toEqual(Array.from(b.upper))
      expect(Array.from(a.lower)).not.toEqual(Array.from(c.lower))
      for (let i = 0; i < 12; i++) expect(a.lower[i]!).toBeLessThan(a.upper[i]!)
    }
  })

  it('the asymptotic band is the fit -/+ z s |l(q)|, for Nadaraya-Watson and local-linear', () => {
    for (const estimator of ['nw', 'local-linear'] as const) {
      const band = asymptoticBand({ ...problem, estimator }, 0.95)
      const fit = vectorPredict({ ...problem, estimator })
      const z = normalQuantile(0.975)
      expect(z).toBeCloseTo(1.959963984540054, 14)
      for (let i = 0; i < 12; i++) {
        expect((band.lower[i]! + band.upper[i]!) / 2).toBeCloseTo(fit.yHat[i]!, 12)
        expect(band.upper[i]!).toBeGreaterThan(band.lower[i]!)
      }
    }
    // For Nadaraya-Watson |l(q)|^2 is the sum of squared attention weights: check one row by hand.
    const weights = vectorWeights(problem)
    let sumSq = 0
    for (let j = 0; j < 80; j++) sumSq += weights.weights[j]! ** 2
    const loo = vectorLooScore({ keys: ds.keys, d: 2, values: ds.values, kernel: 'gaussian' }, problem.sigma).score
    const band = asymptoticBand(problem, 0.95)
    expect((band.upper[0]! - band.lower[0]!) / 2).toBeCloseTo(normalQuantile(0.975) * Math.sqrt(loo * sumSq), 12)
  })
})

describe('bad input is rejected with a clear error', () => {
  const keys = cloud(9, 10, 2)
  const base = { keys, d: 2, values: new Float64Array(10), queries: cloud(10, 3, 2), kernel: 'gaussian' as const, sigma: Float64Array.of(1, 1) }
  it.each([
    ['sigma of the wrong length', { ...base, sigma: Float64Array.of(1, 1, 1) }, /sigma has 3 widths but the inputs have 2 coordinates/],
    ['a non-positive width', { ...base, sigma: Float64Array.of(1, 0) }, /sigma\[1\] must be a finite number > 0/],
    ['d above 32', { ...base, d: 33, keys: new Float64Array(33), values: new Float64Array(1), queries: new Float64Array(33), sigma: new Float64Array(33).fill(1) }, /33 coordinates; at most 32/],
    ['ragged queries', { ...base, queries: new Float64Array(5) }, /queries: 5 numbers do not make rows of 2/],
    ['dot scoring with a compact kernel', { ...base, kernel: 'epanechnikov' as const, scoring: 'dot' as const }, /needs the gaussian kernel/],
    ['NaN input', { ...base, keys: Float64Array.from(keys, (v, k) => (k === 3 ? NaN : v)) }, /training inputs\[3\] must be a finite number/],
  ])('%s', (_, problem, message) => {
    expect(() => vectorPredict(problem)).toThrow(message)
  })
})

describe('helpers for the probe, the presets and the generator', () => {
  it('orders keys by distance to a query or by a coordinate', () => {
    const keys = Float64Array.of(0, 0, 3, 0, 1, 1, -2, 5)
    expect(Array.from(keyOrder(keys, 2, { query: Float64Array.of(1, 0), sigma: Float64Array.of(1, 1) }))).toEqual([0, 2, 1, 3])
    expect(Array.from(keyOrder(keys, 2, { coordinate: 1 }))).toEqual([0, 1, 2, 3])
    expect(Array.from(keyOrder(keys, 2, { coordinate: 0 }))).toEqual([3, 0, 2, 1])
  })

  it('ships cars and penguins with their licences', () => {
    expect(DATA_PRESETS.map((p) => p.id)).toEqual(['cars', 'penguins'])
    const cars = loadPreset('cars')
    expect(cars.features).toEqual(['horsepower', 'weight'])
    expect(cars.rows).toBe(392)
    expect(cars.y![0]).toBe(18)
    expect(Array.from(cars.x.subarray(0, 2))).toEqual([130, 3504])
    expect(() => loadPreset('cars', ['colour'])).toThrow(/no numeric column "colour"/)
  })

  it('generates d-dimensional data reproducibly, with irrelevant coordinates', () => {
    const a = generateVectorDataset({ fn: 'friedman1', d: 7, n: 50, noiseSd: 0, xMin: 0, xMax: 1, queryCount: 5, seed: 3 })
    const b = generateVectorDataset({ fn: 'friedman1', d: 7, n: 50, noiseSd: 0, xMin: 0, xMax: 1, queryCount: 5, seed: 3 })
    expect(Array.from(a.keys)).toEqual(Array.from(b.keys))
    const x = a.keys
    expect(a.values[0]).toBeCloseTo(10 * Math.sin(Math.PI * x[0]! * x[1]!) + 20 * (x[2]! - 0.5) ** 2 + 10 * x[3]! + 5 * x[4]!, 14)
    expect(() => generateVectorDataset({ fn: 'friedman1', d: 3, n: 5, noiseSd: 0, xMin: 0, xMax: 1, queryCount: 0, seed: 1 })).toThrow(/needs d in \[5, 32\]/)
  })
})
