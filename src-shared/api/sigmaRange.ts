/**
 * The bandwidths a run, the editor and the command line accept. Below the
 * floor, (q - k)^2 / sigma^2 overflows for any distance between inputs of
 * ordinary size: every Gaussian weight came out 0 and the app reported "no
 * key within reach" for a kernel that reaches every key. The ceiling keeps
 * sigma within the range the engine's scales are tested over.
 */
export const SIGMA_MIN = 1e-100
export const SIGMA_MAX = 1e12

/** Why a positive sigma below the floor is refused (non-positive ones keep their own message); the editors write sigma as σ. */
export function sigmaFloorMessage(sigma: 'sigma' | 'σ' = 'sigma'): string {
  return `must be at least ${SIGMA_MIN} (below it, squared distances over ${sigma === 'σ' ? 'σ²' : 'sigma^2'} overflow)`
}

/** A positive sigma below the floor (0 and negatives are someone else's message). */
export function belowSigmaFloor(v: number): boolean {
  return v > 0 && v < SIGMA_MIN
}
