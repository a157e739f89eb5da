/**
 * exp(x) for x <= 0, within 2 ulp of the true value (the tests check 4.5e-16
 * relative against Math.exp over the whole range). The vector engine spends
 * most of its time in this call: a table of 2^(j/64) and a degree-6
 * polynomial on |r| <= ln 2 / 128 cost about half of Math.exp under V8.
 *
 * x = (k / 64) ln 2 + r, so exp(x) = 2^(-a) 2^(b/64) exp(r) with k = -(64 a - b).
 * Below -708 (where 2^(-a) would leave the normal range) it defers to Math.exp.
 */
const STEPS = 64
const FRACTION = Float64Array.from({ length: STEPS }, (_, j) => 2 ** (j / STEPS))
/** 2^-i for i = 0 .. 1100, exact (powers of two down to the subnormals). */
const POWER = Float64Array.from({ length: 1101 }, (_, i) => 2 ** -i)
const INV_STEP = STEPS / Math.LN2
// ln 2 / 64 split in two so that kf * LN2_HI is exact for |kf| < 2^20.
const LN2_HI = 0.6931471803691238 / STEPS
const LN2_LO = 1.9082149292705877e-10 / STEPS
/** Adding and subtracting 1.5 * 2^52 rounds a double of magnitude below 2^51 to the nearest integer. */
const ROUND = 6755399441055744.0

export function expNeg(x: number): number {
  if (!(x >= -708)) return x < -745.2 ? 0 : Math.exp(x)
  const kf = x * INV_STEP + ROUND - ROUND
  const r = x - kf * LN2_HI - kf * LN2_LO
  const k = -kf | 0
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720))))))
  const a = (k + STEPS - 1) >> 6
  return POWER[a]! * FRACTION[(a << 6) - k]! * p
}
