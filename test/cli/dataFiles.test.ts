import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tableFromArrays, tableToIPC } from 'apache-arrow'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { beforeAll, describe, expect, it } from 'vitest'
import { formatCsv } from '../../src-shared/csv'
import { nwPredict } from '../../src-shared/engine/estimate'
import { createRng } from '../../src-shared/engine/rng'
import { fixtureColumns } from '../fixtures/data-files/values'
import { cli, tempDir } from './runCli'

const FIXTURES = join(__dirname, '..', 'fixtures', 'data-files')

/** A CSV read the naive way (whole text, split, Number()), independent of the reader under test. */
function naiveCsv(text: string): Record<string, number[]> {
  const [header, ...lines] = text.trimEnd().split('\n')
  const names = header!.split(',')
  const out: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]))
  for (const line of lines) line.split(',').forEach((cell, k) => out[names[k]!]!.push(cell === '' ? NaN : Number(cell)))
  return out
}

function sameBits(got: ArrayLike<number | null>, want: ArrayLike<number>, what: string): void {
  expect(got.length, what).toBe(want.length)
  let mismatches = 0
  let first = -1
  for (let i = 0; i < want.length; i++) {
    const g = got[i] ?? NaN
    if (!Object.is(g, want[i])) {
      mismatches++
      if (first < 0) first = i
    }
  }
  expect(mismatches, `${what}: first mismatch at ${first}: ${got[first]} vs ${want[first]}`).toBe(0)
}

describe('fit on a million rows from CSV and Parquet', () => {
  const dir = tempDir()
  const n = 1_000_000
  const rng = createRng(11)
  const keys = Float64Array.from({ length: n }, () => 5 * rng.uniform())
  const values = Float64Array.from(keys, (x) => 2 * Math.sin(x) + x ** 0.8 + 0.5 * rng.normal())
  const queries = Float64Array.from({ length: n }, () => 5 * rng.uniform())
  const truth = Float64Array.from(queries, (x) => 2 * Math.sin(x) + x ** 0.8)

  beforeAll(() => {
    writeFileSync(join(dir, 'train.csv'), formatCsv({ x: keys, y: values }))
    writeFileSync(join(dir, 'query.csv'), formatCsv({ x: queries, truth }))
    writeFileSync(join(dir, 'train.parquet'), new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'x', data: keys, type: 'DOUBLE', nullable: false }, { name: 'y', data: values, type: 'DOUBLE', nullable: false }] })))
    writeFileSync(join(dir, 'query.parquet'), new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'x', data: queries, type: 'DOUBLE', nullable: true }, { name: 'truth', data: truth, type: 'DOUBLE', nullable: true }] })))
  }, 120_000)

  it('gives the in-memory estimates bit for bit, on stdout and in --out', async () => {
    const expected = nwPredict({ keys, values, queries, kernel: 'gaussian', sigma: 0.05 }).yHat
    // One thread, and two: the query file read, the queries split and half the JSON formatted on worker threads.
    for (const [train, query, threads] of [
      ['train.csv', 'query.csv', '1'],
      ['train.parquet', 'query.parquet', '2'],
    ] as const) {
      const out = `${train}.out.csv`
      const r = await cli(dir, 'fit', '--train', train, '--query', query, '--kernel', 'gaussian', '--sigma', '0.05', '--out', out, '--json', '--threads', threads)
      expect(r.code, r.stderr).toBe(0)
      sameBits((JSON.parse(r.stdout) as { yHat: (number | null)[] }).yHat, expected, `${train} stdout`)
      const written = naiveCsv(readFileSync(join(dir, out), 'utf8'))
      expect(Object.keys(written)).toEqual(['x', 'y_hat', 'truth'])
      sameBits(written.x!, queries, `${out} x`)
      sameBits(written.y_hat!, expected, `${out} y_hat`)
      sameBits(written.truth!, truth, `${out} truth`)
    }
  }, 180_000)
})

