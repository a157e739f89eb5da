import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The fixtures written by test/fixtures/generate_reference.py (PyTorch, statsmodels, a Python xoshiro128**). */
export interface ReferenceFit {
  kernel: string
  sigma: number
  yHat: (number | null)[]
  undefinedQueries: number[]
  weights?: number[][]
}
export interface ReferenceTraining {
  w0: number
  lr: number
  epochs: number
  loss: 'sum-half' | 'mean-half'
  loo: boolean
  batchSize: number | null
  seed?: number
  records: { epoch: number; loss: number; w: number }[]
  w: number
  yHat: number[]
}
export interface ReferenceDataset {
  name: string
  x: number[]
  y: number[]
  q: number[]
  truth: number[] | null
  fits: ReferenceFit[]
  loo: { kernel: string; sigma: number; yHat: (number | null)[]; score: number | null }[]
  bandwidth: { silverman: number; scott: number; statsmodelsCvLs: { sigma: number; score: number } }
  training: ReferenceTraining[]
  gradients: { w: number; loss: 'sum-half' | 'mean-half'; loo: boolean; value: number; gradient: number }[]
}
export interface Reference {
  rng: { seed: number; stream: number; raw: number[]; uniforms: number[]; normals: number[]; permutation: number[] }[]
  datasets: ReferenceDataset[]
  bmm: number[]
}

export const reference: Reference = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'reference.json'), 'utf8'),
) as Reference

export const f64 = (a: number[]): Float64Array => Float64Array.from(a)

/**
 * Asserts |actual - expected| <= rel * scale elementwise, where scale is
 * max(1, |expected|): relative for large values, absolute near zero (a fit
 * can cross zero, where a purely relative test would demand the impossible).
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number | null>, rel: number, what = ''): void {
  if (actual.length !== expected.length) throw new Error(`${what}: length ${actual.length} != ${expected.length}`)
  for (let i = 0; i < actual.length; i++) {
    const e = expected[i]
    const a = actual[i]!
    if (e === null || e === undefined) {
      if (!Number.isNaN(a)) throw new Error(`${what}[${i}]: expected undefined (NaN), got ${a}`)
      continue
    }
    const tol = rel * Math.max(1, Math.abs(e))
    if (!(Math.abs(a - e) <= tol)) {
      throw new Error(`${what}[${i}]: ${a} differs from ${e} by ${Math.abs(a - e)} (> ${tol})`)
    }
  }
}
