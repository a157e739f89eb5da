import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ColumnSpec } from '../../src-shared/data/columns'
import { CsvReader, readCsvBytes } from '../../src-shared/data/csvReader'

const XY: ColumnSpec = { source: 'f.csv', required: ['x', 'y'] }
const bytes = (text: string) => new TextEncoder().encode(text)

/** Reads text pushed in the given chunk sizes (cycled). */
function readChunked(text: string, spec: ColumnSpec, sizes: number[], separator?: '\t'): Record<string, number[]> {
  const b = bytes(text)
  const reader = new CsvReader(spec, separator ? { separator } : {})
  for (let at = 0, k = 0; at < b.length; k++) {
    const size = Math.max(1, sizes[k % sizes.length]!)
    // A reused buffer: the reader must copy what it keeps.
    const chunk = new Uint8Array(size)
    chunk.set(b.subarray(at, at + size))
    reader.push(chunk.subarray(0, Math.min(size, b.length - at)))
    chunk.fill(0x41)
    at += size
  }
  const { columns } = reader.finish()
  return Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, Array.from(v)]))
}

function errorOf(text: string, spec: ColumnSpec = XY): string {
  try {
    readCsvBytes(bytes(text), spec)
  } catch (e) {
    return (e as Error).message
  }
  return 'no error'
}

describe('the CSV reader', () => {
  it('accepts a BOM, CRLF, quoted fields, blank lines, spaces and a missing or present last line end', () => {
    const expected = { x: [1, 3, -0.5], y: [2, 4, 1e-3] }
    for (const text of [
      'x,y\n1,2\n3,4\n-0.5,1e-3\n',
      'x,y\n1,2\n3,4\n-0.5,1e-3',
      '\ufeffx,y\r\n1,2\r\n3,4\r\n-0.5,1e-3\r\n',
      '\n\n"x","y"\n"1", 2\n\n 3 ,"4"\n"-0.5" , "1e-3"\n\n',
      'X;Y\n1;2\n3;4\n-0.5;1e-3\n',
      'y,label,x\n2,"a, b",1\n4,"say ""hi""\nnext line",3\n1e-3,,-0.5\n',
    ]) {
      expect(readChunked(text, XY, [1 << 20]), JSON.stringify(text)).toEqual(expected)
      expect(readChunked(text, XY, [1, 2, 3]), JSON.stringify(text)).toEqual(expected)
    }
  })

  it('reads TSV, from the header or when told', () => {
    expect(readChunked('x\ty\n1\t2\n', XY, [3])).toEqual({ x: [1], y: [2] })
    // A comma in a header name does not make a .tsv comma-separated.
    expect(readChunked('x\ty, cm\n1\t2\n', { source: 'f.tsv', required: ['x'] }, [100], '\t')).toEqual({ x: [1] })
  })

  it('keeps optional columns only when present and skips extra columns', () => {
    const spec: ColumnSpec = { source: 'q.csv', required: ['x'], optional: ['truth'] }
    expect(readChunked('x,other\n1,a\n2,b\n', spec, [4])).toEqual({ x: [1, 2] })
    expect(readChunked('truth,x\n5,1\n6,2\n', spec, [4])).toEqual({ x: [1, 2], truth: [5, 6] })
  })

  it('reads doubles exactly, including the shortest text of random doubles and long or unusual decimals', () => {
    const values = ['0.30000000000000004', '1.7976931348623157e308', '5e-324', '2.2250738585072014e-308', '123456789012345678901234567890', '0.000000000000000000000000001', '-0', '00012.5000', '.5', '5.', '+7', '9007199254740993', '1e22', '1e23', '4.35', '0.1e-30']
    const text = 'x,y\n' + values.map((v) => `${v},0`).join('\n')
    const got = readChunked(text, XY, [7]).x!
    values.forEach((v, i) => expect(Object.is(got[i], Number(v)), v).toBe(true))
  })

  it('rounds like Number() on many random doubles, big integers and exact ties between doubles', () => {
    let seed = 12345
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    const texts: string[] = []
    for (let i = 0; i < 50_000; i++) texts.push(String((next() - 0.5) * 10 ** Math.floor(next() * 40 - 20)))
    for (let i = 0; i < 20_000; i++) {
      // Integers past 2^53 with up to 19 digits; every other one exactly halfway between two doubles.
      const shift = BigInt(1 + Math.floor(next() * 10))
      const base = (BigInt(Math.floor(next() * 2 ** 52)) + 2n ** 52n) << shift
      texts.push(String(i % 2 ? base + (1n << (shift - 1n)) : base + BigInt(Math.floor(next() * 1000))))
    }
    for (let i = 0; i < 20_000; i++) {
      // Midpoints between two doubles that are short decimals times 10^e (k odd and a multiple of 5^e), and their neighbours.
      const e = 1 + Math.floor(next() * 8)
      const five = 5n ** BigInt(e)
      let k = (BigInt(Math.floor(next() * 2 ** 52)) + 2n ** 53n) / five * five
      if (k % 2n === 0n) k += five
      const s = BigInt(e + 1 + Math.floor(next() * 6))
      const mantissa = (k << (s - 1n)) / 10n ** BigInt(e)
      if (mantissa >= 10n ** 19n) continue
      const near = mantissa + BigInt((i % 3) - 1)
      texts.push(`${near}e${e}`)
    }
    for (let i = 0; i < 10_000; i++) texts.push(`${Math.floor(next() * 1e9)}.${String(Math.floor(next() * 1e9)).padStart(9, '0')}e${Math.floor(next() * 30) - 15}`)
    const got = readChunked('x,y\n' + texts.map((t) => `${t},0`).join('\n'), XY, [65_536]).x!
    let wrong = 0
    texts.forEach((t, i) => (wrong += Object.is(got[i], Number(t)) ? 0 : 1))
    expect(wrong).toBe(0)
  })

  it('names the file, line and column of a bad cell', () => {
    expect(errorOf('x,y\n0,1\n1,abc\n')).toBe('f.csv:3: column "y": "abc" is not a number')
    expect(errorOf('x,y\n0,1\n\n1,\n')).toBe('f.csv:4: column "y": an empty cell is not a number')
    expect(errorOf('x,y\r\n0,1\r\nNaN,2\r\n')).toBe('f.csv:3: column "x": "NaN" is not a number')
    expect(errorOf('x,y\n0,Infinity\n')).toBe('f.csv:2: column "y": "Infinity" is not a number')
    expect(errorOf('x,y\n0x1A,1\n')).toBe('f.csv:2: column "x": "0x1A" is not a number')
    expect(errorOf('x,y\n1,1e999\n')).toBe('f.csv:2: column "y": 1e999 is out of range for a double')
    expect(errorOf('x,y\n0,1\n3\n')).toBe('f.csv:3: expected at least 2 columns, found 1')
    // Line numbers count the lines inside quoted fields.
    expect(errorOf('label,x,y\n"two\nlines",1,2\n"",3,oops\n')).toBe('f.csv:4: column "y": "oops" is not a number')
  })

  it('says what is wrong with the file as a whole', () => {
    expect(errorOf('')).toBe('f.csv: the file is empty; expected a header row with columns x, y')
    expect(errorOf('\ufeff \r\n\n')).toBe('f.csv: the file is empty; expected a header row with columns x, y')
    expect(errorOf('x,y\n')).toBe('f.csv: no data rows below the header')
    expect(errorOf('x,z\n1,2\n')).toBe('f.csv:1: no column "y" in the header (found: x, z); expected columns x, y')
    expect(errorOf('x,y\n1,"2\n')).toBe('f.csv:2: a quoted field is never closed')
    expect(errorOf('"x,y\n1,2\n')).toBe('f.csv:1: a quoted field in the header is never closed')
  })
})

