/**
 * Seeded pseudo-random numbers that give the same bits on every machine.
 *
 * Algorithm: xoshiro128** 1.0 (Blackman & Vigna, 2018), a 128-bit-state
 * generator that needs only 32-bit integer operations, which JavaScript does
 * exactly (Math.imul, >>>). Its state is seeded with SplitMix64 as its authors
 * recommend; SplitMix64 runs once per generator, so BigInt is fine there.
 *
 * `uniform()` builds a 53-bit double from two outputs, so every double in
 * [0, 1) with a 2^-53 grid is reachable. `normal()` is Box-Muller (cosine
 * branch only, so the state holds no cached second value). Math.log/cos/sqrt
 * are V8's own fdlibm ports, not the system libm, so the normals are
 * reproducible across machines as well.
 */
export interface Rng {
  /** Next raw 32-bit output, as an unsigned integer. */
  nextUint32(): number
  /** Uniform double in [0, 1). */
  uniform(): number
  /** Standard normal draw (mean 0, sd 1). */
  normal(): number
  /** Uniform integer in [0, bound), without modulo bias. */
  int(bound: number): number
}

const MASK64 = (1n << 64n) - 1n

function splitMix64(state: bigint): [bigint, bigint] {
  const next = (state + 0x9e3779b97f4a7c15n) & MASK64
  let z = next
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64
  return [next, z ^ (z >> 31n)]
}

export const MAX_SEED = 0xffffffff

/**
 * A generator for `seed` (an integer in [0, 2^32)). `stream` selects an
 * independent sequence for the same seed, so that data generation and
 * training can share one user-visible seed without sharing draws.
 */
export function createRng(seed: number, stream = 0): Rng {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new RangeError(`seed must be an integer in [0, ${MAX_SEED}] (got ${seed})`)
  }
  if (!Number.isInteger(stream) || stream < 0 || stream > MAX_SEED) {
    throw new RangeError(`stream must be an integer in [0, ${MAX_SEED}] (got ${stream})`)
  }
  let sm = (BigInt(stream) << 32n) | BigInt(seed)
  const words: number[] = []
  for (let k = 0; k < 2; k++) {
    const [next, out] = splitMix64(sm)
    sm = next
    words.push(Number(out & 0xffffffffn), Number(out >> 32n))
  }
  let s0 = words[0]! >>> 0
  let s1 = words[1]! >>> 0
  let s2 = words[2]! >>> 0
  let s3 = words[3]! >>> 0

  const nextUint32 = (): number => {
    const m = Math.imul(s1, 5)
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0
    const t = s1 << 9
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = (s3 << 11) | (s3 >>> 21)
    return result
  }

  const uniform = (): number => {
    const hi = nextUint32() >>> 5 // 27 bits
    const lo = nextUint32() >>> 6 // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992
  }

  return {
    nextUint32,
    uniform,
    normal(): number {
      const u1 = 1 - uniform() // (0, 1]: log never sees 0
      const u2 = uniform()
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2)
    },
    int(bound: number): number {
      if (!Number.isInteger(bound) || bound <= 0 || bound > 0x100000000) {
        throw new RangeError(`bound must be an integer in [1, 2^32] (got ${bound})`)
      }
      // Rejection sampling on the top of the 32-bit range removes modulo bias.
      const limit = 0x100000000 - (0x100000000 % bound)
      for (;;) {
        const r = nextUint32()
        if (r < limit) return r % bound
      }
    },
  }
}

/** Fisher-Yates shuffle of 0..n-1 driven by `rng` (Durstenfeld's in-place form). */
export function permutation(rng: Rng, n: number): Uint32Array {
  const p = new Uint32Array(n)
  for (let i = 0; i < n; i++) p[i] = i
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    const t = p[i]!
    p[i] = p[j]!
    p[j] = t
  }
  return p
}
