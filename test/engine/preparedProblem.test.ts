import { describe, expect, it } from 'vitest'
import { nwPredict } from '../../src-shared/engine/estimate'
import { nwHeatmap } from '../../src-shared/engine/heatmap'
import { isCompactKernel, KERNEL_IDS } from '../../src-shared/engine/kernels'
import { predictionOf, prepareProblem } from '../../src-shared/engine/preparedProblem'
import { createRng } from '../../src-shared/engine/rng'

function data(n: number, m: number, seed: number) {
  const rng = createRng(seed)
  const rand = () => rng.uniform()
  // Unsorted keys with ties, and unsorted queries partly outside the keys' range (undefined for compact kernels).
  const keys = Float64Array.from({ length: n }, () => Math.round(rand() * 500) / 100)
  const values = keys.map((x) => Math.sin(2 * x) + 0.3 * (rand() - 0.5))
  const queries = Float64Array.from({ length: m }, () => -0.5 + rand() * 6)
  return { keys, values, queries }
}

describe('a prepared problem', () => {
  // 300 x 300 pairs go to the dense code, 3000 x 2000 to the fast paths (route.ts).
  it.each([
    [300, 300],
    [3000, 2000],
  ])('with n = %i, m = %i gives nwPredict and nwHeatmap bit for bit at every kernel and sigma, in any order', (n, m) => {
    const { keys, values, queries } = data(n, m, n)
    const problem = prepareProblem(keys, values, queries)
    // Kernels and sigmas interleaved, each asked twice: the sorted data it keeps must come out of each call unchanged.
    for (const round of [0, 1]) {
      for (const kernel of KERNEL_IDS) {
        for (const sigma of round === 0 ? [0.03, 0.4] : [0.4, 0.03]) {
          const p = { keys, values, queries, kernel, sigma }
          const want = nwPredict(p)
          const got = problem.predict(kernel, sigma)
          expect(Array.from(got.yHat)).toEqual(Array.from(want.yHat))
          expect(got.undefinedQueries).toEqual(want.undefinedQueries)
          expect([got.algorithm, got.errorBound]).toEqual([want.algorithm, want.errorBound])
          expect(problem.heatmap(kernel, sigma, 40, 30)).toEqual(nwHeatmap(p, 40, 30))
        }
      }
    }
  })

  it('gives a compact kernel’s fit and heatmap from one pass as predict and heatmap give them apart, and nothing for the others', () => {
    const { keys, values, queries } = data(3000, 2000, 7)
    const problem = prepareProblem(keys, values, queries)
    for (const kernel of KERNEL_IDS) {
      for (const sigma of [0.03, 0.4]) {
        const both = problem.fitAndHeatmap(kernel, sigma, 40, 30)
        if (!isCompactKernel(kernel)) {
          expect(both).toBeNull()
          continue
        }
        const want = problem.predict(kernel, sigma)
        const got = predictionOf(both!)
        expect(Array.from(got.yHat)).toEqual(Array.from(want.yHat))
        expect(got.undefinedQueries).toEqual(want.undefinedQueries)
        expect([got.algorithm, got.errorBound]).toEqual([want.algorithm, want.errorBound])
        expect(both!.heatmap).toEqual(problem.heatmap(kernel, sigma, 40, 30))
        // Some rows only: the estimates at their sorted queries, and no prediction from them.
        const part = problem.fitAndHeatmap(kernel, sigma, 40, 30, [0.5, 1])!
        expect([part.from, part.to]).toEqual([1000, 2000])
        expect(Array.from(part.estimates)).toEqual(Array.from(part.order.subarray(1000), (i) => want.yHat[i]!))
        expect(() => predictionOf(part)).toThrow(/every query/)
      }
    }
    // Few enough pairs for the dense code: the two apart.
    const small = data(300, 300, 8)
    expect(prepareProblem(small.keys, small.values, small.queries).fitAndHeatmap('tricube', 0.4, 40, 30)).toBeNull()
  })

  it.each([
    [300, 300],
    [3000, 2000],
  ])('with n = %i, m = %i makes the heatmap in parts, each row as in the whole, bit for bit, on every path', (n, m) => {
    const { keys, values, queries } = data(n, m, n + 1)
    const problem = prepareProblem(keys, values, queries)
    const algorithms = new Set<string>()
    for (const kernel of KERNEL_IDS) {
      for (const sigma of [0.002, 0.03, 0.4, 1e4]) {
        const whole = problem.heatmap(kernel, sigma, 40, 30)
        algorithms.add(whole.algorithm)
        // 40 rows: [0, 0.3] is rows 0-11, [0.3, 1] rows 12-39; an empty share computes nothing.
        const top = problem.heatmap(kernel, sigma, 40, 30, [0, 0.3])
        const bottom = problem.heatmap(kernel, sigma, 40, 30, [0.3, 1])
        const none = problem.heatmap(kernel, sigma, 40, 30, [0.5, 0.5])
        for (let r = 0; r < 40; r++) {
          const row = (h: typeof whole) => Array.from(h.values.subarray(r * 30, (r + 1) * 30))
          const zeros = new Array<number>(30).fill(0)
          expect(row(r < 12 ? top : bottom)).toEqual(row(whole))
          expect(row(r < 12 ? bottom : top)).toEqual(zeros)
          expect(row(none)).toEqual(zeros)
        }
        expect([...top.undefinedRows, ...bottom.undefinedRows]).toEqual(whole.undefinedRows)
        expect(top.undefinedRows.every((r) => r < 12) && bottom.undefinedRows.every((r) => r >= 12)).toBe(true)
        expect(Math.max(top.max, bottom.max)).toBe(whole.max)
        expect(Math.max(top.errorBound, bottom.errorBound)).toBe(whole.errorBound)
        expect([top.rowEdges, top.colEdges, top.algorithm]).toEqual([whole.rowEdges, whole.colEdges, whole.algorithm])
      }
    }
    // Every way of computing a heatmap was split (the dense code, compact windows, the Gaussian's window, series and closed form).
    expect([...algorithms].sort()).toEqual(n === 300 ? ['dense'] : ['compact', 'constant', 'fgt', 'window'])
  })

  it('refuses a share that is not two ordered fractions', () => {
    const { keys, values, queries } = data(100, 100, 3)
    const problem = prepareProblem(keys, values, queries)
    expect(() => problem.heatmap('gaussian', 0.2, 10, 10, [0.6, 0.4])).toThrow('a heatmap share is two fractions 0 <= a <= b <= 1 (got 0.6, 0.4)')
    expect(() => problem.heatmap('gaussian', 0.2, 10, 10, [0, 1.5])).toThrow(/0 <= a <= b <= 1/)
  })

  it('asks for no more rows than queries and no more columns than keys, as nwHeatmap', () => {
    const { keys, values, queries } = data(2000, 200, 7)
    const h = prepareProblem(keys, values, queries).heatmap('gaussian', 0.2, 500, 5000)
    expect([h.rows, h.cols]).toEqual([200, 2000])
    expect(h).toEqual(nwHeatmap({ keys, values, queries, kernel: 'gaussian', sigma: 0.2 }, 500, 5000))
  })

  it('refuses what nwPredict refuses, with the same message', () => {
    const { keys, values, queries } = data(50, 50, 1)
    const problem = prepareProblem(keys, values, queries)
    let message = ''
    try {
      nwPredict({ keys, values, queries, kernel: 'gaussian', sigma: 0 })
    } catch (e) {
      message = (e as Error).message
    }
    expect(message).toMatch(/sigma/)
    expect(() => problem.predict('gaussian', 0)).toThrow(message)
    expect(() => problem.heatmap('nope' as never, 1, 4, 4)).toThrow('unknown kernel "nope"')
    const bad = Float64Array.from(queries)
    bad[3] = NaN
    expect(() => prepareProblem(keys, values, bad)).toThrow(/queries/)
  })
})
