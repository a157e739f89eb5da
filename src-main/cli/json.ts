import { MAX_NUMBER_BYTES, writeJsonNumber } from './jsonNumbers'

/** A row-major matrix as nested arrays. */
export function jsonMatrix(data: Float64Array, rows: number, cols: number): Float64Array[] {
  const out: Float64Array[] = []
  for (let i = 0; i < rows; i++) out.push(data.subarray(i * cols, (i + 1) * cols))
  return out
}

/** Numbers formatted per piece: a piece of text stays about a megabyte. */
const NUMBERS_PER_PIECE = 65_536
/** Text gathered before it is handed to stdout. */
const FLUSH_CHARS = 1 << 20

/**
 * Prints `value` as one line of JSON, as JSON.stringify would, but in pieces:
 * a million estimates never become one 20 MB string, and typed arrays
 * (Float64Array) are printed as arrays, NaN (an undefined estimate) as null.
 */
export function printJson(stdout: (s: string) => void, value: unknown): void {
  const out = new PieceWriter(stdout)
  writeValue(out, value)
  out.write('\n')
  out.flush()
}

class PieceWriter {
  private parts: string[] = []
  private chars = 0

  constructor(private readonly stdout: (s: string) => void) {}

  write(text: string): void {
    this.parts.push(text)
    this.chars += text.length
    if (this.chars >= FLUSH_CHARS) this.flush()
  }

  flush(): void {
    if (this.parts.length === 0) return
    this.stdout(this.parts.join(''))
    this.parts = []
    this.chars = 0
  }
}

/**
 * JSON text made elsewhere (e.g. numbers formatted on a worker thread by
 * `numbersJson`), printed as is where the value stands.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

function writeValue(out: PieceWriter, value: unknown): void {
  if (value instanceof JsonText) {
    out.write(value.text)
    return
  }
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(): unknown }).toJSON()
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    writeNumbers(out, value as unknown as ArrayLike<number>)
  } else if (Array.isArray(value)) {
    if (value.length > NUMBERS_PER_PIECE && value.every((v) => typeof v === 'number' || v === null)) {
      writeNumbers(out, value as ArrayLike<number>)
      return
    }
    out.write('[')
    value.forEach((v, i) => {
      if (i > 0) out.write(',')
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') out.write('null')
      else writeValue(out, v)
    })
    out.write(']')
  } else if (value !== null && typeof value === 'object') {
    out.write('{')
    let first = true
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue
      out.write(`${first ? '' : ','}${JSON.stringify(k)}:`)
      first = false
      writeValue(out, v)
    }
    out.write('}')
  } else {
    out.write(JSON.stringify(value) ?? 'null')
  }
}

/** Numbers in blocks, formatted as JSON.stringify formats them (shortest round-trip text, null for NaN and infinities). */
function writeNumbers(out: PieceWriter, a: ArrayLike<number>): void {
  out.write('[')
  for (let start = 0; start < a.length; start += NUMBERS_PER_PIECE) out.write((start === 0 ? '' : ',') + numbersBlock(a, start))
  out.write(']')
}

/** One block's text as bytes, reused: no string per number, one per block (made on first use: most commands print few numbers). */
let blockBytes: Buffer | null = null
const COMMA = 44

function numbersBlock(a: ArrayLike<number>, start: number): string {
  const end = Math.min(a.length, start + NUMBERS_PER_PIECE)
  const bytes = (blockBytes ??= Buffer.allocUnsafe(NUMBERS_PER_PIECE * (MAX_NUMBER_BYTES + 1)))
  return bytes.toString('latin1', 0, writeBlock(a, start, end, bytes))
}

/**
 * The loop alone, in a function of its own: compiled while the first block
 * runs, code after the loop that had never run sent every later block back
 * to the interpreter for its first numbers (--trace-deopt: once per block).
 */
function writeBlock(a: ArrayLike<number>, start: number, end: number, bytes: Uint8Array): number {
  const write = writeJsonNumber
  let at = 0
  for (let i = start; i < end; i++) {
    if (i > start) bytes[at++] = COMMA
    const v = a[i]
    // null (an undefined estimate in a plain array) prints as JSON.stringify prints it.
    at = typeof v === 'number' ? write(v, bytes, at) : write(NaN, bytes, at)
  }
  return at
}

/** The numbers as printJson prints them, without the brackets: comma-separated, NaN as null. */
export function numbersJson(a: ArrayLike<number>): string {
  const blocks: string[] = []
  for (let start = 0; start < a.length; start += NUMBERS_PER_PIECE) blocks.push(numbersBlock(a, start))
  return blocks.join(',')
}
