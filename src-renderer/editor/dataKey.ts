import type { DataSpecInput } from '../../src-shared/api/spec'

const inlineIds = new WeakMap<object, number>()
let nextInline = 1

/**
 * A key that changes when the data do: generator and preset specs by their
 * fields; imported data by identity (every import makes new arrays), so
 * re-importing an edited file of the same name counts as new data without
 * hashing millions of values.
 */
export function dataKey(d: DataSpecInput): string {
  if (!('xTrain' in d)) return JSON.stringify(d)
  const arrays = d.xTrain as unknown as object
  let id = inlineIds.get(arrays)
  if (id === undefined) {
    id = nextInline++
    inlineIds.set(arrays, id)
  }
  return `inline:${id}`
}
