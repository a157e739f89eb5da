import { InputError } from '../errors'

/**
 * LZ4 frame decoding, for Arrow IPC (Feather v2) files compressed with
 * LZ4_FRAME: what pyarrow, pandas' to_feather and R's write_feather write by
 * default. No registry package decodes LZ4 frames in pure JavaScript, and
 * the format is small: a header, then blocks of LZ4 sequences (or stored
 * bytes), then an end mark. Blocks may refer back into earlier blocks of the
 * same frame (pyarrow links them), so all are decoded into one output.
 * Checksums are skipped, not verified.
 */

const FRAME_MAGIC = 0x184d2204
const SKIPPABLE_MAGIC_MASK = 0xfffffff0
const SKIPPABLE_MAGIC = 0x184d2a50

export function decodeLz4Frames(input: Uint8Array): Uint8Array {
  const out = new GrowableBytes(input.length * 4)
  let i = 0
  while (i < input.length) {
    const magic = readU32(input, i)
    if ((magic & SKIPPABLE_MAGIC_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      i += 8 + readU32(input, i + 4)
      continue
    }
    if (magic !== FRAME_MAGIC) throw new InputError('not an LZ4 frame (bad magic number)')
    i = decodeFrame(input, i + 4, out)
  }
  return out.bytes()
}

function decodeFrame(input: Uint8Array, i: number, out: GrowableBytes): number {
  const flags = byteAt(input, i)
  if (flags >> 6 !== 1) throw new InputError('unsupported LZ4 frame version')
  const blockChecksums = (flags & 0x10) !== 0
  const contentSize = (flags & 0x08) !== 0
  const contentChecksum = (flags & 0x04) !== 0
  const dictionary = (flags & 0x01) !== 0
  if (dictionary) throw new InputError('LZ4 frames with a dictionary are not supported')
  i += 2 // flags and block descriptor
  if (contentSize) {
    const size = readU32(input, i) + readU32(input, i + 4) * 2 ** 32
    out.reserve(size)
    i += 8
  }
  i += 1 // header checksum
  for (;;) {
    const word = readU32(input, i)
    i += 4
    if (word === 0) break
    const size = word & 0x7fffffff
    if (i + size > input.length) throw new InputError('truncated LZ4 block')
    if (word & 0x80000000) out.append(input.subarray(i, i + size))
    else decodeBlock(input, i, i + size, out)
    i += size + (blockChecksums ? 4 : 0)
  }
  return i + (contentChecksum ? 4 : 0)
}

/** One LZ4 block (a run of literal-and-match sequences) from input[i, end) onto out. */
function decodeBlock(input: Uint8Array, i: number, end: number, out: GrowableBytes): void {
  while (i < end) {
    const token = input[i++]!
    let literals = token >> 4
    if (literals === 15) {
      let b: number
      do {
        b = byteAt(input, i++)
        literals += b
      } while (b === 255)
    }
    if (i + literals > end) throw new InputError('corrupt LZ4 block (literals run past its end)')
    out.append(input.subarray(i, i + literals))
    i += literals
    // The last sequence of a block has literals only.
    if (i >= end) break
    const offset = byteAt(input, i) | (byteAt(input, i + 1) << 8)
    i += 2
    let length = token & 15
    if (length === 15) {
      let b: number
      do {
        b = byteAt(input, i++)
        length += b
      } while (b === 255)
    }
    out.copyMatch(offset, length + 4)
  }
}

function byteAt(input: Uint8Array, i: number): number {
  if (i >= input.length) throw new InputError('truncated LZ4 data')
  return input[i]!
}

function readU32(input: Uint8Array, i: number): number {
  if (i + 4 > input.length) throw new InputError('truncated LZ4 data')
  return (input[i]! | (input[i + 1]! << 8) | (input[i + 2]! << 16) | (input[i + 3]! << 24)) >>> 0
}

class GrowableBytes {
  private buf: Uint8Array
  private length = 0

  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(capacity, 64))
  }

  reserve(extra: number): void {
    const need = this.length + extra
    if (need <= this.buf.length) return
    const grown = new Uint8Array(Math.max(need, this.buf.length * 2))
    grown.set(this.buf.subarray(0, this.length))
    this.buf = grown
  }

  append(bytes: Uint8Array): void {
    this.reserve(bytes.length)
    this.buf.set(bytes, this.length)
    this.length += bytes.length
  }

  /** Copies `length` bytes from `offset` back; the ranges may overlap (a repeating pattern). */
  copyMatch(offset: number, length: number): void {
    if (offset === 0 || offset > this.length) throw new InputError('corrupt LZ4 block (a match points before the start)')
    this.reserve(length)
    const buf = this.buf
    let from = this.length - offset
    let to = this.length
    if (offset >= length) buf.copyWithin(to, from, from + length)
    else for (const stop = to + length; to < stop; ) buf[to++] = buf[from++]!
    this.length += length
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.length)
  }
}
