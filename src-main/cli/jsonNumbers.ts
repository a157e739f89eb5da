/**
 * Doubles written as JSON text into bytes, exactly as JSON.stringify writes
 * them: the shortest decimal that reads back as the same double (of those,
 * the nearest), in ECMAScript's Number::toString layout; NaN and the
 * infinities as null, -0 as 0. A million estimates took JSON.stringify about
 * a quarter of a second, most of it in making a string per number; this
 * writes digits into a byte buffer with no string per number.
 *
 * How: v is scaled by an exact power of ten to A = v * 10^k in [1e14, 1e15),
 * held exactly (or within 2^-100 of A) as a double-double. A decimal reads
 * back as v when it lies within half a unit in v's last place (a quarter
 * below a power of two), which in units of A is a power of two times a power
 * of ten. The candidates with 15, 16 and 17 significant digits are A rounded
 * to an integer, a tenth and a hundredth, and the one on A's other side; the
 * first within reach is the answer (the shortest, and of those the nearest, as
 * V8 chooses). A shorter text is one of these with trailing zeros: 15-digit
 * decimals lie farther apart than two doubles, so only one can be in reach.
 * Whatever this cannot decide with certainty (a value outside about
 * 1e-8..1e36, a distance within a hair of the limit, a tie) is left to
 * String(v): every output is V8's own text.
 */

import { twoProductError } from '../../src-shared/data/decimal'

/** 10^0 .. 10^22, exact. */
const POW10 = Float64Array.from({ length: 23 }, (_, k) => Number(`1e${k}`))

const ZERO = 48
const DOT = 46
const MINUS = 45
const PLUS = 43
const LOWER_E = 101

/** Most bytes one number can take (String() of a double is at most 24 characters). */
export const MAX_NUMBER_BYTES = 25

/** "00" to "99" as character codes, two digits per division. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => ZERO + (i & 1 ? (i >> 1) % 10 : Math.floor((i >> 1) / 10)))
/** "0000" to "9999" as character codes: the 15 leading digits are written four at a time. */
const QUADS = quads()

/** Built with plain loops: a callback per byte (Uint8Array.from) took most of the ~8 ms this module took to load, in every command. */
function quads(): Uint8Array {
  const table = new Uint8Array(40_000)
  let at = 0
  for (let a = 0; a < 10; a++) for (let b = 0; b < 10; b++) for (let c = 0; c < 10; c++) for (let d = 0; d < 10; d++) {
    table[at++] = ZERO + a
    table[at++] = ZERO + b
    table[at++] = ZERO + c
    table[at++] = ZERO + d
  }
  return table
}

/**
 * Writes v at out[at] the way JSON.stringify would and returns the position
 * after it. out must have MAX_NUMBER_BYTES free from at.
 */
export function writeJsonNumber(v: number, out: Uint8Array, at: number): number {
  if (v !== v || v === Infinity || v === -Infinity) {
    out[at] = 110 // n
    out[at + 1] = 117 // u
    out[at + 2] = 108 // l
    out[at + 3] = 108 // l
    return at + 4
  }
  if (v === 0) {
    out[at] = ZERO
    return at + 1
  }
  const start = at
  let x = v
  if (x < 0) {
    out[at++] = MINUS
    x = -x
  }
  // The digits go one byte further on: most numbers then need only their integer digits moved back to make room for the point.
  const length = shortestDigits(x, out, at + 1)
  if (length < 0) return writeText(String(v), out, start)
  const point = decimalPoint
  if (0 < point && point < length && point <= 21) {
    for (let i = 0; i < point; i++) out[at + i] = out[at + i + 1]!
    out[at + point] = DOT
    return at + length + 1
  }
  out.copyWithin(at, at + 1, at + 1 + length)
  return layOut(out, at, length, point)
}

/** Set by shortestDigits: the value is 0.d1d2... x 10^decimalPoint. */
let decimalPoint = 0

const bits = new Float64Array(1)
const words = new Uint32Array(bits.buffer)
/**
 * 2^(e - 53) for each biased exponent e: half a unit in the last place of a
 * double with that exponent. A table, not bits written and read back through
 * `words`: that round trip stalls the processor on every number.
 */
const HALF_UNITS = Float64Array.from({ length: 0x7ff }, (_, biased) => 2 ** (biased - 1023 - 53))
/** log10(2), a little less: the first guess at the decimal exponent is at most one too small, never too large. */
const LOG10_2 = 0.30102999566398114

/**
 * The shortest round-trip digits of x > 0, written at out[at] (trailing zeros
 * removed); returns their count, or -1 when String() must decide.
 */
