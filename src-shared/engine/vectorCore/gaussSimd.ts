import { GAUSS_SIMD_BASE64 } from './gaussSimdBytes'

/**
 * The WebAssembly SIMD kernel of the dense Gaussian sums (gaussSimd.wat),
 * compiled once per thread from bytes carried in the bundle: no file, no
 * fetch and no node:* import, so Node, worker threads and the browser load
 * it alike. Where WebAssembly or its SIMD is missing (or a page's policy
 * refuses to compile it) `gaussSimdModule()` is null and the engine keeps
 * its JavaScript paths.
 */

/** What the engine uses of the WebAssembly API (src-shared is compiled without DOM or Node types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}
export interface GaussSimdExports {
  memory: WasmMemory
  sums(qs: number, nq: number, keys: number, blocks: number, d: number, vals: number, out: number, cut: number): void
  weightLanes(a: number, b: number, cut: number, out: number): void
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: unknown }
}

/** Bytes per page of WebAssembly memory. */
export const WASM_PAGE = 65536

let compiled: object | null | undefined

function decodeBase64(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  const digit = new Uint8Array(128)
  for (let i = 0; i < alphabet.length; i++) digit[alphabet.charCodeAt(i)] = i
  const clean = text.replace(/=+$/, '')
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4))
  let bits = 0
  let acc = 0
  let o = 0
  for (let i = 0; i < clean.length; i++) {
    acc = (acc << 6) | digit[clean.charCodeAt(i)]!
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (acc >> bits) & 0xff
    }
  }
  return out
}

/** The compiled module, or null where it cannot be had. */
function gaussSimdModule(): object | null {
  if (compiled !== undefined) return compiled
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
  try {
    compiled = api ? new api.Module(decodeBase64(GAUSS_SIMD_BASE64)) : null
  } catch {
    compiled = null
  }
  return compiled
}

export function gaussSimdAvailable(): boolean {
  return gaussSimdModule() !== null
}

/** A fresh instance (its own memory) of the kernel, or null where WebAssembly SIMD is missing. */
export function instantiateGaussSimd(): GaussSimdExports | null {
  const module = gaussSimdModule()
  if (!module) return null
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly!
  return new api.Instance(module, {}).exports as GaussSimdExports
}

/** The base64 decoding above, for the test that compares the bytes with the .wat. */
export function gaussSimdBytes(): Uint8Array {
  return decodeBase64(GAUSS_SIMD_BASE64)
}
