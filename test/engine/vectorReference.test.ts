import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { classify } from '../../src-shared/engine/classify'
import type { KernelId } from '../../src-shared/engine/kernels'
import { vectorPredict } from '../../src-shared/engine/vector'
import { vectorLooScore } from '../../src-shared/engine/vectorBandwidth'
import { widthLossAndGradient } from '../../src-shared/engine/vectorTrain'
import type { Estimator, KernelShape, Scoring } from '../../src-shared/engine/vectorTypes'
import { LooObjective } from '../../src-shared/engine/vectorCore/looObjective'
import { expectClose, f64 } from './reference'

/** Fixtures from test/fixtures/generate_vector_reference.py (statsmodels, numpy, torch autograd). */
interface VectorReference {
  regression: { name: string; d: number; x: number[]; y: number[]; q: number[]; fits: { sigma: number[]; estimator: Estimator; yHat: number[]; looScore: number }[] }[]
  classification: {
    x: number[]
    labels: number[]
    q: number[]
    cases: { kernel: KernelId; shape: KernelShape; scoring: Scoring; sigma: number[]; scores: (number[] | null)[]; regression: (number | null)[] }[]
  }
  widthGradients: { x: number[]; y: number[]; d: number; cases: { w: number[]; loss: 'sum-half' | 'mean-half'; loo: boolean; value: number; gradient: number[] }[] }
  looGradients: { x: number[]; y: number[]; d: number; cases: { sigma: number[]; score: number; gradient: number[] }[] }
}

const ref = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'vector_reference.json'), 'utf8')) as VectorReference

/** The bar against statsmodels. */
const REL = 1e-9

describe('vector regression against statsmodels KernelReg (fixed bandwidth vectors)', () => {
  for (const ds of ref.regression) {
    it.each(ds.fits)(`${ds.name}: $estimator at sigma $sigma`, (fit) => {
      const problem = { keys: f64(ds.x), d: ds.d, values: f64(ds.y), queries: f64(ds.q), kernel: 'gaussian' as const, sigma: f64(fit.sigma), estimator: fit.estimator }
      const dense = vectorPredict(problem, { algorithm: 'dense' })
      expectClose(dense.yHat, fit.yHat, REL, `${ds.name} ${fit.estimator}`)
      // The k-d tree window gives the same estimates within its bound.
      const window = vectorPredict(problem, { algorithm: 'window' })
      expectClose(window.yHat, fit.yHat, REL, `${ds.name} ${fit.estimator} window`)
      const loo = vectorLooScore({ keys: problem.keys, d: ds.d, values: problem.values, kernel: 'gaussian', estimator: fit.estimator }, problem.sigma)
      expectClose([loo.score], [fit.looScore], REL, 'cv_loo')
    })
  }
})

describe('classification, compact and radial kernels, dot-product scoring against numpy', () => {
  const c = ref.classification
  it.each(c.cases)('$kernel $shape $scoring sigma $sigma', (k) => {
    const keys = f64(c.x)
    const problem = { keys, d: 2, queries: f64(c.q), kernel: k.kernel, sigma: f64(k.sigma), shape: k.shape, scoring: k.scoring }
    const r = classify({ ...problem, labels: Uint32Array.from(c.labels), classCount: 3 })
    expectClose(r.scores, k.scores.flatMap((row) => row ?? [null, null, null]), 1e-12, 'scores')
    k.scores.forEach((row, i) => {
      if (row === null) {
        expect(r.predicted[i]).toBe(-1)
        expect(r.undefinedQueries).toContain(i)
        return
      }
      const sum = r.scores[i * 3]! + r.scores[i * 3 + 1]! + r.scores[i * 3 + 2]!
      expect(Math.abs(sum - 1)).toBeLessThan(1e-14)
      expect(r.predicted[i]).toBe(row.indexOf(Math.max(row[0]!, row[1]!, row[2]!)))
    })
    // The same weights on a numeric value: the first coordinate.
    const values = Float64Array.from({ length: c.labels.length }, (_, j) => keys[2 * j]!)
    expectClose(vectorPredict({ ...problem, values }).yHat, k.regression, 1e-12, 'regression')
  })
})

describe('gradients against torch autograd', () => {
  const g = ref.widthGradients
  it.each(g.cases)('width vector w $w, $loss, leave-one-out $loo', (k) => {
    const all = Uint32Array.from(g.y, (_, i) => i)
    const r = widthLossAndGradient(f64(g.x), g.d, f64(g.y), all, f64(k.w), k.loss, k.loo)
    expectClose([r.loss], [k.value], 1e-12, 'loss')
    expectClose(r.gradient, k.gradient, 1e-10, 'gradient')
  })

  const l = ref.looGradients
  it.each(l.cases)('leave-one-out score in log sigma at sigma $sigma', (k) => {
    const objective = new LooObjective(f64(l.x), l.d, f64(l.y), 1e-15)
    const grad = new Float64Array(l.d)
    const score = objective.evaluate(f64(k.sigma).map(Math.log), grad)
    expectClose([score], [k.score], 1e-12, 'score')
    expectClose(grad, k.gradient, 1e-10, 'gradient')
  })
})
