/**
 * UTF-8 to string for the few places the CSV reader needs text (the header
 * and the cell an error quotes); src-shared has no TextDecoder in its types.
 * Malformed sequences become U+FFFD, as TextDecoder makes them.
 */
export function decodeUtf8(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = ''
  let i = start
  while (i < end) {
    const b = bytes[i]!
    let code = 0xfffd
    let size = 1
    if (b < 0x80) code = b
    else if (b >= 0xc2 && b < 0xe0 && continuation(bytes, i + 1, end)) {
      code = ((b & 0x1f) << 6) | (bytes[i + 1]! & 0x3f)
      size = 2
    } else if (b >= 0xe0 && b < 0xf0 && continuation(bytes, i + 1, end) && continuation(bytes, i + 2, end)) {
      const c = ((b & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f)
      if (c >= 0x800 && (c < 0xd800 || c > 0xdfff)) {
        code = c
        size = 3
      }
    } else if (b >= 0xf0 && b < 0xf5 && continuation(bytes, i + 1, end) && continuation(bytes, i + 2, end) && continuation(bytes, i + 3, end)) {
      const c = ((b & 0x07) << 18) | ((bytes[i + 1]! & 0x3f) << 12) | ((bytes[i + 2]! & 0x3f) << 6) | (bytes[i + 3]! & 0x3f)
      if (c >= 0x10000 && c <= 0x10ffff) {
        code = c
        size = 4
      }
    }
    out += String.fromCodePoint(code)
    i += size
  }
  return out
}

function continuation(bytes: Uint8Array, i: number, end: number): boolean {
  return i < end && (bytes[i]! & 0xc0) === 0x80
}
