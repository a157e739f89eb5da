import { describe, expect, it } from 'vitest'
import { incompleteMark, metricItems } from '../../src-renderer/results/metricItems'
import { partial, summary, trained } from './fixtures/runs'

const chip = (items: ReturnType<typeof metricItems>, key: string) => items.find((i) => i.key === key)!

describe('the results metrics bar', () => {
  it('shows each metric’s coverage beside it when it covers only part of its points, and marks the run incomplete', () => {
    const items = metricItems(partial({ id: 'p' }))
    expect(chip(items, 'testMse')).toMatchObject({ value: '0.0358', coverage: '5/50 queries' })
    expect(chip(items, 'looScore')).toMatchObject({ value: '0.9', coverage: '12/50 points' })
    expect(chip(items, 'trainMse').coverage).toBeNull()
    expect(chip(items, 'testMse').title).toContain('covers only 5 of 50 queries')
    expect(incompleteMark(partial({ id: 'p' }))?.title).toContain('test MSE 5/50')
  })

  it('says nothing more for a complete run', () => {
    const items = metricItems(summary({ id: 'c' }))
    expect(items.every((i) => i.coverage === null)).toBe(true)
    expect(incompleteMark(summary({ id: 'c' }))).toBeNull()
  })

  it('covers the training loss of a parametric run too', () => {
    const r = trained({ id: 't', w: 2, coverage: { trainLoss: { covered: 40, total: 50 }, trainMse: null, testMse: null, looScore: null }, complete: false })
    expect(chip(metricItems(r), 'trainLoss').coverage).toBe('40/50 points')
  })

  it('names the rule that chose sigma beside the value, rounded', () => {
    const items = metricItems(summary({ id: 's', sigma: 0.3044009702977776, sigmaRule: 'silverman' }))
    expect(chip(items, 'sigma').value).toBe('0.304 (chosen by silverman)')
    expect(chip(items, 'sigma').title).toContain('0.3044009702977776')
  })
})
