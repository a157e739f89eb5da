import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fitPanel } from '../../src-shared/charts/fitChart'
import { kernelPanel } from '../../src-shared/charts/kernelChart'
import { lossPanel } from '../../src-shared/charts/lossChart'
import { LIGHT_THEME } from '../../src-shared/charts/theme'
import { axisTicks } from '../../src-shared/figures/figureOption'
import { MINUS, niceTicks } from '../../src-shared/figures/ticks'

const parse = (s: string) => Number(s.replace(MINUS, '-'))

/** The tick rule: nice steps, ends on ticks covering the data, distinct labels that read back as the values. */
function checkRule(lo: number, hi: number) {
  const t = niceTicks(lo, hi)
  const m = t.step / 10 ** Math.floor(Math.log10(t.step) + 1e-9)
  expect([1, 2, 5].some((k) => Math.abs(m - k) < 1e-6), `step ${t.step}`).toBe(true)
  expect(t.min).toBeLessThanOrEqual(lo + 1e-6 * t.step)
  expect(t.max).toBeGreaterThanOrEqual(hi - 1e-6 * t.step)
  expect(t.values.length).toBeGreaterThanOrEqual(2)
  expect(t.values.length).toBeLessThanOrEqual(12)
  expect(new Set(t.labels).size).toBe(t.labels.length)
  for (let i = 0; i < t.values.length; i++) expect(Math.abs(parse(t.labels[i]!) - t.values[i]!)).toBeLessThanOrEqual(t.step * 1e-6 + Math.abs(t.values[i]!) * 1e-12)
  // One shared number of decimals: no "1.1" beside "1".
  const decimals = t.labels.filter((l) => l !== '0').map((l) => (l.includes('e') ? -1 : (l.split('.')[1] ?? '').length))
  expect(new Set(decimals).size).toBe(1)
}

describe('the tick rule', () => {
  it('holds for any finite range', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.double({ min: 1e-6, max: 1e9, noNaN: true }), (lo, span) => checkRule(lo, lo + span)),
      { numRuns: 400 },
    )
  })

  it('labels a tiny range far from zero with distinct values (w printed "1.58e+5" eight times)', () => {
    const t = niceTicks(158000.12, 158000.31)
    expect(new Set(t.labels).size).toBe(t.labels.length)
    expect(t.labels).toEqual(['158000.10', '158000.15', '158000.20', '158000.25', '158000.30', '158000.35'])
  })

  it('gives a w axis of a long training run distinct labels', () => {
    const epochs = Array.from({ length: 8 }, (_, i) => ({ epoch: i + 1, loss: 1, w: 158_000 + i * 0.01 }))
    const p = lossPanel({ curves: [{ name: 'run', epochs }], show: 'w' }, LIGHT_THEME)
    const t = axisTicks(p.y)!
    expect(new Set(t.labels).size).toBe(t.labels.length)
  })

  it('ends a fit axis on a tick, never on "-0.5" below "0" (Figs. 8 and 9)', () => {
    const x = [0, 1, 2, 3, 4, 4.9]
    const panel = fitPanel({ xQuery: x, xTrain: x, yTrain: [-0.7, 1, 7.2, 3, 2, 1], curves: [{ name: 'y_hat', y: [0, 1, 2, 3, 4, 5] }] }, LIGHT_THEME)
    const t = axisTicks(panel.y)!
    const steps = t.values.slice(1).map((v, i) => Number((v - t.values[i]!).toPrecision(9)))
    expect(new Set(steps).size).toBe(1)
    expect(t.labels).not.toContain(`${MINUS}0.5`)
    expect(t.labels.every((l) => !l.includes('.'))).toBe(true)
  })

  it('ends a wide kernel axis on a nice value, not "-49.2731"', () => {
    const p = kernelPanel({ kernels: [{ id: 'gaussian', sigma: 19.70924 }], range: [-49.2731, 49.2731] }, LIGHT_THEME)
    const t = axisTicks(p.x)!
    expect(t.labels[0]).toBe(`${MINUS}50`)
    expect(t.labels[t.labels.length - 1]).toBe('50')
  })

  it('draws the kernel axis from 0 to 1 without a "1.1" on top of "1"', () => {
    const t = axisTicks(kernelPanel({ kernels: [{ id: 'gaussian' }] }, LIGHT_THEME).y)!
    expect(t.labels).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0'])
  })

  it("keeps the chapter's [-1, 5] box in steps of 1", () => {
    expect(niceTicks(-1, 5).labels).toEqual([`${MINUS}1`, '0', '1', '2', '3', '4', '5'])
  })
})
