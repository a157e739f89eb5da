import { InputError } from '../errors'
import { DECIMAL_NUMBER, describeWanted, matchColumns, quoteCell, type ColumnSpec, type NumericColumns } from './columns'
import { decimalToDouble, MAX_FAST_HEAD_DIGITS, MAX_FAST_TAIL_DIGITS } from './decimal'
import { decodeUtf8 } from './utf8'

/**
 * Numeric CSV and TSV, read as the bytes stream in: `push` each chunk as it
 * arrives (any size, split anywhere), then `finish`. Shared by the command
 * line and the app's import, so both accept and refuse exactly the same
 * files, with errors that name the file, the line and the column.
 *
 * A header row, then one row per point. Accepted: comma, tab or semicolon
 * separators (taken from the header; a .tsv file is tab-separated), a UTF-8
 * byte-order mark, CRLF or LF line ends, a missing last line end, blank
 * lines, spaces around cells, quoted fields (RFC 4180: "" is a quote, and a
 * separator or a line end may sit inside quotes), extra columns (skipped).
 * Cells must be decimal numbers; hex, empty cells, NaN and Infinity are
 * refused.
 *
 * Speed: cells go straight from bytes to doubles (see decimal.ts) into
 * growable Float64Arrays, with no string per row or cell; only an unusual
 * cell (quoted, or more than 19 digits) takes a slower path through text.
 */

const LF = 10
const CR = 13
const TAB = 9
const SPACE = 32
const QUOTE = 34
const PLUS = 43
const COMMA = 44
const MINUS = 45
const DOT = 46
const SEMICOLON = 59
const ZERO = 48
const NINE = 57
const UPPER_E = 69
const LOWER_E = 101

/** The buffer ended inside the cell or row: wait for more bytes. */
const INCOMPLETE = -1
/** Not a bare decimal number: quoted, text, or too long for the fast path. */
const NOT_PLAIN = -2

const INITIAL_ROWS = 1024

// Local copies of imported bindings: compiled to CommonJS (tsx, the CLI), every
// use of an import is a property getter, which costs more than the parse itself here.
const toDouble = decimalToDouble
const HEAD_DIGITS = MAX_FAST_HEAD_DIGITS
const TAIL_DIGITS = MAX_FAST_TAIL_DIGITS

export interface CsvOptions {
  /** Force the separator instead of taking it from the header (a .tsv file: tab). */
  separator?: ',' | '\t' | ';'
  /**
   * The size of the whole input in bytes, when known: the columns are then
   * sized once from the first rows' length instead of doubled again and again
   * (at 10^6 rows, 16 MB of copies a column and a last copy to trim).
   */
  expectedBytes?: number
}

export class CsvReader {
  private readonly spec: ColumnSpec
  private readonly forcedSeparator: number
  private readonly expectedBytes: number
  /** Bytes of input already read and dropped from the buffer. */
  private consumedBytes = 0
  /**
   * The bytes not yet read: an unfinished row (before the header is read,
   * everything so far) followed by the newest chunk, then a 0 byte. That
   * sentinel ends every scan of a number, so the scan needs no bounds checks.
   */
  private buffer = new Uint8Array(0)
  private length = 0
  /** After a row ran past the bytes at hand, scan it again only once the buffer holds this many. */
  private retryAt = 0
  private separator = COMMA
  /** Output slot of each field of a row, -1 for a skipped one; null until the header is read. */
  private slots: Int32Array | null = null
  /** Fields a row must have: one past the last wanted column. */
  private width = 0
  private names: string[] = []
  private out: Float64Array[] = []
  private capacity = 0
  private rows = 0
  /** Line (1-based) where the next row starts. */
  private line = 1
  /** The value of the cell just scanned. */
  private value = 0
  /** Line ends inside the quoted field just scanned. */
  private quotedLines = 0
  private done = false

  constructor(spec: ColumnSpec, options: CsvOptions = {}) {
    this.spec = spec
    this.forcedSeparator = options.separator ? options.separator.charCodeAt(0) : 0
    this.expectedBytes = options.expectedBytes ?? 0
  }

  /** Reads one more chunk. The reader copies it, so the caller may reuse the buffer. */
  push(chunk: Uint8Array): void {
    if (this.done) throw new Error('CsvReader: push after finish')
    if (chunk.length === 0) return
    this.append(chunk)
    if (this.length >= this.retryAt) this.consumeBuffered()
  }

