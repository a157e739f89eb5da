import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { classify } from '../../src-shared/engine/classify'
import { nwPredict } from '../../src-shared/engine/estimate'
import { createRng } from '../../src-shared/engine/rng'
import { vectorLooPredict, vectorPredict, vectorPredictRange, vectorWork } from '../../src-shared/engine/vector'
import { statsmodelsStart, vectorLooOptimalSigma, vectorLooScore } from '../../src-shared/engine/vectorBandwidth'
import type { VectorProblem } from '../../src-shared/engine/vectorTypes'
import { chebyshevNodes, barycentricWeights, interpolationError, lagrangeBasis } from '../../src-shared/engine/vectorCore/chebyshev'
import { LooObjective } from '../../src-shared/engine/vectorCore/looObjective'
import { symmetricLoo, symmetricScratch } from '../../src-shared/engine/vectorCore/looSymmetric'
import { expectClose, f64 } from './reference'

/** The grid transform ('fgt'), the symmetric leave-one-out pass and the warm-started width search, against dense references. */

function problem(seed: number, n: number, m: number, d: number, overrides: Partial<VectorProblem> = {}): VectorProblem {
  const rng = createRng(seed)
  // Rounded inputs: ties and duplicate keys.
  const keys = Float64Array.from({ length: n * d }, () => Math.round(50 * rng.uniform()) / 10)
  const queries = Float64Array.from({ length: m * d }, () => 6 * rng.uniform() - 0.5)
  const values = Float64Array.from({ length: n }, (_, j) => Math.sin(keys[j * d]!) + (d > 1 ? 0.3 * keys[j * d + 1]! : 0) + 0.2 * rng.normal())
  const sigma = Float64Array.from({ length: d }, (_, l) => 0.4 + 0.1 * l)
  return { keys, d, values, queries, kernel: 'gaussian', sigma, ...overrides }
}

function worstDifference(a: Float64Array, b: Float64Array): number {
  let worst = 0
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]!) !== Number.isNaN(b[i]!)) return Infinity
    if (!Number.isNaN(a[i]!)) worst = Math.max(worst, Math.abs(a[i]! - b[i]!))
  }
  return worst
}

/** Rounding of the dense reference and the grid's sums, which no bound here covers. */
const ROUNDING = 1e-13

describe('Chebyshev interpolation of a Gaussian factor', () => {
  it('stays within the stated bound over random points, for several node counts and box sizes', () => {
    const rng = createRng(3)
    for (const p of [4, 8, 12, 17]) {
      for (const r of [0.5, 1, 2]) {
        const nodes = chebyshevNodes(p)
        const weights = barycentricWeights(p)
        const basis = new Float64Array(p)
        let worst = 0
        for (let k = 0; k < 2000; k++) {
          const x = 8 * rng.uniform() - 4
          const t = 2 * rng.uniform() - 1
          lagrangeBasis(t, nodes, weights, basis, 0)
          let approx = 0
          for (let a = 0; a < p; a++) approx += basis[a]! * Math.exp(-0.5 * (x - r * nodes[a]!) ** 2)
          worst = Math.max(worst, Math.abs(approx - Math.exp(-0.5 * (x - r * t) ** 2)))
        }
        expect(worst).toBeLessThanOrEqual(interpolationError(p, r) + 1e-15)
      }
    }
  })

  it('reproduces a node exactly', () => {
    const nodes = chebyshevNodes(5)
    const basis = new Float64Array(5)
    lagrangeBasis(nodes[2]!, nodes, barycentricWeights(5), basis, 0)
    expect(Array.from(basis)).toEqual([0, 0, 1, 0, 0])
  })
})

