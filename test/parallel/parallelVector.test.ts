import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ParallelPredictor } from '../../src-main/parallel/parallelPredict'
import { createRng } from '../../src-shared/engine/rng'
import type { Algorithm } from '../../src-shared/engine/types'
import { vectorPredict } from '../../src-shared/engine/vector'
import type { VectorProblem } from '../../src-shared/engine/vectorTypes'

function problem(seed: number, n: number, m: number, d: number, width: number): VectorProblem {
  const rng = createRng(seed)
  const keys = Float64Array.from({ length: n * d }, () => rng.uniform())
  const queries = Float64Array.from({ length: m * d }, () => 1.2 * rng.uniform() - 0.1)
  const values = Float64Array.from({ length: n }, (_, j) => Math.sin(6 * keys[j * d]!) + 0.1 * rng.normal())
  return { keys, d, values, queries, kernel: 'gaussian', sigma: Float64Array.from({ length: d }, () => width) }
}

describe('vector predictions split across worker threads', () => {
  let pool: ParallelPredictor
  beforeAll(() => {
    pool = new ParallelPredictor({ threads: 2 })
  })
  afterAll(async () => {
    await pool.close()
  })

  it.each([
    ['simd', 8, 0.3, undefined],
    ['dense', 8, 0.3, 'dense'],
    ['window', 2, 0.01, undefined],
  ] as [Algorithm, number, number, Algorithm | undefined][])('%s (d = %s) is bit-identical to vectorPredict on one thread', async (algorithm, d, width, forced) => {
    const p = problem(d, 1500, 301, d, width)
    const options = { tolerance: 1e-9, ...(forced ? { algorithm: forced } : {}) }
    const single = vectorPredict(p, options)
    const parallel = await pool.predictVector(p, options)
    expect(single.algorithm).toBe(algorithm)
    expect(parallel.algorithm).toBe(algorithm)
    expect(Array.from(parallel.yHat)).toEqual(Array.from(single.yHat))
    expect(parallel.errorBound).toBe(single.errorBound)
    expect(parallel.undefinedQueries).toEqual(single.undefinedQueries)
  })
})