  /** Ends the input: reads the last row (a missing final line end is fine) and returns the columns. */
  finish(): NumericColumns {
    if (this.done) throw new Error('CsvReader: finish called twice')
    this.done = true
    this.append(Uint8Array.of(LF))
    this.consumeBuffered()
    const { source } = this.spec
    if (this.slots === null) {
      if (this.onlyBlank()) throw new InputError(`${source}: the file is empty; expected a header row with ${describeWanted(this.spec)}`)
      throw new InputError(`${source}:${this.line}: a quoted field in the header is never closed`)
    }
    if (this.length > 0) throw new InputError(`${source}:${this.line}: a quoted field is never closed`)
    if (this.rows === 0) throw new InputError(`${source}: no data rows below the header`)
    const columns: Record<string, Float64Array> = {}
    this.names.forEach((name, slot) => {
      const a = this.out[slot]!
      // Sized from the file's length, a column is a little too long: a view of it then, not a copy.
      columns[name] = a.length === this.rows ? a : a.length - this.rows <= this.rows / 8 ? a.subarray(0, this.rows) : a.slice(0, this.rows)
    })
    return { columns, rows: this.rows }
  }

  /** Reads the complete rows buffered, keeping an unfinished last one at the start of the buffer. */
  private consumeBuffered(): void {
    const used = this.consume(this.buffer, this.length)
    this.buffer.copyWithin(0, used, this.length)
    this.consumedBytes += used
    this.length -= used
    this.buffer[this.length] = 0
    this.retryAt = 2 * this.length
  }

  private append(bytes: Uint8Array): void {
    const need = this.length + bytes.length + 1
    if (need > this.buffer.length) {
      const grown = new Uint8Array(Math.max(need, 2 * this.buffer.length, 256))
      grown.set(this.buffer.subarray(0, this.length))
      this.buffer = grown
    }
    this.buffer.set(bytes, this.length)
    this.length += bytes.length
    this.buffer[this.length] = 0
  }

  /** Reads what it can of buf[0, len): returns how many bytes it used (the rest is an unfinished row). */
  private consume(buf: Uint8Array, len: number): number {
    let p = 0
    if (this.slots === null) {
      p = this.readHeader(buf, len)
      if (p < 0) return 0
    }
    return this.readRows(buf, p, len)
  }

  private onlyBlank(): boolean {
    const c = this.buffer
    let p = hasBom(c, this.length) ? 3 : 0
    for (; p < this.length; p++) {
      const b = c[p]!
      if (b !== SPACE && b !== TAB && b !== CR && b !== LF) return false
    }
    return true
  }

  /** Reads the header once its line is complete; returns where the rows start, or -1 to wait for more. */
  private readHeader(buf: Uint8Array, len: number): number {
    // Until the header is complete nothing is used, so buf starts at the start of the file.
    let p = hasBom(buf, len) ? 3 : 0
    let line = 1
    for (;;) {
      let q = p
      while (q < len && isBlank(buf[q]!)) q++
      if (q === len) return -1
      if (buf[q] !== LF) break
      line++
      p = q + 1
    }
    this.quotedLines = 0
    const end = this.lineEnd(buf, p, len)
    if (end < 0) return -1
    const text = decodeUtf8(buf, p, end)
    this.separator = this.forcedSeparator || ([COMMA, TAB, SEMICOLON].find((s) => text.includes(String.fromCharCode(s))) ?? COMMA)
    const names = splitFields(text, String.fromCharCode(this.separator)).map(unquote)
    const found = matchColumns(names, this.spec, `${this.spec.source}:${line}`, ' in the header')
    this.names = [...found.keys()]
    this.width = 0
    for (const at of found.values()) this.width = Math.max(this.width, at + 1)
    this.slots = new Int32Array(this.width).fill(-1)
    this.names.forEach((name, slot) => (this.slots![found.get(name)!] = slot))
    this.capacity = INITIAL_ROWS
    this.out = this.names.map(() => new Float64Array(INITIAL_ROWS))
    this.line = line + this.quotedLines + 1
    return end + 1
  }

  /** Index of the line end that closes the row starting at p (quotes respected), or -1. */
  private lineEnd(buf: Uint8Array, p: number, len: number): number {
    for (;;) {
      const end = this.fieldEnd(buf, p, len)
      if (end < 0) return -1
      if (buf[end] === LF) return end
      p = end + 1
    }
  }

