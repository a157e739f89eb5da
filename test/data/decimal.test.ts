import { describe, expect, it } from 'vitest'
import { decimalToDouble } from '../../src-shared/data/decimal'
import { createRng } from '../../src-shared/engine/rng'

/** The digits split as the CSV reader splits them (15 in head, the rest in tail), the result beside Number() of the text. */
function check(mantissa: string, exponent: number): string | null {
  const head = Number(mantissa.slice(0, 15))
  const tailText = mantissa.slice(15)
  const got = decimalToDouble(head, tailText === '' ? 0 : Number(tailText), tailText.length, exponent)
  const want = Number(`${mantissa}e${exponent}`)
  // NaN: the caller falls back to Number(); anything else must be Number()'s double.
  return got !== got || Object.is(got, want) ? null : `${mantissa}e${exponent}: ${got} instead of ${want}`
}

describe('decimalToDouble', () => {
  it('gives Number()’s double for 15- to 19-digit mantissas, around 2^53 too', () => {
    const rng = createRng(21)
    const wrong: string[] = []
    const note = (r: string | null) => r !== null && wrong.length < 10 && wrong.push(r)
    for (let digits = 15; digits <= 19; digits++) {
      for (let i = 0; i < 20_000; i++) {
        let m = String(1 + Math.floor(rng.uniform() * 9))
        while (m.length < digits) m += String(Math.floor(rng.uniform() * 10))
        note(check(m, Math.floor(rng.uniform() * 40) - 20))
      }
    }
    for (let k = -8; k <= 8; k++) {
      const m = (9007199254740992n + BigInt(k)).toString()
      for (let e = -22; e <= 5; e++) note(check(m, e))
      note(check(m + '0', -3))
      note(check(m + '5', -7))
    }
    expect(wrong).toEqual([])
  })
})
