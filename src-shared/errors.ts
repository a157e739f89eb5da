/**
 * An error caused by what the user asked for (a bad flag, a malformed file, an
 * out-of-range parameter), as opposed to a bug. Boundaries (CLI, IPC, HTTP)
 * show its message as is, in one line, and never a stack trace.
 */
export class InputError extends Error {
  override name = 'InputError'
}

/** Throws an InputError unless `value` is a finite number. */
export function requireFinite(value: number, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InputError(`${what} must be a finite number (got ${String(value)})`)
  }
  return value
}

/** Throws an InputError unless `value` is finite and > 0. */
export function requirePositive(value: number, what: string): number {
  requireFinite(value, what)
  if (value <= 0) throw new InputError(`${what} must be > 0 (got ${value})`)
  return value
}

/** Throws an InputError naming the first non-finite entry of `values`. */
export function requireFiniteArray(values: ArrayLike<number>, what: string): void {
  // A loop that sees only Float64Arrays (every large input) stays monomorphic; the general one then finds the culprit.
  if (values instanceof Float64Array && allFinite(values)) return
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (!Number.isFinite(v)) {
      throw new InputError(`${what}[${i}] must be a finite number (got ${String(v)})`)
    }
  }
}

function allFinite(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    // v - v is 0 for every finite v, NaN for NaN and the infinities.
    if (v - v !== 0) return false
  }
  return true
}

/**
 * Work stopped because its caller asked it to (a cancel polled between
 * epochs, stages or chunks). It carries whatever was done so far, so a
 * cancelled training keeps its partial curve. The job harness recognises it
 * by class, not by name.
 */
export class CancelledError<Partial = unknown> extends Error {
  override name = 'CancelledError'
  constructor(readonly partial: Partial | null = null) {
    super('cancelled')
  }
}
