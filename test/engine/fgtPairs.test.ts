import { describe, expect, it } from 'vitest'
import { makePlan } from '../../src-shared/engine/fast/plan'
import { looQueries, prepareKeys, prepareQueries } from '../../src-shared/engine/fast/prepared'
import { prepareSharedWork, runRange } from '../../src-shared/engine/fast/run'
import { testData, type Layout } from './fastReference'

/**
 * The transform evaluates two queries of one cell in a single pass
 * (FgtLocal.evaluatePair). The reference is the same plan run one query
 * at a time (ranges of one query never pair): estimates, bounds and the
 * worst bound must agree bit for bit, leave-one-out included, with queries
 * outside the data (the window takes them) among the pairs.
 */
describe('fast Gauss transform: queries evaluated in pairs', () => {
  const cases: [Layout, number, boolean][] = [
    ['uniform', 0.05, false],
    ['uniform', 0.05, true],
    ['clustered', 0.01, false],
    ['ties', 0.3, true],
    ['duplicates', 0.02, false],
  ]
  it.each(cases)('%s keys, sigma %s, leave-one-out %s: as one query at a time', (layout, sigma, loo) => {
    const { keys, values, queries } = testData(5, 3000, 2001, layout)
    const prepared = prepareKeys(keys, values)
    const sorted = loo ? looQueries(prepared) : prepareQueries(queries)
    const plan = makePlan(prepared, sorted.queries, 'gaussian', sigma, { algorithm: 'fgt', leaveOneOut: loo })
    expect(plan.algorithm).toBe('fgt')
    const m = sorted.queries.length
    const shared = prepareSharedWork(plan, prepared)
    const together = { yHat: new Float64Array(m), bound: new Float64Array(m) }
    const worst = runRange(plan, prepared, sorted, loo, 0, m, together, shared)
    const alone = { yHat: new Float64Array(m), bound: new Float64Array(m) }
    let worstAlone = 0
    for (let i = 0; i < m; i++) worstAlone = Math.max(worstAlone, runRange(plan, prepared, sorted, loo, i, i + 1, alone, shared))
    expect(Array.from(together.yHat)).toEqual(Array.from(alone.yHat))
    expect(Array.from(together.bound)).toEqual(Array.from(alone.bound))
    expect(worst).toBe(worstAlone)
  })
})
