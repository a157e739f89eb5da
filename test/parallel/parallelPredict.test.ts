import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parallelPredict, ParallelPredictor } from '../../src-main/parallel/parallelPredict'
import { InputError } from '../../src-shared/errors'
import { nwPredict } from '../../src-shared/engine/estimate'
import type { KernelId } from '../../src-shared/engine/kernels'
import { testData } from '../engine/fastReference'

function expectIdentical(a: Float64Array, b: Float64Array): void {
  expect(a.length).toBe(b.length)
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) throw new Error(`query ${i}: ${a[i]} vs ${b[i]}`)
}

describe('predictions split across worker threads', () => {
  let threes: ParallelPredictor
  beforeAll(() => {
    threes = new ParallelPredictor({ threads: 3 })
  })
  afterAll(async () => {
    await threes.close()
  })

  it.each([
    ['gaussian', 0.5, 'fgt'],
    ['gaussian', 1e-3, 'window'],
    ['gaussian', 0.02, 'fgt'],
    ['epanechnikov', 0.3, 'compact'],
    ['tricube', 0.01, 'compact'],
    ['cosine', 2, 'compact'],
    ['constant', 1, 'constant'],
  ] as [KernelId, number, string][])('%s at sigma %s (%s) is bit-identical to one thread, undefined queries too', async (kernel, sigma, algorithm) => {
    const { keys, values, queries } = testData(61, 20_000, 7_001, 'clustered')
    const p = { keys, values, queries, kernel, sigma }
    const single = nwPredict(p)
    const parallel = await threes.predict(p)
    expect(single.algorithm).toBe(algorithm)
    expect(parallel.algorithm).toBe(algorithm)
    expectIdentical(parallel.yHat, single.yHat)
    expect(parallel.undefinedQueries).toEqual(single.undefinedQueries)
    expect(parallel.errorBound).toBe(single.errorBound)
  })

  it('gives the same bits with any number of threads, including more threads than queries', async () => {
    const { keys, values, queries } = testData(62, 50_000, 5_000, 'uniform')
    const p = { keys, values, queries, kernel: 'gaussian' as const, sigma: 0.1 }
    const single = nwPredict(p)
    expectIdentical((await parallelPredict(p, { threads: 2 })).yHat, single.yHat)
    const tiny = { ...p, queries: queries.subarray(0, 2) }
    expectIdentical((await threes.predict(tiny, { algorithm: 'fgt' })).yHat, nwPredict(tiny, { algorithm: 'fgt' }).yHat)
  })

  it('answers problems small enough for the dense code on the calling thread, like nwPredict', async () => {
    const { keys, values, queries } = testData(63, 100, 50, 'uniform')
    const r = await threes.predict({ keys, values, queries, kernel: 'gaussian', sigma: 0.3 })
    expect(r.algorithm).toBe('dense')
    expectIdentical(r.yHat, nwPredict({ keys, values, queries, kernel: 'gaussian', sigma: 0.3 }).yHat)
  })

  it('rejects bad input with the estimator’s own error before starting any thread', async () => {
    const p = { keys: Float64Array.of(0, NaN), values: Float64Array.of(1, 2), queries: Float64Array.of(1), kernel: 'gaussian' as const, sigma: 1 }
    await expect(threes.predict(p)).rejects.toThrow(InputError)
    await expect(threes.predict({ ...p, keys: Float64Array.of(0, 1), sigma: -1 })).rejects.toThrow(/sigma must be > 0/)
  })
})