describe('Parquet and Arrow files wherever a CSV is accepted', () => {
  const dir = tempDir()
  beforeAll(() => {
    for (const f of readdirSync(FIXTURES)) if (!f.endsWith('.ts')) copyFileSync(join(FIXTURES, f), join(dir, f))
    const a = fixtureColumns(200)
    writeFileSync(join(dir, 'train.csv'), formatCsv({ x: a.x, y: a.y }))
    writeFileSync(join(dir, 'query.csv'), formatCsv({ x: a.x, truth: a.truth }))
    writeFileSync(join(dir, 'query.feather'), tableToIPC(tableFromArrays({ x: a.x, truth: a.truth }), 'file'))
  })
  const same = { kernel: ['--kernel', 'gaussian', '--sigma', '0.3', '--json'] }

  it('fit gives the same estimates from CSV, Parquet and Feather', async () => {
    const csv = await cli(dir, 'fit', '--train', 'train.csv', '--query', 'query.csv', ...same.kernel)
    expect(csv.code, csv.stderr).toBe(0)
    const other = await cli(dir, 'fit', '--train', 'pandas-snappy.parquet', '--query', 'query.feather', ...same.kernel)
    expect(other.code, other.stderr).toBe(0)
    expect(JSON.parse(other.stdout).yHat).toEqual(JSON.parse(csv.stdout).yHat)
  })

  it('train and bandwidth read them too', async () => {
    const train = await cli(dir, 'train', '--train', 'pandas-lz4.feather', '--query', 'polars-zstd.parquet', '--w0', '1', '--epochs', '2', '--json')
    expect(train.code, train.stderr).toBe(0)
    expect(JSON.parse(train.stdout).yHat).toHaveLength(300)
    const bw = await cli(dir, 'bandwidth', '--train', 'batches.arrows', '--kernel', 'gaussian', '--method', 'scott', '--json')
    expect(bw.code, bw.stderr).toBe(0)
    expect(JSON.parse(bw.stdout).sigma).toBeGreaterThan(0)
  })

  it('run --spec reads trainFile and queryFile, and the old names trainCsv and queryCsv', async () => {
    writeFileSync(join(dir, 'new.json'), JSON.stringify({ data: { trainFile: 'pandas-snappy.parquet', queryFile: 'query.feather' }, kernel: 'gaussian', sigma: 0.3 }))
    writeFileSync(join(dir, 'old.json'), JSON.stringify({ data: { trainCsv: 'train.csv', queryCsv: 'query.csv' }, kernel: 'gaussian', sigma: 0.3 }))
    const db = join(dir, 'runs.db')
    const a = await cli(dir, 'run', '--spec', 'new.json', '--db', db, '--json')
    expect(a.code, a.stderr).toBe(0)
    const b = await cli(dir, 'run', '--spec', 'old.json', '--db', db, '--json')
    expect(b.code, b.stderr).toBe(0)
    const [ra, rb] = [JSON.parse(a.stdout), JSON.parse(b.stdout)]
    expect(ra.yHat).toEqual(rb.yHat)
    expect(ra.yTruth).toEqual(rb.yTruth)
    expect(ra.spec.data.source).toBe('pandas-snappy.parquet, query.feather')
    writeFileSync(join(dir, 'both.json'), JSON.stringify({ data: { trainFile: 'train.csv', trainCsv: 'train.csv', queryFile: 'query.csv' } }))
    const both = await cli(dir, 'run', '--spec', 'both.json', '--db', db)
    expect(both.code).toBe(2)
    expect(both.stderr).toMatch(/both\.json: data: give trainFile or its old name trainCsv, not both/)
  })
})

