/**
 * Correctly rounded decimal-to-double conversion of a number already split
 * into its digits, for the CSV reader: it reads the digits straight from the
 * bytes and calls this without ever making a string.
 *
 * The value is (head * 10^tailDigits + tail) * 10^exponent, where head holds
 * up to 15 significant digits and tail up to 4 more (the shortest text of a
 * double has at most 17). Two paths give the double nearest to it:
 *  - a mantissa up to 2^53 (up to 15 digits, and most of 16) and |exponent|
 *    <= 22: one IEEE multiplication or division of two exact doubles, rounded
 *    once (Clinger's fast path);
 *  - 16 to 19 digits: the mantissa as an exact double-double, scaled by an
 *    exact power of ten with error-free products (Dekker), and the result
 *    rounded by hand. When the value lies too close to a midpoint between two
 *    doubles to decide, the caller falls back to Number() on the text.
 * Returns NaN when neither path applies.
 */

/** 10^0 .. 10^22: every one is exact as a double. */
const POW10 = Float64Array.from({ length: 23 }, (_, k) => Number(`1e${k}`))
/** 2^53: every integer below it is a double, and a rounded sum below it was exact. */
const MAX_EXACT = 9007199254740992
/** Dekker's splitter for doubles: 2^27 + 1. */
const SPLITTER = 134217729

export const MAX_FAST_HEAD_DIGITS = 15
export const MAX_FAST_TAIL_DIGITS = 4

export function decimalToDouble(head: number, tail: number, tailDigits: number, exponent: number): number {
  if (tailDigits === 0) {
    if (head === 0 || exponent === 0) return head
    if (exponent > 0 && exponent <= 22) return head * POW10[exponent]!
    if (exponent < 0 && exponent >= -22) return head / POW10[-exponent]!
    return NaN
  }
  if (exponent > 22 || exponent < -22) return NaN
  const scale = POW10[tailDigits]!
  // Up to 2^53 the whole mantissa is exact in one double (most 16-digit numbers): Clinger's fast path again.
  const whole = head * scale + tail
  if (whole < MAX_EXACT) return exponent >= 0 ? whole * POW10[exponent]! : whole / POW10[-exponent]!
  // The mantissa w = head * 10^tailDigits + tail (< 10^19) exactly as wHi + wLo.
  const pHi = head * scale
  const pLo = twoProductError(head, scale, pHi)
  const wHi = pHi + tail
  // The rounding errors are integers below 2^12 here, so their sum is exact.
  const wLo = pLo + twoSumError(pHi, tail, wHi)
  let hi: number
  let lo: number
  if (exponent >= 0) {
    const p = POW10[exponent]!
    hi = wHi * p
    lo = twoProductError(wHi, p, hi) + wLo * p
  } else {
    const d = POW10[-exponent]!
    hi = wHi / d
    // The remainder wHi - hi * d is a double, found exactly (Sterbenz, Dekker).
    const prod = hi * d
    const remainder = wHi - prod - twoProductError(hi, d, prod)
    lo = (remainder + wLo) / d
  }
  const sum = hi + lo
  const err = twoSumError(hi, lo, sum)
  // The exact value is sum + err, give or take far less than 2^-40 of a unit in
  // the last place of sum (the margin, sum * 2^-92, is between 2^-41 and 2^-40 of
  // one). sum is the correctly rounded result when every value within the
  // margin of sum + err rounds to it; otherwise it is too close to a midpoint to tell.
  const margin = sum * 2.0194839173657902e-28
  return sum + (err + margin) === sum && sum + (err - margin) === sum ? sum : NaN
}

/** a + b - s exactly, where s = fl(a + b) (Knuth's TwoSum). */
function twoSumError(a: number, b: number, s: number): number {
  const bb = s - a
  return a - (s - bb) + (b - bb)
}

/** a * b - p exactly, where p = fl(a * b) (Dekker's TwoProduct; no FMA in JavaScript). */
export function twoProductError(a: number, b: number, p: number): number {
  let t = SPLITTER * a
  const aHi = t - (t - a)
  const aLo = a - aHi
  t = SPLITTER * b
  const bHi = t - (t - b)
  const bLo = b - bHi
  return aHi * bHi - p + aHi * bLo + aLo * bHi + aLo * bLo
}
