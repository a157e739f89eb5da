import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { tableFromArrays, tableToIPC } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { bytesSource, detectFormat, readDataColumns } from '../../src-shared/data/dataFile'
import { fixtureColumns } from '../fixtures/data-files/values'

const FIXTURES = join(__dirname, '..', 'fixtures', 'data-files')
const fixture = (name: string) => bytesSource(name, new Uint8Array(readFileSync(join(FIXTURES, name))))

async function errorOf(name: string, bytes: Uint8Array, required = ['x', 'y']): Promise<string> {
  try {
    await readDataColumns(bytesSource(name, bytes), { required })
  } catch (e) {
    return (e as Error).message
  }
  return 'no error'
}

describe('Parquet and Arrow files as the writers the app meets write them', () => {
  it.each([
    // file, rows, expected y column, has truth
    ['pandas-snappy.parquet', 200, 'y', true],
    ['polars-zstd.parquet', 300, 'count', false],
    ['gzip-float32-int32.parquet', 100, 'count', false],
    ['pandas-lz4.feather', 9000, 'y', false],
    ['zstd-float32-int32.arrow', 500, 'count', false],
    ['batches.arrows', 300, 'count', false],
  ] as const)('%s', async (name, rows, yFrom, hasTruth) => {
    const want = fixtureColumns(rows)
    const got = await readDataColumns(fixture(name), { required: ['x', 'y'], optional: ['truth'] })
    expect(got.rows).toBe(rows)
    expect(Array.from(got.columns.x!)).toEqual(Array.from(want.x))
    expect(Array.from(got.columns.y!)).toEqual(Array.from(want[yFrom]))
    if (hasTruth) expect(Array.from(got.columns.truth!)).toEqual(Array.from(want.truth))
    else expect(got.columns.truth).toBeUndefined()
  })

  it('tells formats by their first bytes, with the extension as a hint', () => {
    const head = (s: string) => new TextEncoder().encode(s)
    expect(detectFormat(head('PAR1abcd'), 'data.csv')).toBe('parquet')
    expect(detectFormat(head('ARROW1\0\0'), 'data.bin')).toBe('arrow')
    expect(detectFormat(Uint8Array.of(255, 255, 255, 255, 8, 0, 0, 0), 'x')).toBe('arrow')
    expect(detectFormat(head('x,y\n1,2\n'), 'data.parquet')).toBe('parquet')
    expect(detectFormat(head('x\ty\n'), 'data.TSV')).toBe('tsv')
    expect(detectFormat(head('x,y\n'), 'data.txt')).toBe('csv')
  })

  it('refuses broken, empty and unsuitable files with one line naming the file and the place', async () => {
    const parquet = new Uint8Array(readFileSync(join(FIXTURES, 'pandas-snappy.parquet')))
    expect(await errorOf('t.parquet', parquet.subarray(0, 200))).toBe('t.parquet: not a complete Parquet file: it does not end with PAR1 (200 bytes); was it cut short?')
    // Whole footer, but a data page cut out of the middle.
    const damaged = parquet.slice()
    damaged.fill(0, 4, 1000)
    expect(await errorOf('d.parquet', damaged)).toMatch(/^d\.parquet: cannot read the Parquet data \(.+\); is the file cut short or damaged\?$/)
    expect(await errorOf('e.parquet', new Uint8Array(0))).toBe('e.parquet: the file is empty; expected a Parquet file with columns x, y')
    expect(await errorOf('e.feather', new Uint8Array(0))).toBe('e.feather: the file is empty; expected an Arrow IPC (Feather v2) file with columns x, y')
    expect(await errorOf('t.parquet', parquet, ['x', 'z'])).toBe('t.parquet: no column "z" (found: x, y, truth, count, label, __index_level_0__); expected columns x, z')
    expect(await errorOf('t.parquet', parquet, ['x', 'label'])).toBe('t.parquet: column "label", row 1: "point 0" is not a number (the column holds text)')
    expect(await errorOf('v1.feather', new TextEncoder().encode('FEA1xxxxxxxxxxxx'))).toBe('v1.feather: a Feather v1 file; write Feather v2 (the default since pyarrow 0.17) instead')
    const flags = tableToIPC(tableFromArrays({ x: Float64Array.of(1, 2), y: [true, false] }), 'stream')
    expect(await errorOf('b.arrows', flags)).toBe('b.arrows: column "y" holds true/false values, not numbers')
    const inf = tableToIPC(tableFromArrays({ x: Float64Array.of(1, Infinity), y: Float64Array.of(1, 2) }), 'file')
    expect(await errorOf('i.arrow', inf)).toBe('i.arrow: column "x", row 2: Infinity is not a finite number')
    const none = tableToIPC(tableFromArrays({ x: new Float64Array(0), y: new Float64Array(0) }), 'file')
    expect(await errorOf('n.arrow', none)).toBe('n.arrow: no data rows')
  })

  it('reads a large CSV handed over in many small slices, as a dropped file is', async () => {
    const n = 50_000
    const text = 'x,y\n' + Array.from({ length: n }, (_, i) => `${i / 7},${-i}`).join('\n')
    const bytes = new TextEncoder().encode(text)
    let reads = 0
    const got = await readDataColumns(
      { name: 'big.csv', size: bytes.length, read: async (s, e) => (reads++, bytes.slice(s, e)) },
      { required: ['x', 'y'] },
    )
    expect(got.rows).toBe(n)
    expect(got.columns.x![n - 1]).toBe((n - 1) / 7)
    expect(reads).toBeGreaterThanOrEqual(1)
  })
})
