import { brotliCompressSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { parquetDecompressors } from '../../src-shared/data/codecs'

/**
 * Only the codecs a file uses are loaded. The decoders are checked against
 * independent encoders (node:zlib for gzip and brotli, a hand-made LZ4 raw
 * block of literals); zstd has no encoder in Node 20, so its decoder is
 * exercised by the polars-zstd.parquet fixture (dataFiles.test.ts).
 */
describe('Parquet decompressors, loaded per codec', () => {
  const text = new TextEncoder().encode('x,y\n0.5,1.25\n'.repeat(40))

  it('gives snappy alone when the file uses snappy or nothing', async () => {
    expect(Object.keys(await parquetDecompressors(['SNAPPY', 'UNCOMPRESSED']))).toEqual(['SNAPPY'])
    expect(Object.keys(await parquetDecompressors([]))).toEqual(['SNAPPY'])
  })

  it('loads gzip, brotli, zstd and lz4 when asked for, and they decode', async () => {
    const c = await parquetDecompressors(['GZIP', 'BROTLI', 'ZSTD', 'LZ4_RAW', 'SNAPPY'])
    expect(Object.keys(c).sort()).toEqual(['BROTLI', 'GZIP', 'LZ4', 'LZ4_RAW', 'SNAPPY', 'ZSTD'])
    expect(Array.from(c.GZIP!(new Uint8Array(gzipSync(text)), text.length))).toEqual(Array.from(text))
    expect(Array.from(c.BROTLI!(new Uint8Array(brotliCompressSync(text)), text.length))).toEqual(Array.from(text))
    // An LZ4 block holding only literals: a token with the literal count (5) in its high nibble, then the bytes.
    const hello = new TextEncoder().encode('hello')
    expect(Array.from(c.LZ4_RAW!(Uint8Array.of(0x50, ...hello), hello.length))).toEqual(Array.from(hello))
    expect(typeof c.ZSTD).toBe('function')
  })

  it('loads only the one asked for', async () => {
    expect(Object.keys(await parquetDecompressors(['GZIP'])).sort()).toEqual(['GZIP', 'SNAPPY'])
    expect(Object.keys(await parquetDecompressors(['LZ4'])).sort()).toEqual(['LZ4', 'LZ4_RAW', 'SNAPPY'])
  })
})
