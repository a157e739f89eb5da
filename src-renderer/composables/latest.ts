/**
 * Keeps only the newest of overlapping requests. `begin()` returns a check
 * that stays true until the next `begin()`: a slow reply to a request the
 * user has moved on from is then dropped instead of overwriting newer state.
 */
export function latestRequest(): () => () => boolean {
  let generation = 0
  return () => {
    const mine = ++generation
    return () => mine === generation
  }
}