  /** The rows in buf[p, len): returns where the first unfinished row starts (len if none). */
  private readRows(buf: Uint8Array, p: number, len: number): number {
    const slots = this.slots!
    const width = this.width
    const separator = this.separator
    let line = this.line
    let rows = this.rows
    while (p < len) {
      const rowStart = p
      let q = p
      while (q < len && isBlank(buf[q]!)) q++
      if (q === len) break
      if (buf[q] === LF) {
        line++
        p = q + 1
        continue
      }
      if (rows === this.capacity) this.grow(rows, this.consumedBytes + p)
      const out = this.out
      const rowLine = line
      let field = 0
      for (;;) {
        const slot = field < width ? slots[field]! : -1
        this.quotedLines = 0
        let end: number
        if (slot >= 0) {
          end = this.scanNumber(buf, p)
          if (end === NOT_PLAIN) end = this.slowCell(buf, p, len, line, slot)
          if (end !== INCOMPLETE) out[slot]![rows] = this.value
        } else {
          end = this.fieldEnd(buf, p, len)
        }
        if (end === INCOMPLETE) {
          this.line = rowLine
          this.rows = rows
          return rowStart
        }
        line += this.quotedLines
        if (buf[end] === separator) {
          field++
          p = end + 1
          continue
        }
        if (field + 1 < width) {
          throw new InputError(`${this.spec.source}:${rowLine}: expected at least ${width} columns, found ${field + 1}`)
        }
        rows++
        line++
        p = end + 1
        break
      }
    }
    this.line = line
    this.rows = rows
    return p
  }

  /** More room for rows, once `rows` rows have taken `bytesRead` bytes. */
  private grow(rows: number, bytesRead: number): void {
    let capacity = 2 * this.capacity
    if (this.expectedBytes > bytesRead && bytesRead > 0) {
      // The rows still to come, at the length of those so far, and a little more: rows vary in length.
      const estimate = Math.ceil((rows * this.expectedBytes * 1.03) / bytesRead) + 1024
      // A row takes at least 2 bytes ("1\n").
      capacity = Math.max(capacity, Math.min(estimate, Math.ceil(this.expectedBytes / 2) + 1))
    }
    this.capacity = capacity
    this.out = this.out.map((a) => {
      const grown = new Float64Array(this.capacity)
      grown.set(a)
      return grown
    })
  }

  /**
   * A bare decimal number at buf[p]: sets this.value and returns the index of
   * the separator or line end after it; NOT_PLAIN when the cell is anything
   * else or the buffer ends first (the slow path then reads it as text, or
   * finds it incomplete). buf[len] is the 0 sentinel, which stops every loop.
   */
  private scanNumber(buf: Uint8Array, p: number): number {
    const separator = this.separator
    let c = buf[p]!
    while (c === SPACE || (c === TAB && separator !== TAB)) c = buf[++p]!
    let negative = false
    if (c === MINUS || c === PLUS) {
      negative = c === MINUS
      c = buf[++p]!
    }
    const digitsStart = p
    // Leading zeros carry no significant digit.
    while (c === ZERO) c = buf[++p]!
    let head = 0
    let tail = 0
    let tailDigits = 0
    let fraction = -1
    let exponent = 0
    let d = c - ZERO
    // Up to 15 significant digits go to head (exact as a double), the next 4 to tail.
    let room = HEAD_DIGITS
    for (;;) {
      if (d >>> 0 <= 9) {
        // Two digits at a time where both fit: head * 100 + (a pair) halves the chain of
        // multiply-adds each digit waits on (10% of the whole read, measured). buf[p + 1] is
        // at most the 0 sentinel. The sum is exact either way (head stays below 2^53).
        if (room >= 2) {
          const next = buf[p + 1]! - ZERO
          if (next >>> 0 <= 9) {
            head = head * 100 + (d * 10 + next)
            room -= 2
            p += 2
            c = buf[p]!
            d = c - ZERO
            continue
          }
        }
        if (room > 0) {
          head = head * 10 + d
          room--
        } else if (tailDigits < TAIL_DIGITS) {
          tail = tail * 10 + d
          tailDigits++
        } else return NOT_PLAIN
      } else if (c === DOT && fraction < 0) {
        fraction = p + 1
        // Zeros right after the point, before any significant digit, only scale.
        if (room === HEAD_DIGITS) {
          c = buf[++p]!
          while (c === ZERO) c = buf[++p]!
          d = c - ZERO
          continue
        }
      } else break
      c = buf[++p]!
      d = c - ZERO
    }
    // Digits after the point scale the value down; the point itself is not a digit.
    if (fraction >= 0) exponent = fraction - p
    if (p - digitsStart - (fraction >= 0 ? 1 : 0) === 0) return NOT_PLAIN
    if (c === LOWER_E || c === UPPER_E) {
      c = buf[++p]!
      let negativeExponent = false
      if (c === MINUS || c === PLUS) {
        negativeExponent = c === MINUS
        c = buf[++p]!
      }
      const exponentStart = p
      let e = 0
      while (c >= ZERO && c <= NINE) {
        if (e < 100_000) e = e * 10 + (c - ZERO)
        c = buf[++p]!
      }
      if (p === exponentStart) return NOT_PLAIN
      exponent += negativeExponent ? -e : e
    }
    while (c === SPACE || c === CR || (c === TAB && separator !== TAB)) c = buf[++p]!
    if (c !== separator && c !== LF) return NOT_PLAIN
    const v = toDouble(head, tail, tailDigits, exponent)
    if (v !== v) return NOT_PLAIN
    this.value = negative ? -v : v
    return p
  }

