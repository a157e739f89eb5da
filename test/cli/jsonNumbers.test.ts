import { afterAll, describe, expect, it } from 'vitest'
import { JsonText, numbersJson, printJson } from '../../src-main/cli/json'
import { ParallelPredictor } from '../../src-main/parallel/parallelPredict'
import { createRng } from '../../src-shared/engine/rng'

/** What JSON.stringify makes of the same numbers in a plain array: the reference. */
function reference(a: Float64Array): string {
  return JSON.stringify(Array.from(a))
}

function printed(value: unknown): string {
  let text = ''
  printJson((s) => (text += s), value)
  return text
}

describe('JSON of many numbers', () => {
  const rng = createRng(5)
  // Blocks of 65,536 numbers: lengths around the block size, odd ones, and awkward values.
  const awkward = Float64Array.of(NaN, -0, 0, Infinity, -Infinity, 5e-324, -1.7976931348623157e308, 1e21, 1e-7, 123456789012345680000, 0.1 + 0.2)
  const cases: [string, Float64Array][] = [
    ['empty', new Float64Array(0)],
    ['awkward values', awkward],
    ['65,536 random doubles', Float64Array.from({ length: 65_536 }, () => rng.normal() * 10 ** Math.floor(40 * rng.uniform() - 20))],
    ['200,001 with NaN among them', Float64Array.from({ length: 200_001 }, (_, i) => (i % 9973 === 0 ? NaN : rng.uniform() * 5))],
  ]

  it.each(cases)('printJson and numbersJson give what JSON.stringify gives: %s', (_, a) => {
    const want = reference(a)
    expect(printed(a)).toBe(want + '\n')
    expect(`[${numbersJson(a)}]`).toBe(want)
    expect(printed({ yHat: new JsonText(`[${numbersJson(a)}]`), n: a.length })).toBe(`{"yHat":${want},"n":${a.length}}\n`)
  })

  const predictor = new ParallelPredictor({ threads: 2 })
  afterAll(() => predictor.close())

  it.each(cases)('formatted half on a worker thread, the same text: %s', async (_, a) => {
    const text = await predictor.numbersJson(a)
    expect(text.text).toBe(reference(a))
  })
})