describe('the grid transform against the dense reference', () => {
  for (const d of [1, 2, 3]) {
    it(`d = ${d}: within its reported bound, which is within the tolerance`, () => {
      // d = 3 with broader widths: a grid of p^3 nodes per box over the whole cube is dearer per box.
      const p = problem(60 + d, 3000, 400, d, d === 3 ? { sigma: Float64Array.of(1, 1.1, 1.2) } : {})
      for (const tolerance of d < 3 ? [1e-6, 1e-9, 1e-12] : [1e-6, 1e-9]) {
        const dense = vectorPredict(p, { algorithm: 'dense' })
        const fast = vectorPredict(p, { algorithm: 'fgt', tolerance })
        expect(fast.algorithm).toBe('fgt')
        expect(fast.errorBound).toBeLessThanOrEqual(tolerance)
        expect(worstDifference(fast.yHat, dense.yHat)).toBeLessThanOrEqual(fast.errorBound + ROUNDING)
      }
    })
  }

  it('leave-one-out subtracts each key exactly, within the bound', () => {
    const p = problem(70, 2500, 0, 2)
    const a = vectorLooPredict(p, { algorithm: 'dense' })
    const b = vectorLooPredict(p, { algorithm: 'fgt', tolerance: 1e-10 })
    expect(b.algorithm).toBe('fgt')
    expect(b.errorBound).toBeLessThanOrEqual(1e-10)
    expect(worstDifference(a.yHat, b.yHat)).toBeLessThanOrEqual(b.errorBound + ROUNDING)
  })

  it('class scores within the bound, same predicted classes', () => {
    const q = problem(71, 2500, 300, 2)
    const labels = Uint32Array.from(q.values, (v) => (v > 0.5 ? 2 : v > 0 ? 1 : 0))
    const c1 = classify({ ...q, labels, classCount: 3 }, { algorithm: 'dense' })
    const c2 = classify({ ...q, labels, classCount: 3 }, { algorithm: 'fgt', tolerance: 1e-10 })
    expect(c2.algorithm).toBe('fgt')
    expect(worstDifference(c1.scores, c2.scores)).toBeLessThanOrEqual(c2.errorBound + ROUNDING)
    expect(Array.from(c2.predicted)).toEqual(Array.from(c1.predicted))
  })

  it('queries far from every key (tiny absolute weights) fall back and stay within the tolerance', () => {
    const p = problem(72, 2000, 50, 2)
    const far = Float64Array.from(p.queries)
    for (let i = 0; i < 10; i++) far[2 * i] = 40 + i // ~90 widths from the keys: every weight underflows
    const fp = { ...p, queries: far }
    const dense = vectorPredict(fp, { algorithm: 'dense' })
    const fast = vectorPredict(fp, { algorithm: 'fgt', tolerance: 1e-9 })
    expect(fast.undefinedQueries).toEqual([])
    expect(fast.errorBound).toBeLessThanOrEqual(1e-9)
    expect(worstDifference(fast.yHat, dense.yHat)).toBeLessThanOrEqual(fast.errorBound + ROUNDING)
  })

  it('very large widths (one box, few nodes) agree; very small ones are refused when forced and routed elsewhere', () => {
    const wide = problem(73, 2000, 300, 2, { sigma: Float64Array.of(500, 2000) })
    const a = vectorPredict(wide, { algorithm: 'dense' })
    const b = vectorPredict(wide, { algorithm: 'fgt' })
    expect(worstDifference(a.yHat, b.yHat)).toBeLessThanOrEqual(b.errorBound + ROUNDING)
    const narrow = problem(74, 3000, 300, 2, { sigma: Float64Array.of(1e-4, 1e-4) })
    expect(() => vectorPredict(narrow, { algorithm: 'fgt' })).toThrow(/grid transform/)
    const auto = vectorPredict(narrow)
    expect(auto.algorithm).not.toBe('fgt')
    expect(worstDifference(auto.yHat, vectorPredict(narrow, { algorithm: 'dense' }).yHat)).toBeLessThanOrEqual(auto.errorBound + ROUNDING)
  })

  it('d = 1 agrees with the one-dimensional engine', () => {
    const p = problem(75, 4000, 500, 1, { sigma: Float64Array.of(0.3) })
    const grid = vectorPredict(p, { algorithm: 'fgt', tolerance: 1e-10 })
    const oneD = nwPredict({ keys: p.keys, values: p.values, queries: p.queries, kernel: 'gaussian', sigma: 0.3 }, { algorithm: 'dense' })
    expect(worstDifference(grid.yHat, oneD.yHat)).toBeLessThanOrEqual(grid.errorBound + ROUNDING)
  })

  it('is chosen for broad Gaussians on large inputs, and any split of the queries gives the same bits', () => {
    const p = problem(76, 20_000, 2000, 2, { sigma: Float64Array.of(0.6, 0.6) })
    const whole = vectorPredict(p)
    expect(whole.algorithm).toBe('fgt')
    const work = vectorWork(p)
    const parts = new Float64Array(2000)
    for (const [from, to] of [[0, 700], [700, 701], [701, 2000]] as const) vectorPredictRange(work, from, to, parts)
    expect(Array.from(parts)).toEqual(Array.from(whole.yHat))
  })
})