  /**
   * End of the field starting at p: the index of the separator or line end
   * that closes it, or INCOMPLETE. A field whose first non-blank character
   * is a quote runs to the matching quote ("" inside is a quote); line ends
   * inside it are counted in this.quotedLines.
   */
  private fieldEnd(buf: Uint8Array, p: number, len: number): number {
    const separator = this.separator
    while (p < len && (buf[p] === SPACE || (buf[p] === TAB && separator !== TAB))) p++
    if (p < len && buf[p] === QUOTE) {
      p++
      for (;;) {
        while (p < len && buf[p] !== QUOTE) {
          if (buf[p] === LF) this.quotedLines++
          p++
        }
        if (p + 1 >= len) return INCOMPLETE
        if (buf[p + 1] !== QUOTE) break
        p += 2
      }
      p++
    }
    while (p < len && buf[p] !== separator && buf[p] !== LF) p++
    return p < len ? p : INCOMPLETE
  }

  /** A cell that is not a bare number: read as text, unquoted, then checked and converted as the old parser did. */
  private slowCell(buf: Uint8Array, p: number, len: number, line: number, slot: number): number {
    const end = this.fieldEnd(buf, p, len)
    if (end === INCOMPLETE) return INCOMPLETE
    const cell = unquote(decodeUtf8(buf, p, end))
    const name = this.names[slot]!
    if (!DECIMAL_NUMBER.test(cell)) {
      const shown = cell === '' ? 'an empty cell' : quoteCell(cell)
      throw new InputError(`${this.spec.source}:${line}: column "${name}": ${shown} is not a number`)
    }
    const v = Number(cell)
    if (!Number.isFinite(v)) throw new InputError(`${this.spec.source}:${line}: column "${name}": ${cell} is out of range for a double`)
    this.value = v
    return end
  }
}

/** Reads a whole file held in memory (tests, small inputs). */
export function readCsvBytes(bytes: Uint8Array, spec: ColumnSpec, options?: CsvOptions): NumericColumns {
  const reader = new CsvReader(spec, { expectedBytes: bytes.length, ...options })
  reader.push(bytes)
  return reader.finish()
}

function isBlank(b: number): boolean {
  return b === SPACE || b === TAB || b === CR
}

function hasBom(buf: Uint8Array, len: number): boolean {
  return len >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf
}

/** Splits a header line on `separator`, keeping quoted fields whole. */
function splitFields(line: string, separator: string): string[] {
  const fields: string[] = []
  let start = 0
  let inQuotes = false
  let fieldStart = true
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!
    if (inQuotes) {
      if (ch === '"') {
        if (line[i + 1] === '"') i++
        else inQuotes = false
      }
    } else if (ch === separator) {
      fields.push(line.slice(start, i))
      start = i + 1
      fieldStart = true
      continue
    } else if (ch === '"' && fieldStart) inQuotes = true
    if (ch !== ' ' && ch !== '\t') fieldStart = false
  }
  fields.push(line.slice(start))
  return fields
}

/** A cell's text without surrounding blanks and quotes ("" inside quotes is one quote). */
function unquote(cell: string): string {
  const t = cell.trim()
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1).replace(/""/g, '"').trim()
  return t
}
