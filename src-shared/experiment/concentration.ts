/**
 * How concentrated one query's attention is: the live probe (1-D) and a
 * vector run's probe both report these, from weights that sum to 1.
 */

/** 1 / sum alpha^2 (the effective number of keys) and -sum alpha log alpha (nats) of weights summing to 1. */
export function concentration(alpha: ArrayLike<number>): { effectiveKeys: number; entropy: number; keysInReach: number } {
  let squares = 0
  let entropy = 0
  let keysInReach = 0
  for (let j = 0; j < alpha.length; j++) {
    const a = alpha[j]!
    if (a > 0) {
      squares += a * a
      entropy -= a * Math.log(a)
      keysInReach++
    }
  }
  return { effectiveKeys: 1 / squares, entropy, keysInReach }
}
