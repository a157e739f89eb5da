/** A Float64Array as a JSON-ready array; NaN (an undefined estimate) becomes null. */
export function jsonArray(a: ArrayLike<number>): (number | null)[] {
  const out = new Array<number | null>(a.length)
  for (let i = 0; i < a.length; i++) out[i] = Number.isNaN(a[i]!) ? null : a[i]!
  return out
}

/** A row-major matrix as nested arrays. */
export function jsonMatrix(data: Float64Array, rows: number, cols: number): number[][] {
  const out: number[][] = []
  for (let i = 0; i < rows; i++) out.push(Array.from(data.subarray(i * cols, (i + 1) * cols)))
  return out
}

export function printJson(stdout: (s: string) => void, value: unknown): void {
  stdout(JSON.stringify(value) + '\n')
}