describe('malformed data files', () => {
  const dir = tempDir()
  beforeAll(() => {
    for (const f of readdirSync(FIXTURES)) if (!f.endsWith('.ts')) copyFileSync(join(FIXTURES, f), join(dir, f))
    const whole = readFileSync(join(FIXTURES, 'pandas-snappy.parquet'))
    writeFileSync(join(dir, 'truncated.parquet'), whole.subarray(0, Math.floor(whole.length * 0.7)))
    const feather = readFileSync(join(FIXTURES, 'pandas-lz4.feather'))
    writeFileSync(join(dir, 'truncated.feather'), feather.subarray(0, 5000))
    writeFileSync(join(dir, 'empty.parquet'), '')
    writeFileSync(join(dir, 'empty.csv'), '')
    writeFileSync(join(dir, 'q.csv'), 'x\n0.5\n')
    writeFileSync(join(dir, 'text.csv'), 'x,y\n0,1\n\n2,"3"\n4,five\n')
    writeFileSync(join(dir, 'notparquet.parquet'), 'x,y\n1,2\n')
  })

  it.each([
    ['a truncated Parquet file', 'truncated.parquet', /^nw-workbench fit: truncated\.parquet: not a complete Parquet file: it does not end with PAR1 \(\d+ bytes\); was it cut short\?$/],
    ['a truncated Feather file', 'truncated.feather', /^nw-workbench fit: truncated\.feather: not a complete Arrow IPC \(Feather v2\) file: it does not end with ARROW1/],
    ['a text cell in Parquet', 'text-cell.parquet', /^nw-workbench fit: text-cell\.parquet: column "y", row 3: "n\/a" is not a number \(the column holds text\)$/],
    ['a text cell in Feather', 'text-cell.feather', /^nw-workbench fit: text-cell\.feather: column "y", row 4: "abc" is not a number/],
    ['a null in Parquet', 'null-cell.parquet', /^nw-workbench fit: null-cell\.parquet: column "y", row 5: a missing value \(null\)$/],
    ['a null in Feather', 'null-cell.feather', /^nw-workbench fit: null-cell\.feather: column "y", row 3: a missing value \(null\)$/],
    ['a NaN in Parquet', 'nan-cell.parquet', /^nw-workbench fit: nan-cell\.parquet: column "y", row 2: NaN is not a finite number$/],
    ['an empty Parquet file', 'empty.parquet', /^nw-workbench fit: empty\.parquet: the file is empty; expected a Parquet file with columns x, y$/],
    ['an empty CSV file', 'empty.csv', /^nw-workbench fit: empty\.csv: the file is empty; expected a header row with columns x, y$/],
    ['a text cell in CSV', 'text.csv', /^nw-workbench fit: text\.csv:5: column "y": "five" is not a number$/],
    ['text named .parquet', 'notparquet.parquet', /^nw-workbench fit: notparquet\.parquet: not a Parquet file \(it does not start with PAR1\)$/],
  ])('%s: exit 2 and one line naming the file and the place', async (_, file, message) => {
    const r = await cli(dir, 'fit', '--train', file, '--query', 'q.csv', '--kernel', 'gaussian', '--sigma', '1')
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.split('\n')).toHaveLength(2)
    expect(r.stderr.trimEnd()).toMatch(message)
  })

  it('a bad query file read on a worker thread (fit with threads) gives the same exit 2 and line', async () => {
    writeFileSync(join(dir, 't.csv'), 'x,y\n0,1\n1,2\n')
    writeFileSync(join(dir, 'badq.csv'), 'x,truth\n0.5,1\n\n0.7,seven\n')
    for (const threads of ['1', '2']) {
      const r = await cli(dir, 'fit', '--train', 't.csv', '--query', 'badq.csv', '--kernel', 'gaussian', '--sigma', '1', '--threads', threads)
      expect(r.code, `--threads ${threads}`).toBe(2)
      expect(r.stderr, `--threads ${threads}`).toBe('nw-workbench fit: badq.csv:4: column "truth": "seven" is not a number\n')
    }
    // Both files bad: the training file's error is the one shown, as on one thread.
    const r = await cli(dir, 'fit', '--train', 'text.csv', '--query', 'badq.csv', '--kernel', 'gaussian', '--sigma', '1', '--threads', '2')
    expect(r.stderr).toBe('nw-workbench fit: text.csv:5: column "y": "five" is not a number\n')
  })

  it('a wrong column name lists the columns the file has; case does not matter', async () => {
    writeFileSync(join(dir, 'xonly.parquet'), new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'x', data: [1, 2], type: 'DOUBLE' }, { name: 'why', data: [1, 2], type: 'DOUBLE' }] })))
    writeFileSync(join(dir, 'xonly.feather'), tableToIPC(tableFromArrays({ x: Float64Array.of(1, 2), label: ['a', 'b'] }), 'file'))
    for (const [file, found] of [
      ['xonly.parquet', 'x, why'],
      ['xonly.feather', 'x, label'],
    ]) {
      const e = await cli(dir, 'fit', '--train', file!, '--query', 'q.csv', '--kernel', 'gaussian', '--sigma', '1')
      expect(e.code).toBe(2)
      expect(e.stderr).toBe(`nw-workbench fit: ${file}: no column "y" (found: ${found}); expected columns x, y\n`)
    }
    // Columns X and Y, as the CSV reader has always matched them.
    const upper = await cli(dir, 'fit', '--train', 'gzip-float32-int32.parquet', '--query', 'q.csv', '--kernel', 'gaussian', '--sigma', '1')
    expect(upper.code, upper.stderr).toBe(0)
  })
})

