/**
 * Hermite functions and the truncation bound of the fast Gauss transform.
 *
 * With h = sigma * sqrt(2), a key k near a source centre a and a query q near
 * a target centre b, s = (k - a) / h, t = (q - b) / h and delta = (b - a) / h:
 *
 *   exp(-((q - k) / h)^2) = sum_{alpha, beta >= 0} s^alpha / alpha! * t^beta / beta! * (-1)^beta h_{alpha + beta}(delta)
 *
 * where h_n(x) = (-d/dx)^n exp(-x^2) = H_n(x) exp(-x^2) (the Taylor series of
 * an entire function in two variables). The fast transform keeps alpha, beta
 * < p. Cramer's inequality |H_n(x)| exp(-x^2 / 2) <= K 2^(n/2) sqrt(n!), K < 1.0865,
 * bounds every term left out, so for |s| <= a and |t| <= b the error of one
 * key's weight is at most
 *
 *   exp(-delta^2 / 2) * K * sum_{max(alpha, beta) >= p} 2^((alpha+beta)/2) sqrt((alpha+beta)!) a^alpha b^beta / (alpha! beta!)
 *
 * and `truncationTails` evaluates that sum. Differentiating in t twice (the
 * training gradient's sums of weight * distance^2 need F'') multiplies term
 * beta by beta (beta - 1) / t^2, which gives the second tail.
 */

export const CRAMER_K = 1.086435

/** h_0(x) .. h_{count-1}(x) by the three-term recurrence h_{n+1} = 2x h_n - 2n h_{n-1}. */
export function hermiteFunctions(x: number, count: number, out: Float64Array): void {
  const h0 = Math.exp(-x * x)
  out[0] = h0
  if (count > 1) out[1] = 2 * x * h0
  for (let n = 1; n + 1 < count; n++) out[n + 1] = 2 * x * out[n]! - 2 * n * out[n - 1]!
}

/** Terms beyond this index are below 1e-300 for every radius the planner uses. */
const TAIL_TERMS = 160

function logFactorials(count: number): Float64Array {
  const out = new Float64Array(count)
  for (let n = 1; n < count; n++) out[n] = out[n - 1]! + Math.log(n)
  return out
}

const LOG_FACTORIAL = logFactorials(2 * TAIL_TERMS + 1)

export interface TruncationTails {
  /** value[p]: the bound above for truncation order p (per unit weight, before exp(-delta^2 / 2)), p = 0 .. maxOrder. */
  value: Float64Array
  /** The same for the second derivative in t. */
  second: Float64Array
}

const cache = new Map<string, TruncationTails>()

/**
 * Tail bounds for every order up to maxOrder, for source radius a and target
 * radius b (in units of h). Memoised: the planner asks for the same radii at
 * every sigma (boxes are a fixed number of bandwidths wide).
 */
export function truncationTails(a: number, b: number, maxOrder: number): TruncationTails {
  const key = `${a}:${b}:${maxOrder}`
  let hit = cache.get(key)
  if (!hit) {
    hit = computeTails(a, b, maxOrder)
    cache.set(key, hit)
  }
  return hit
}

function computeTails(a: number, b: number, maxOrder: number): TruncationTails {
  // Each term (alpha, beta) belongs to the tail of every order p <= max(alpha, beta):
  // collect terms by max(alpha, beta), then sum from the top.
  const byMax = new Float64Array(TAIL_TERMS)
  const byMaxSecond = new Float64Array(TAIL_TERMS)
  const logA = Math.log(a)
  const logB = Math.log(b)
  const halfLn2 = 0.5 * Math.LN2
  for (let alpha = 0; alpha < TAIL_TERMS; alpha++) {
    for (let beta = 0; beta < TAIL_TERMS; beta++) {
      const n = alpha + beta
      const logTerm =
        n * halfLn2 + 0.5 * LOG_FACTORIAL[n]! - LOG_FACTORIAL[alpha]! - LOG_FACTORIAL[beta]! + (alpha > 0 ? alpha * logA : 0)
      const top = Math.max(alpha, beta)
      byMax[top] = byMax[top]! + Math.exp(logTerm + (beta > 0 ? beta * logB : 0))
      if (beta >= 2) byMaxSecond[top] = byMaxSecond[top]! + beta * (beta - 1) * Math.exp(logTerm + (beta > 2 ? (beta - 2) * logB : 0))
    }
  }
  const value = new Float64Array(maxOrder + 1)
  const second = new Float64Array(maxOrder + 1)
  let acc = 0
  let accSecond = 0
  for (let top = TAIL_TERMS - 1; top >= 0; top--) {
    acc += byMax[top]!
    accSecond += byMaxSecond[top]!
    if (top <= maxOrder) {
      value[top] = CRAMER_K * acc
      second[top] = CRAMER_K * accSecond
    }
  }
  return { value, second }
}
