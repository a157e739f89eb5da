import { describe, expect, it } from 'vitest'
import { compactShape, momentFunctions, POLYNOMIALS, shapeCoefficients } from '../../src-shared/engine/fast/compactShape'
import { COMPACT_KERNEL_IDS, kernelInfo } from '../../src-shared/engine/kernels'

const EPS = Number.EPSILON
const POLYNOMIAL_KERNELS = COMPACT_KERNEL_IDS.filter((k) => k !== 'cosine')
const DELTAS = Array.from({ length: 121 }, (_, i) => -3 + i / 20).concat([1e-9, -1e-9, 0.9999999, -0.9999999])

/**
 * A second implementation: the full Taylor shift by synthetic division
 * (Horner repeated) of sum_k e_k (Delta + x)^k, e_k = a_k on the left and
 * (-1)^k a_k on the right, then coef_r = (-1)^r b_r.
 */
function syntheticDivision(a: number[], delta: number, right: boolean): { coef: number[]; scale: number[] } {
  const m = a.length
  const b = a.map((ak, k) => (right && k % 2 === 1 ? -ak : ak))
  for (let i = 0; i < m - 1; i++) for (let j = m - 2; j >= i; j--) b[j] = b[j]! + delta * b[j + 1]!
  // What each coefficient's rounding is relative to: sum_k |a_k| C(k, r) |Delta|^(k - r), by the same division on |a|, |Delta|.
  const s = a.map(Math.abs)
  for (let i = 0; i < m - 1; i++) for (let j = m - 2; j >= i; j--) s[j] = s[j]! + Math.abs(delta) * s[j + 1]!
  return { coef: b.map((x, r) => (r % 2 === 1 ? -x : x)), scale: s }
}

describe('the Taylor-shifted kernel polynomials of the compact paths', () => {
  it.each(POLYNOMIAL_KERNELS)('%s: coefficients equal a full synthetic division on both sides', (kernel) => {
    const shape = compactShape(kernel)
    const a = POLYNOMIALS[kernel]
    const out = new Float64Array(shape.momentCount)
    for (const delta of DELTAS) {
      for (const right of [false, true]) {
        for (const rho of [0, 0.3, 1.2]) {
          const amplification = shapeCoefficients(shape, delta, right, rho, out)
          const reference = syntheticDivision(a, delta, right)
          for (let r = 0; r < a.length; r++) {
            expect(Math.abs(out[r]! - reference.coef[r]!)).toBeLessThanOrEqual(4 * a.length * EPS * reference.scale[r]!)
          }
          let expected = 0
          for (let k = 0; k < a.length; k++) expected += Math.abs(a[k]!) * (Math.abs(delta) + rho) ** k
          expect(Math.abs(amplification - expected)).toBeLessThanOrEqual(1e-14 * expected)
        }
      }
    }
  })

  it.each(COMPACT_KERNEL_IDS)('%s: sum_r coef_r f_r(d) (f_r: the moment functions, d^r but for the cosine) is the kernel at u = Delta - d, for keys on the side the coefficients are for', (kernel) => {
    const shape = compactShape(kernel)
    const profile = kernelInfo(kernel).profile
    const out = new Float64Array(shape.momentCount)
    const f = new Float64Array(shape.momentCount)
    for (const delta of DELTAS) {
      for (let i = 0; i <= 40; i++) {
        const d = delta - 1 + i / 20
        const u = delta - d
        if (Math.abs(u) >= 1) continue
        // Unsplit kernels use the left coefficients for every key.
        const right = shape.split && u < 0
        const amplification = shapeCoefficients(shape, delta, right, Math.abs(d), out)
        momentFunctions(shape, d, f)
        let sum = 0
        for (let r = 0; r < out.length; r++) sum += out[r]! * f[r]!
        expect(Math.abs(sum - profile(u))).toBeLessThanOrEqual(16 * shape.momentCount * EPS * amplification)
      }
    }
  })
})
