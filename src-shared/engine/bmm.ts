/**
 * Batch matrix multiplication, (batch, a, b) x (batch, b, c) -> (batch, a, c),
 * on row-major Float64Arrays: the chapter's device for computing many
 * weighted averages at once (a row of attention weights times a column of
 * values), kept as a small shape-and-arithmetic check of the idea.
 */
export interface Tensor3 {
  data: Float64Array
  shape: readonly [number, number, number]
}

export function batchMatmul(x: Tensor3, y: Tensor3): Tensor3 {
  const [n, a, b] = x.shape
  const [n2, b2, c] = y.shape
  if (n !== n2 || b !== b2) {
    throw new RangeError(`cannot multiply shapes (${x.shape.join(', ')}) and (${y.shape.join(', ')})`)
  }
  const out = new Float64Array(n * a * c)
  for (let s = 0; s < n; s++) {
    for (let i = 0; i < a; i++) {
      for (let k = 0; k < c; k++) {
        let acc = 0
        for (let j = 0; j < b; j++) acc += x.data[(s * a + i) * b + j]! * y.data[(s * b + j) * c + k]!
        out[(s * a + i) * c + k] = acc
      }
    }
  }
  return { data: out, shape: [n, a, c] }
}
