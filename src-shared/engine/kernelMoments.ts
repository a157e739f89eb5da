import { kernelInfo, type KernelId } from './kernels'

/**
 * Moments of a kernel, normalised to integrate to 1:
 *   R(K) = ∫ K(u)^2 du (roughness),  mu2(K) = ∫ u^2 K(u) du (variance),
 * and its canonical bandwidth delta = (R / mu2^2)^(1/5) (Marron & Nolan 1988):
 * two kernels smooth alike when their bandwidths are in the ratio of their
 * deltas. Integrated numerically so that every kernel in the table is
 * covered by the same code (Simpson's rule on [0, 1], symmetric, which is
 * exact to ~1e-13 for these profiles).
 */
export interface KernelMoments {
  roughness: number
  variance: number
  canonicalBandwidth: number
}

const cache = new Map<KernelId, KernelMoments>()

const GAUSSIAN_MOMENTS: KernelMoments = {
  roughness: 1 / (2 * Math.sqrt(Math.PI)),
  variance: 1,
  canonicalBandwidth: (1 / (2 * Math.sqrt(Math.PI))) ** 0.2,
}

function simpson(f: (u: number) => number, a: number, b: number, intervals: number): number {
  const h = (b - a) / intervals
  let acc = f(a) + f(b)
  for (let k = 1; k < intervals; k++) acc += (k % 2 === 1 ? 4 : 2) * f(a + k * h)
  return (acc * h) / 3
}

/** Moments of a kernel; null for the constant kernel, which has none (it is not integrable). */
export function kernelMoments(id: KernelId): KernelMoments | null {
  if (id === 'constant') return null
  if (id === 'gaussian') return GAUSSIAN_MOMENTS
  const hit = cache.get(id)
  if (hit) return hit
  const p = kernelInfo(id).profile
  // The boxcar jumps at u = 1: evaluate the closed interval from inside so the endpoint counts.
  const inside = (u: number): number => p(Math.min(u, 1 - 1e-15))
  const N = 4000
  const mass = 2 * simpson(inside, 0, 1, N)
  const sq = 2 * simpson((u) => inside(u) ** 2, 0, 1, N)
  const second = 2 * simpson((u) => u * u * inside(u), 0, 1, N)
  const roughness = sq / (mass * mass)
  const variance = second / mass
  const m: KernelMoments = { roughness, variance, canonicalBandwidth: (roughness / (variance * variance)) ** 0.2 }
  cache.set(id, m)
  return m
}

/**
 * Factor that turns a Gaussian bandwidth into the equivalent one for `id`;
 * 1 for the Gaussian and for the constant kernel (whose bandwidth does nothing).
 */
export function canonicalBandwidthRatio(id: KernelId): number {
  const m = kernelMoments(id)
  return m ? m.canonicalBandwidth / GAUSSIAN_MOMENTS.canonicalBandwidth : 1
}
