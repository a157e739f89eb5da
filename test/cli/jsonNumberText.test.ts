import { describe, expect, it } from 'vitest'
import { writeJsonNumber } from '../../src-main/cli/jsonNumbers'
import { createRng } from '../../src-shared/engine/rng'

/**
 * The byte writer for JSON numbers against V8's own JSON.stringify, number by
 * number, over values chosen to reach every branch: each length of shortest
 * text (1 to 17 digits), each layout (plain, fraction, 0.000..., exponent),
 * powers of two and ten and their neighbours (where the rounding interval is
 * lopsided), and every exponent of random bit patterns.
 */
const out = new Uint8Array(64)
function ours(v: number): string {
  const end = writeJsonNumber(v, out, 0)
  return Buffer.from(out.buffer, 0, end).toString('latin1')
}

const bits = new Float64Array(1)
const words = new Uint32Array(bits.buffer)
function fromBits(high: number, low: number): number {
  words[1] = high >>> 0
  words[0] = low >>> 0
  return bits[0]!
}
function neighbours(v: number): number[] {
  bits[0] = v
  const high = words[1]!
  const low = words[0]!
  const up = low === 0xffffffff ? fromBits(high + 1, 0) : fromBits(high, low + 1)
  const down = low === 0 ? fromBits(high - 1, 0xffffffff) : fromBits(high, low - 1)
  return [down, v, up]
}

function mismatches(values: Iterable<number>): string[] {
  const wrong: string[] = []
  for (const v of values) {
    const want = JSON.stringify(v)
    const got = ours(v)
    if (got !== want && wrong.length < 10) wrong.push(`${want} written as ${got}`)
  }
  return wrong
}

describe('JSON number text', () => {
  it('special values and layouts', () => {
    const values = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, 0.1, 0.2, 0.3, 0.1 + 0.2, 1 / 3, 2 / 3, 100, 1e15, 1e16, 1e17, 1e20, 1e21, 1e22, 123456789012345680000,
      1e-6, 1e-7, 1.5e-7, 0.000001234, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, Number.MAX_SAFE_INTEGER, 2 ** 53, 2 ** 53 + 2, Number('9007199254740993'),
      4.35, 0.7, 1.005, 123.456, Number('9.999999999999999'), 99999999999999.98, 999999999999999.9, 0.999999999999999, 1e-5, Number('12345678901234567890'), Number('1.7976931348623157e36'), 1.2e-8]
    expect(mismatches(values.flatMap((v) => [v, -v]))).toEqual([])
  })

  it('powers of two and of ten and the doubles beside them', () => {
    const values: number[] = []
    for (let e = -1074; e <= 1023; e++) values.push(...neighbours(2 ** e))
    for (let e = -323; e <= 308; e++) values.push(...neighbours(Number(`1e${e}`)))
    expect(mismatches(values)).toEqual([])
  })

  it('short decimals (1 to 17 digits) at many scales, and their neighbours', () => {
    const rng = createRng(11)
    const values: number[] = []
    for (let digits = 1; digits <= 17; digits++) {
      for (let r = 0; r < 3000; r++) {
        const mantissa = Math.floor(rng.uniform() * 10 ** digits)
        const exponent = Math.floor(rng.uniform() * 60) - 30
        values.push(...neighbours(Number(`${mantissa}e${exponent}`)))
      }
    }
    expect(mismatches(values)).toEqual([])
  })

  it('random doubles: uniform, normal, and random bit patterns over every exponent', () => {
    const rng = createRng(12)
    const values: number[] = []
    for (let i = 0; i < 200_000; i++) values.push(5 * rng.uniform(), rng.normal() * 10 ** Math.floor(50 * rng.uniform() - 25))
    for (let i = 0; i < 200_000; i++) values.push(fromBits(Math.floor(rng.uniform() * 2 ** 32), Math.floor(rng.uniform() * 2 ** 32)))
    expect(mismatches(values)).toEqual([])
  })
})
