import { InputError } from '../errors'
import { createRng } from '../engine/rng'
import { canonicalJson } from './canonical'
import { INTEGER_PATHS } from './paths'
import type { Axis } from './studySpec'

/** Range ends and steps are printed to 12 significant digits, so 10^2.5 reads 316.227766017 and a 0.1 step 0.3, not 0.30000000000000004. */
function clean(v: number): number {
  return Number(v.toPrecision(12))
}

function describeValue(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : (JSON.stringify(v) ?? String(v))
}

/**
 * The values of one axis, in order. A list is taken as it is (its values
 * are checked later, as parts of cell specs); a range or random axis on a
 * field that takes whole numbers (data.n, training.epochs, ...) is rounded,
 * and values that rounding makes equal are kept once.
 */
export function axisValues(path: string, axis: Axis): unknown[] {
  if (Array.isArray(axis)) {
    const seen = new Set<string>()
    for (const v of axis) {
      const key = canonicalJson(v)
      if (seen.has(key)) throw new InputError(`axis "${path}" lists the value ${describeValue(v)} twice`)
      seen.add(key)
    }
    return [...axis]
  }
  let values: number[]
  if ('log' in axis) {
    const [lo, hi] = axis.log
    if (!(lo > 0 && hi > 0)) throw new InputError(`axis "${path}": a log range needs LO > 0 and HI > 0 (got [${lo}, ${hi}])`)
    values = spaced(Math.log10(lo), Math.log10(hi), axis.count).map((e, i, all) => (i === 0 ? lo : i === all.length - 1 ? hi : clean(10 ** e)))
  } else if ('linear' in axis) {
    const [lo, hi] = axis.linear
    values = spaced(lo, hi, axis.count).map((v, i, all) => (i === 0 ? lo : i === all.length - 1 ? hi : clean(v)))
  } else {
    const [lo, hi] = axis.range
    if (!(hi > lo)) throw new InputError(`axis "${path}": a random axis needs LO < HI (got [${lo}, ${hi}])`)
    if (axis.random === 'loguniform' && !(lo > 0)) throw new InputError(`axis "${path}": a loguniform axis needs LO > 0 (got ${lo})`)
    const rng = createRng(axis.seed)
    values = []
    for (let i = 0; i < axis.count; i++) {
      const u = rng.uniform()
      values.push(axis.random === 'uniform' ? lo + u * (hi - lo) : Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo))))
    }
  }
  if (!INTEGER_PATHS.has(path)) return values
  const out: number[] = []
  for (const v of values) {
    const r = Math.round(v)
    if (!out.includes(r)) out.push(r)
  }
  return out
}

/** K points from a to b inclusive, evenly spaced (K = 1: a alone). */
function spaced(a: number, b: number, count: number): number[] {
  if (count === 1) return [a]
  return Array.from({ length: count }, (_, i) => a + ((b - a) * i) / (count - 1))
}
