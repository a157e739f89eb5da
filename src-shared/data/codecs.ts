// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- types for untyped subpath modules; every tsconfig that reaches this file through imports must see them
/// <reference path="./vendor-codecs.d.ts" />
import type { CompressionCodec, Compressors } from 'hyparquet'
import { decodeLz4Frames } from './lz4'
import { snappyDecompress } from './snappy'

/**
 * Decompressors for the codecs that Parquet writers use: pyarrow, pandas
 * and R's arrow write snappy by default, polars zstd; gzip, brotli and lz4
 * are options. hyparquet-compressors' snappy is WebAssembly, which the renderer's
 * Content-Security-Policy (script-src 'self') does not allow, so its decoders
 * are imported one by one rather than through its index; snappy is our own
 * (snappy.ts: hyparquet's copies byte by byte). Only the codecs a file uses
 * are loaded, on first use, like the readers themselves (see dataFile.ts):
 * loading all four took about 16 ms of every Parquet read, most files
 * needing none of them.
 */
export async function parquetDecompressors(codecs: Iterable<CompressionCodec>): Promise<Compressors> {
  const used = new Set(codecs)
  const loads: Promise<Compressors>[] = [Promise.resolve({ SNAPPY: snappyDecompress })]
  if (used.has('GZIP')) loads.push(import('hyparquet-compressors/src/gzip.js').then(({ gunzip }) => ({ GZIP: (input: Uint8Array, length: number) => gunzip(input, new Uint8Array(length)) })))
  if (used.has('BROTLI')) loads.push(import('hyparquet-compressors/src/brotli.js').then(({ decompressBrotli }) => ({ BROTLI: decompressBrotli })))
  if (used.has('ZSTD')) loads.push(import('fzstd').then(({ decompress }) => ({ ZSTD: (input: Uint8Array) => decompress(input) })))
  if (used.has('LZ4') || used.has('LZ4_RAW')) loads.push(import('hyparquet-compressors/src/lz4.js').then(({ decompressLz4, decompressLz4Raw }) => ({ LZ4: decompressLz4, LZ4_RAW: decompressLz4Raw })))
  const compressors: Compressors = {}
  for (const loaded of await Promise.all(loads)) Object.assign(compressors, loaded)
  return compressors
}

/** Arrow IPC body compression (Feather v2): LZ4 frames (pyarrow's default for Feather) or zstd. */
export async function arrowDecompressors(): Promise<{ lz4Frame: (input: Uint8Array) => Uint8Array; zstd: (input: Uint8Array) => Uint8Array }> {
  const { decompress } = await import('fzstd')
  return { lz4Frame: decodeLz4Frames, zstd: (input) => decompress(input) }
}