describe('--out FILE.csv', () => {
  const dir = tempDir()
  beforeAll(() => {
    writeFileSync(join(dir, 't.csv'), 'x,y\n0,1\n1,3\n')
    writeFileSync(join(dir, 'q.csv'), 'x\n0\n0.5\n9\n')
  })

  it('writes x and y_hat (no truth column without truth), an undefined estimate as an empty cell', async () => {
    const r = await cli(dir, 'fit', '--train', 't.csv', '--query', 'q.csv', '--kernel', 'boxcar', '--sigma', '1', '--out', 'o.csv')
    expect(r.code, r.stderr).toBe(0)
    expect(readFileSync(join(dir, 'o.csv'), 'utf8')).toBe('x,y_hat\n0,2\n0.5,2\n9,\n')
    const t = await cli(dir, 'train', '--train', 't.csv', '--query', 'q.csv', '--w0', '1', '--epochs', '1', '--out', 'sub/trained.csv', '--json')
    expect(t.code, t.stderr).toBe(0)
    const written = naiveCsv(readFileSync(join(dir, 'sub', 'trained.csv'), 'utf8'))
    expect(written.y_hat).toEqual(JSON.parse(t.stdout).yHat)
  })

  it('refuses another format’s extension, and leaves nothing when it cannot write', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 't.csv'), 'x,y\n0,1\n1,3\n')
    writeFileSync(join(dir, 'q.csv'), 'x\n0\n')
    const bad = await cli(dir, 'fit', '--train', 't.csv', '--query', 'q.csv', '--kernel', 'boxcar', '--sigma', '1', '--out', 'o.parquet')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe('nw-workbench fit: --out writes CSV: give a .csv file (got o.parquet)\n')
    const blocked = await cli(dir, 'fit', '--train', 't.csv', '--query', 'q.csv', '--kernel', 'gaussian', '--sigma', '1', '--out', 't.csv/o.csv')
    expect(blocked.code).toBe(2)
    expect(blocked.stderr).toBe('nw-workbench fit: t.csv/o.csv: a part of the path is not a folder\n')
    expect(readdirSync(dir).sort()).toEqual(['q.csv', 't.csv'])
  })
})

describe('generate writes both files or neither', () => {
  it('leaves no first file when the second path is bad', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'file'), 'not a folder')
    const r = await cli(dir, 'generate', '--preset', 'd2l-oldest', '--seed', '1', '--out-train', 'made/t.csv', '--out-query', 'file/q.csv')
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('nw-workbench generate: file/q.csv: a part of the path is not a folder\n')
    expect(existsSync(join(dir, 'made'))).toBe(false)
    expect(readdirSync(dir)).toEqual(['file'])
  })

  it('refuses the same file twice', async () => {
    const dir = tempDir()
    const r = await cli(dir, 'generate', '--preset', 'd2l-oldest', '--seed', '1', '--out-train', 'a.csv', '--out-query', './a.csv')
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('nw-workbench generate: a.csv and ./a.csv are the same file; give different files\n')
    expect(readdirSync(dir)).toEqual([])
  })
})
