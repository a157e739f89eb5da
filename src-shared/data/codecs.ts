// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- types for untyped subpath modules; every tsconfig that reaches this file through imports must see them
/// <reference path="./vendor-codecs.d.ts" />
import type { Compressors } from 'hyparquet'
import { decodeLz4Frames } from './lz4'
import { snappyDecompress } from './snappy'

/**
 * Decompressors for the codecs that Parquet writers use: pyarrow, pandas
 * and R's arrow write snappy by default, polars zstd; gzip, brotli and lz4
 * are options. hyparquet-compressors' snappy is WebAssembly, which the renderer's
 * Content-Security-Policy (script-src 'self') does not allow, so its decoders
 * are imported one by one rather than through its index; snappy is our own
 * (snappy.ts: hyparquet's copies byte by byte). Loaded on first use, like the
 * readers themselves (see dataFile.ts).
 */
export async function parquetDecompressors(): Promise<Compressors> {
  const [{ decompress: zstd }, { decompressBrotli }, { gunzip }, { decompressLz4, decompressLz4Raw }] = await Promise.all([
    import('fzstd'),
    import('hyparquet-compressors/src/brotli.js'),
    import('hyparquet-compressors/src/gzip.js'),
    import('hyparquet-compressors/src/lz4.js'),
  ])
  return {
    SNAPPY: snappyDecompress,
    GZIP: (input, length) => gunzip(input, new Uint8Array(length)),
    BROTLI: decompressBrotli,
    ZSTD: (input) => zstd(input),
    LZ4: decompressLz4,
    LZ4_RAW: decompressLz4Raw,
  }
}

/** Arrow IPC body compression (Feather v2): LZ4 frames (pyarrow's default for Feather) or zstd. */
export async function arrowDecompressors(): Promise<{ lz4Frame: (input: Uint8Array) => Uint8Array; zstd: (input: Uint8Array) => Uint8Array }> {
  const { decompress } = await import('fzstd')
  return { lz4Frame: decodeLz4Frames, zstd: (input) => decompress(input) }
}