describe('the symmetric leave-one-out pass', () => {
  const ref = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'vector_reference.json'), 'utf8')) as {
    looGradients: { x: number[]; y: number[]; d: number; cases: { sigma: number[]; score: number; gradient: number[] }[] }
  }
  const l = ref.looGradients
  it.each(l.cases)('matches torch autograd at sigma $sigma', (k) => {
    const x = f64(l.x)
    const y = f64(l.y)
    const n = y.length
    const scaled = x.map((v, i) => v / k.sigma[i % l.d]!)
    const rowScore = new Float64Array(n)
    const grad = new Float64Array(l.d)
    const mean = y.reduce((a, v) => a + v, 0) / n
    const redo = new Int32Array(n)
    expect(symmetricLoo(scaled, l.d, y, mean, symmetricScratch(n, l.d), rowScore, grad, redo)).toBe(0)
    const score = rowScore.reduce((a, v) => a + v, 0) / n
    expectClose([score], [k.score], 1e-12, 'score')
    expectClose(grad.map((g) => (-2 * g) / n), k.gradient, 1e-9, 'gradient')
  })

  for (const d of [2, 4, 6]) {
    it(`d = ${d}: the objective beyond the dense size (symmetric, a far point redone) matches the dense score and finite differences`, () => {
      const p = problem(80 + d, 700, 0, d)
      p.keys[0] = 25 // 40 widths from the rest: its absolute weights underflow (exp(-800)), its row is redone
      const objective = new LooObjective(p.keys, d, p.values, 1e-15)
      for (const theta of [
        Float64Array.from({ length: d }, (_, l) => Math.log(0.5 + 0.2 * l)),
        // A narrow last coordinate: the sweep runs along it and cuts pairs off.
        Float64Array.from({ length: d }, (_, l) => Math.log(l === d - 1 ? 0.12 : 2)),
      ]) {
        const grad = new Float64Array(d)
        const score = objective.evaluate(theta, grad)
        const exact = vectorLooScore({ keys: p.keys, d, values: p.values, kernel: 'gaussian' }, theta.map(Math.exp), { algorithm: 'dense' })
        expectClose([score], [exact.score], 1e-12, 'score')
        for (let l = 0; l < d; l++) {
          const h = 1e-5
          const up = Float64Array.from(theta)
          const down = Float64Array.from(theta)
          up[l] = up[l]! + h
          down[l] = down[l]! - h
          const fd = (objective.evaluate(up, null) - objective.evaluate(down, null)) / (2 * h)
          expect(Math.abs(grad[l]! - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)))
        }
      }
    })
  }
})

describe('the objective score with its bound', () => {
  for (const tolerance of [1e-3, 1e-12]) {
    it(`tolerance ${tolerance}: within its reported bound of the dense score, through the symmetric pass and the tree`, () => {
      const d = 3
      const p = problem(95, 900, 0, d)
      p.keys[0] = 40 // far from the rest: its row fails the denominator floor and is redone with the tree
      const objective = new LooObjective(p.keys, d, p.values, tolerance)
      // Broad widths: the symmetric pass; narrow ones: the tree's windows.
      for (const sigma of [[0.6, 0.7, 0.8], [0.05, 0.06, 0.07]]) {
        const theta = Float64Array.from(sigma, Math.log)
        const { score, errorBound } = objective.scoreWithBound(theta)
        const exact = vectorLooScore({ keys: p.keys, d, values: p.values, kernel: 'gaussian' }, Float64Array.from(sigma), { algorithm: 'dense' })
        expect(errorBound).toBeGreaterThan(0)
        expect(errorBound).toBeLessThan(20 * tolerance)
        expect(Math.abs(score - exact.score)).toBeLessThanOrEqual(errorBound + 1e-14)
      }
    })
  }
})

describe('the width search at large n', () => {
  it('warm-starts from a seeded sample: reproducible, and no worse than statsmodels start', () => {
    const rng = createRng(90)
    const n = 2100
    const d = 2
    const keys = Float64Array.from({ length: n * d }, () => 5 * rng.uniform())
    const values = Float64Array.from({ length: n }, (_, j) => Math.sin(2 * keys[j * d]!) + 0.3 * rng.normal())
    const spec = { keys, d, values, kernel: 'gaussian' as const }
    const a = vectorLooOptimalSigma(spec)
    const b = vectorLooOptimalSigma(spec)
    expect(Array.from(b.sigma)).toEqual(Array.from(a.sigma))
    const start = vectorLooScore(spec, statsmodelsStart(keys, d)).score
    expect(a.score).toBeLessThanOrEqual(start)
    // The irrelevant second coordinate widens well beyond the relevant first.
    expect(a.sigma[1]!).toBeGreaterThan(5 * a.sigma[0]!)
  }, 60_000)
})
