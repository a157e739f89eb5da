import { snappyUncompress } from 'hyparquet'
import { snappyCompress } from 'hyparquet-writer/src/snappy.js'
import { describe, expect, it } from 'vitest'
import { snappyDecompress } from '../../src-shared/data/snappy'
import { createRng } from '../../src-shared/engine/rng'

/** hyparquet's byte-by-byte decoder: the independent reference. */
function reference(block: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length)
  snappyUncompress(block, out)
  return out
}

function samples(): Uint8Array[] {
  const rng = createRng(3)
  const random = Uint8Array.from({ length: 50_000 }, () => Math.floor(256 * rng.uniform()))
  const doubles = new Uint8Array(Float64Array.from({ length: 20_000 }, () => rng.normal()).buffer)
  const repeats = Uint8Array.from({ length: 30_000 }, (_, i) => (i % 7) * 3)
  const mixed = Uint8Array.from({ length: 50_000 }, (_, i) => (Math.floor(i / 500) % 2 === 0 ? i % 3 : Math.floor(256 * rng.uniform())))
  return [new Uint8Array(0), Uint8Array.of(42), random, doubles, repeats, mixed]
}

describe('snappy', () => {
  it('decodes what a snappy encoder wrote exactly as hyparquet’s decoder does', () => {
    for (const data of samples()) {
      const block = snappyCompress(data)
      const ours = snappyDecompress(block, data.length)
      expect(ours).toEqual(reference(block, data.length))
      expect(ours).toEqual(data)
    }
  })

  it('decodes long literals, overlapping copies and every copy kind (hand-made block)', () => {
    // Length 18; literal "abc" (tag 2<<2); copy 1-byte offset 3, length 9 (overlapping);
    // copy 2-byte offset 12, length 4; literal "z" with a 1-byte length (tag 60<<2, len-1 = 0);
    // copy 4-byte offset 16, length 1.
    const block = Uint8Array.of(18, 2 << 2, 97, 98, 99, 1 | ((9 - 4) << 2), 3, 2 | (3 << 2), 12, 0, 60 << 2, 0, 122, 3 | (0 << 2), 16, 0, 0, 0)
    expect(new TextDecoder().decode(snappyDecompress(block, 18))).toBe('abcabcabcabcabcazb')
    expect(snappyDecompress(block, 18)).toEqual(reference(block, 18))
  })

  it('refuses a cut block, a wrong length and a copy from before the start', () => {
    const data = samples()[5]!
    const block = snappyCompress(data)
    expect(() => snappyDecompress(block.subarray(0, block.length - 100), data.length)).toThrow(/snappy/)
    expect(() => snappyDecompress(block, data.length + 1)).toThrow(/snappy/)
    expect(() => snappyDecompress(Uint8Array.of(4, 1 | (0 << 2), 5), 4)).toThrow(/offset/)
    expect(() => snappyDecompress(Uint8Array.of(), 0)).toThrow(/length header/)
  })
})
