import { describe, expect, it } from 'vitest'
import { nwLooPredictor, nwLooPredictorSteps, nwPredict, nwPredictSteps } from '../../src-shared/engine/estimate'
import { KERNEL_IDS } from '../../src-shared/engine/kernels'
import { createRng } from '../../src-shared/engine/rng'
import type { NwPrediction } from '../../src-shared/engine/types'

function data(n: number, seed: number) {
  const rng = createRng(seed)
  const keys = Float64Array.from({ length: n }, () => rng.uniform() * 5)
  const values = keys.map((x) => Math.sin(2 * x) + 0.3 * rng.uniform())
  return { keys, values }
}

/** Runs steps to the end: what each yielded, and the result. */
function runSteps(steps: Generator<number, NwPrediction>): { done: number[]; got: NwPrediction } {
  const done: number[] = []
  let step = steps.next()
  while (!step.done) {
    done.push(step.value)
    step = steps.next()
  }
  return { done, got: step.value }
}

/** The same estimates, bit for bit, by the same algorithm with the same bound. */
function expectSame(got: NwPrediction, want: NwPrediction): void {
  expect(Array.from(got.yHat)).toEqual(Array.from(want.yHat))
  expect([got.algorithm, got.errorBound, got.undefinedQueries]).toEqual([want.algorithm, want.errorBound, want.undefinedQueries])
}

describe('leave-one-out predictions in steps', () => {
  it('are the predictions of one call, bit for bit, on every path, in as many steps as chunks', () => {
    const { keys, values } = data(3000, 11)
    const algorithms = new Set<string>()
    for (const kernel of KERNEL_IDS) {
      const once = nwLooPredictor(keys, values, kernel)
      const stepwise = nwLooPredictorSteps(keys, values, kernel, {}, 700)
      for (const [sigma, tolerance] of [
        [0.0005, undefined],
        [0.02, 1e-8],
        [0.5, undefined],
        [1e4, undefined],
      ] as const) {
        const { done, got } = runSteps(stepwise(sigma, tolerance))
        algorithms.add(got.algorithm)
        expectSame(got, once(sigma, tolerance))
        // 3000 keys in chunks of 700: a step after 700, 1400, 2100 and 2800 keys, then the result.
        expect(done).toEqual([700, 1400, 2100, 2800])
      }
    }
    expect([...algorithms].sort()).toEqual(['compact', 'constant', 'fgt', 'window'])
  })

  it('take one step where the dense code computes, and refuse a bad sigma when stepped', () => {
    const { keys, values } = data(200, 3)
    const steps = nwLooPredictorSteps(keys, values, 'tricube', {}, 10)(0.4)
    const first = steps.next()
    if (!first.done) throw new Error('the dense code took more than one step')
    expect(Array.from(first.value.yHat)).toEqual(Array.from(nwLooPredictor(keys, values, 'tricube')(0.4).yHat))
    expect(() => nwLooPredictorSteps(keys, values, 'gaussian', {}, 10)(-1).next()).toThrow(/sigma/)
  })
})

describe('predictions in steps', () => {
  it('are nwPredict\'s, bit for bit, on every path, a step per chunk of queries', () => {
    const { keys, values } = data(3000, 5)
    const queries = Float64Array.from({ length: 2500 }, (_, i) => -0.5 + (6 * i) / 2500)
    const algorithms = new Set<string>()
    for (const kernel of KERNEL_IDS) {
      for (const sigma of [0.0005, 0.02, 0.5, 1e4]) {
        const { done, got } = runSteps(nwPredictSteps({ keys, values, queries, kernel, sigma }, 1000))
        algorithms.add(got.algorithm)
        expectSame(got, nwPredict({ keys, values, queries, kernel, sigma }))
        // 2500 queries in chunks of 1000.
        expect(done).toEqual([1000, 2000])
      }
    }
    expect([...algorithms].sort()).toEqual(['compact', 'constant', 'fgt', 'window'])
  })

  it('take one step where the dense code computes, and check the problem first', () => {
    const { keys, values } = data(200, 3)
    const first = nwPredictSteps({ keys, values, queries: keys, kernel: 'tricube', sigma: 0.4 }, 10).next()
    if (!first.done) throw new Error('the dense code took more than one step')
    expect(Array.from(first.value.yHat)).toEqual(Array.from(nwPredict({ keys, values, queries: keys, kernel: 'tricube', sigma: 0.4 }).yHat))
    expect(() => nwPredictSteps({ keys, values, queries: keys, kernel: 'gaussian', sigma: -1 }, 10)).toThrow(/sigma/)
  })
})
