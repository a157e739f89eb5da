/**
 * A value rebuilt only when one of its inputs changes (compared with ===):
 * a live chart's frame, handed to ECharts again only when it is a new one.
 */
export function memoLast<R>(): (deps: readonly unknown[], build: () => R) => R {
  let last: readonly unknown[] | null = null
  let value: R
  return (deps, build) => {
    if (last && last.length === deps.length && deps.every((d, i) => d === last![i])) return value
    value = build()
    last = deps
    return value
  }
}
