import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { decodeLz4Frames } from '../../src-shared/data/lz4'

const text = (s: string) => Array.from(new TextEncoder().encode(s))
const u32 = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24]
/** A frame: magic, flags (version 1, no options), block descriptor, header checksum (not checked), blocks, end mark. */
const frame = (...blocks: number[][]) => Uint8Array.from([...u32(0x184d2204), 0x40, 0x40, 0, ...blocks.flatMap((b) => b), ...u32(0)])
const stored = (bytes: number[]) => [...u32(bytes.length | 0x80000000), ...bytes]
const compressed = (bytes: number[]) => [...u32(bytes.length), ...bytes]
const decoded = (bytes: Uint8Array) => new TextDecoder().decode(decodeLz4Frames(bytes))

describe('LZ4 frames', () => {
  it('decodes stored blocks, literal runs and overlapping matches, across linked blocks', () => {
    expect(decoded(frame(stored(text('hello'))))).toBe('hello')
    // "abc", then 9 bytes from 3 back (overlapping), then the last literals "xyz".
    const first = compressed([0x35, ...text('abc'), 3, 0, 0x30, ...text('xyz')])
    expect(decoded(frame(first))).toBe('abcabcabcabcxyz')
    // A second block that copies 8 bytes from the first block's output.
    const second = compressed([0x04, 15, 0, 0x10, ...text('!')])
    expect(decoded(frame(first, second))).toBe('abcabcabcabcxyzabcabcab!')
    // Two frames one after the other.
    expect(decoded(Uint8Array.from([...frame(stored(text('a'))), ...frame(stored(text('b')))]))).toBe('ab')
  })

  it('refuses what is not LZ4 or is cut short', () => {
    expect(() => decodeLz4Frames(Uint8Array.of(1, 2, 3, 4, 5))).toThrow('not an LZ4 frame')
    const whole = frame(compressed([0x35, ...text('abc'), 3, 0, 0x30, ...text('xyz')]))
    expect(() => decodeLz4Frames(whole.subarray(0, whole.length - 6))).toThrow(/truncated LZ4/)
    expect(() => decodeLz4Frames(frame(compressed([0x04, 9, 0])))).toThrow('a match points before the start')
  })

  it.skipIf(!existsSync('/usr/bin/lz4'))('decodes what the lz4 tool writes with linked 64 KB blocks, as pyarrow does', () => {
    const input = new Uint8Array(300_000)
    for (let i = 0; i < input.length; i++) input[i] = (i * 7 + (i >> 9)) % 251
    const packed = execFileSync('lz4', ['-q', '-c', '-BD', '-B4', '--content-size'], { input })
    expect(Buffer.from(decodeLz4Frames(packed)).equals(Buffer.from(input))).toBe(true)
  })
})