/** A naive reference: split the whole text into records and fields (RFC 4180), then Number() each wanted cell. */
function referenceRead(text: string, names: string[]): Record<string, number[]> {
  const records: string[][] = []
  let field = ''
  let record: string[] = []
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      record.push(field)
      field = ''
    } else if (ch === '\n') {
      record.push(field)
      records.push(record)
      record = []
      field = ''
    } else field += ch
  }
  const header = records[0]!.map((h) => h.trim())
  const out: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]))
  for (const r of records.slice(1)) for (const n of names) out[n]!.push(Number(r[header.indexOf(n)]!.replace(/\r$/, '').trim()))
  return out
}

describe('columns sized from the expected length', () => {
  // Row lengths that change along the file: long rows first (the estimate overshoots), then short ones, then long again (it falls short).
  const rows: string[] = []
  for (let i = 0; i < 3000; i++) rows.push(i < 1500 ? `${i / 7},${Math.sqrt(i) * 1e-9}` : i < 2500 ? `${i % 10},${i % 3}` : `${-i / 3},${i * 1.0000001}`)
  const text = `x,y\n${rows.join('\n')}\n`

  it.each([
    ['exact', text.length],
    ['too small', 100],
    ['too large', 10 * text.length],
  ])('gives the same columns as a reader without a hint (%s)', (_, expectedBytes) => {
    const want = readChunked(text, XY, [1000])
    for (const size of [1 << 20, 1000, 37]) {
      const b = bytes(text)
      const reader = new CsvReader(XY, { expectedBytes })
      for (let at = 0; at < b.length; at += size) reader.push(b.subarray(at, at + size))
      const { columns, rows: n } = reader.finish()
      expect(n).toBe(3000)
      expect(columns.x!.length).toBe(3000)
      expect(Array.from(columns.x!)).toEqual(want.x)
      expect(Array.from(columns.y!)).toEqual(want.y)
    }
  })
})

describe('the CSV reader against a naive reference', () => {
  const decimal = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
    fc.tuple(fc.stringMatching(/^[+-]?[0-9]{1,22}$/), fc.stringMatching(/^[0-9]{0,22}$/), fc.option(fc.integer({ min: -40, max: 40 }))).map(([i, f, e]) => `${i}${f ? '.' + f : ''}${e === null ? '' : 'e' + e}`),
    fc.integer({ min: -1e6, max: 1e6 }).map((n) => String(n / 1000)),
  )
  const text = fc.stringMatching(/^[a-z ,"\n]{0,12}$/).map((s) => `"${s.replace(/"/g, '""')}"`)
  const row = fc.tuple(decimal, decimal, text, fc.boolean(), fc.boolean())

  it('gives bit for bit the same columns, however the bytes are split into chunks', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), fc.boolean(), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 }), (rows, crlf, sizes) => {
        const end = crlf ? '\r\n' : '\n'
        const lines = rows.map(([x, y, t, quoteX, spaced]) => `${quoteX ? `"${x}"` : x},${t},${spaced ? ` ${y} ` : y}`)
        const csv = `x,note,y${end}${lines.join(end)}${end}`
        const expected = referenceRead(csv, ['x', 'y'])
        const got = readChunked(csv, XY, sizes)
        expect(got.x!.length).toBe(rows.length)
        got.x!.forEach((v, i) => expect(Object.is(v, expected.x![i]), `x ${lines[i]}`).toBe(true))
        got.y!.forEach((v, i) => expect(Object.is(v, expected.y![i]), `y ${lines[i]}`).toBe(true))
      }),
      { numRuns: 300 },
    )
  })
})
