import { describe, expect, it } from 'vitest'
import { formatShort } from '../../../src-shared/charts/theme'
import { abLabels } from '../../../src-renderer/live/abLabels'
import type { LiveTarget } from '../../../src-renderer/live/liveTarget'
import type { LiveFrame } from '../../../src-renderer/live/protocol'

const frame = (sigma: number, n: number, testMse: number | null) => ({ kernel: 'gaussian', sigma, n, testMse }) as unknown as LiveFrame
const target = (dataKey: string, dataLabel: string) => ({ dataKey, dataLabel }) as unknown as LiveTarget

describe('the A/B headings', () => {
  it('name each side’s kernel, sigma and test MSE (the metric chips show B’s alone)', () => {
    const l = abLabels({ frame: frame(0.05, 200, 0.25), target: target('d1', 'generated') }, { frame: frame(0.3, 200, 0.125), target: target('d1', 'generated') })
    expect(l).toEqual({ a: `Gaussian, σ = 0.05, test MSE ${formatShort(0.25)}`, b: `Gaussian, σ = 0.3, test MSE ${formatShort(0.125)}`, otherData: false })
  })

  it('say when A was pinned on other data, and which', () => {
    const l = abLabels({ frame: frame(0.05, 10_000, null), target: target('d1', 'sin, seed 0') }, { frame: frame(0.3, 200, null), target: target('d2', 'sin, seed 7') })
    expect(l.otherData).toBe(true)
    expect(l.a).toBe('Gaussian, σ = 0.05 on sin, seed 0 (n = 10,000)')
    expect(l.b).toBe('Gaussian, σ = 0.3 on sin, seed 7 (n = 200)')
  })
})
