import { describe, expect, it } from 'vitest'
import { experimentSpecSchema } from '../../src-shared/api/spec'
import { defaultName } from '../../src-shared/experiment/normalize'

const spec = (s: object) => experimentSpecSchema.parse(s)

describe('names the app makes up', () => {
  it('show σ rounded to three significant digits, and a rule by its name', () => {
    expect(defaultName(spec({ data: { preset: 'd2l-oldest', seed: 1 }, sigma: 0.3044009702977776 }))).toBe('Gaussian, σ = 0.304 on d2l-oldest (seed 1)')
    expect(defaultName(spec({ data: { preset: 'd2l-oldest', seed: 1 }, sigma: 1234.5678 }))).toBe('Gaussian, σ = 1230 on d2l-oldest (seed 1)')
    expect(defaultName(spec({ data: { preset: 'd2l-oldest', seed: 1 }, sigma: { rule: 'silverman' } }))).toBe("Gaussian, σ by Silverman's rule on d2l-oldest (seed 1)")
    expect(defaultName(spec({ data: { preset: 'd2l-oldest', seed: 1 }, sigma: { rule: 'loo-cv' } }))).toBe('Gaussian, σ by leave-one-out on d2l-oldest (seed 1)')
  })
})
