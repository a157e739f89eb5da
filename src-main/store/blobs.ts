import { endianness } from 'node:os'

/**
 * Numeric arrays are stored as raw little-endian float64 bytes: a bit-exact
 * round trip (NaN payloads and -0 included), 8 bytes a value, no parsing.
 */
const LITTLE_ENDIAN = endianness() === 'LE'

export function encodeFloat64(values: ArrayLike<number>): Buffer {
  const arr = values instanceof Float64Array ? values : Float64Array.from(values)
  if (LITTLE_ENDIAN) return Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength)
  const out = Buffer.alloc(arr.length * 8)
  for (let i = 0; i < arr.length; i++) out.writeDoubleLE(arr[i]!, i * 8)
  return out
}

export function decodeFloat64(blob: Buffer): Float64Array {
  if (blob.byteLength % 8 !== 0) throw new Error(`a float64 blob cannot have ${blob.byteLength} bytes`)
  if (LITTLE_ENDIAN) {
    // Copy: the Buffer may sit at an offset that is not a multiple of 8 in its pool.
    const copy = new Uint8Array(blob.byteLength)
    copy.set(blob)
    return new Float64Array(copy.buffer)
  }
  const out = new Float64Array(blob.byteLength / 8)
  for (let i = 0; i < out.length; i++) out[i] = blob.readDoubleLE(i * 8)
  return out
}