function shortestDigits(x: number, out: Uint8Array, at: number): number {
  bits[0] = x
  const high = words[1]!
  const lowWord = words[0]!
  const biased = (high >>> 20) & 0x7ff
  if (biased === 0 || biased === 0x7ff) return -1
  const e2 = biased - 1023
  let k = 14 - Math.floor(e2 * LOG10_2)
  let hi = 0
  let lo = 0
  for (let attempt = 0; ; attempt++) {
    if (k > 22 || k < -22 || attempt > 2) return -1
    if (k >= 0) {
      const p = POW10[k]!
      hi = x * p
      lo = twoProductError(x, p, hi)
    } else {
      const d = POW10[-k]!
      hi = x / d
      const prod = hi * d
      lo = (x - prod - twoProductError(hi, d, prod)) / d
    }
    if (hi < 1e14) k++
    else if (hi >= 1e15) k--
    else break
  }
  let whole = Math.floor(hi)
  let f = hi - whole + lo
  if (f < 0) {
    whole -= 1
    f += 1
  } else if (f >= 1) {
    whole += 1
    f -= 1
  }
  if (whole < 1e14 || whole >= 1e15) return -1
  // x reads back from every decimal closer to it than half a unit in its last place, 2^(e2-53), here in units of A.
  const halfUnit = HALF_UNITS[biased]!
  const above = k >= 0 ? halfUnit * POW10[k]! : halfUnit / POW10[-k]!
  // At a power of two the doubles below are twice as dense.
  const below = (high & 0xfffff) === 0 && lowWord === 0 ? above / 2 : above
  decimalPoint = 15 - k
  // f is A's fraction within about 2^-52; a candidate whose distance is this close to the limit is left to String().
  const slack = 1e-9 * above

  for (let t = 0; t <= 2; t++) {
    const unit = t === 0 ? 1 : t === 1 ? 10 : 100
    const scaled = f * unit
    const j = Math.floor(scaled)
    const rest = scaled - j
    // A exactly (or nearly) halfway: V8 breaks the tie, not this.
    if (Math.abs(rest - 0.5) < 1e-9) return -1
    const nearUp = rest >= 0.5
    // The nearest candidate with this many digits, then the one on A's other side.
    for (let side = 0; side < 2; side++) {
      const digit = (side === 0) === nearUp ? j + 1 : j
      const delta = digit / unit - f
      const limit = delta >= 0 ? above : below
      const distance = Math.abs(delta)
      if (distance < limit - slack) return putCandidate(whole, digit, t, unit, out, at)
      if (distance <= limit + slack) return -1
    }
  }
  return -1
}

/** whole + digit / unit (t digits after the 15): carries, then writes the digits; -1 if the carry reaches 16 digits. */
function putCandidate(whole: number, digit: number, t: number, unit: number, out: Uint8Array, at: number): number {
  if (digit >= unit) {
    whole += 1
    digit -= unit
  }
  if (whole >= 1e15) return -1
  return putDigits(whole, digit, t, out, at)
}

/** Writes whole (15 digits) and tail (tailDigits digits, 0 to 2) at out[at]; returns the count without trailing zeros. */
function putDigits(whole: number, tail: number, tailDigits: number, out: Uint8Array, at: number): number {
  const high = Math.floor(whole / 1e8) | 0 // 7 digits
  const low = (whole - high * 1e8) | 0 // 8 digits, exact
  // Four groups: 3 digits, then three of 4 (integer divisions by constants compile to multiplications).
  const g1 = (high / 10_000) | 0
  const g2 = high - g1 * 10_000
  const g3 = (low / 10_000) | 0
  const g4 = low - g3 * 10_000
  let q = g1 << 2
  out[at] = QUADS[q + 1]!
  out[at + 1] = QUADS[q + 2]!
  out[at + 2] = QUADS[q + 3]!
  q = g2 << 2
  out[at + 3] = QUADS[q]!
  out[at + 4] = QUADS[q + 1]!
  out[at + 5] = QUADS[q + 2]!
  out[at + 6] = QUADS[q + 3]!
  q = g3 << 2
  out[at + 7] = QUADS[q]!
  out[at + 8] = QUADS[q + 1]!
  out[at + 9] = QUADS[q + 2]!
  out[at + 10] = QUADS[q + 3]!
  q = g4 << 2
  out[at + 11] = QUADS[q]!
  out[at + 12] = QUADS[q + 1]!
  out[at + 13] = QUADS[q + 2]!
  out[at + 14] = QUADS[q + 3]!
  if (tailDigits === 1) out[at + 15] = ZERO + tail
  else if (tailDigits === 2) {
    out[at + 15] = PAIRS[tail << 1]!
    out[at + 16] = PAIRS[(tail << 1) + 1]!
  }
  let n = 15 + tailDigits
  while (n > 1 && out[at + n - 1] === ZERO) n--
  return n
}

/**
 * ECMAScript Number::toString's layout of the n digits at out[at], whose
 * value is 0.d1..dn x 10^point: the digits are moved in place to make room
 * for the point, the leading "0.000" or the exponent.
 */
function layOut(out: Uint8Array, at: number, n: number, point: number): number {
  if (n <= point && point <= 21) {
    for (let i = n; i < point; i++) out[at + i] = ZERO
    return at + point
  }
  if (0 < point && point <= 21) {
    for (let i = at + n; i > at + point; i--) out[i] = out[i - 1]!
    out[at + point] = DOT
    return at + n + 1
  }
  if (-6 < point && point <= 0) {
    const shift = 2 - point
    for (let i = at + n - 1; i >= at; i--) out[i + shift] = out[i]!
    out[at] = ZERO
    out[at + 1] = DOT
    for (let i = at + 2; i < at + shift; i++) out[i] = ZERO
    return at + n + shift
  }
  let end = at + 1
  if (n > 1) {
    for (let i = at + n; i > at + 1; i--) out[i] = out[i - 1]!
    out[at + 1] = DOT
    end = at + n + 1
  }
  out[end++] = LOWER_E
  let e = point - 1
  out[end++] = e < 0 ? MINUS : PLUS
  if (e < 0) e = -e
  return writeText(String(e), out, end)
}

function writeText(text: string, out: Uint8Array, at: number): number {
  for (let i = 0; i < text.length; i++) out[at++] = text.charCodeAt(i)
  return at
}
