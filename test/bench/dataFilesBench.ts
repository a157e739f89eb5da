/**
 * Benchmark of data files: `npm run bench` runs it last; alone:
 *   node --import tsx test/bench/dataFilesBench.ts
 *
 * At n = m = 10^6 (keys and queries uniform on [0, 5], values 2 sin x + x^0.8
 * plus noise; the query file has x and truth) it times `fit` end to end as a
 * real process (`node bin/nw-workbench.js fit ... --json > /dev/null`,
 * Gaussian, sigma 0.05) from CSV and from Parquet, with its peak memory (with
 * the threads fit chooses by default, and with --threads 2), and
 * the parts in-process: the CSV reader alone on 10^6 rows x 2 columns, both
 * files from disk, the estimator, and printing the JSON. Targets from the
 * data-files issue are printed beside the figures.
 *
 * It asserts nothing: timings belong to a machine, not to a test.
 */
import { spawnSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { readQueryFile, readTrainingFile } from '../../src-main/cli/files'
import { printJson } from '../../src-main/cli/json'
import { runCli } from '../../src-main/cli/main'
import { csvChunks } from '../../src-shared/csv'
import { readCsvBytes } from '../../src-shared/data/csvReader'
import { nwPredict } from '../../src-shared/engine/estimate'
import { createRng } from '../../src-shared/engine/rng'
import { median } from './measure'

const N = 1_000_000
const SIGMA = '0.05'
const ROOT = join(__dirname, '..', '..')
/**
 * Prints the process's peak resident memory as it exits, whatever runs inside it. On Linux the peak of its
 * own address space (VmHWM): getrusage's maxrss, which resourceUsage reads, keeps the high-water mark of the
 * address space the process had before exec, that is of the forked benchmark itself, so inside `npm run bench`
 * (the engine and store benchmarks before it make the parent 400 MB) every fit read 411 MB for 151.
 */
const REPORT_RSS = `data:text/javascript,import{readFileSync}from'node:fs';process.on('exit',()=>{let kb=process.resourceUsage().maxRSS;try{kb=Number(/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status','utf8'))[1])}catch{}process.stderr.write('\\nmaxrss-kb '+kb+'\\n')})`

interface Row {
  what: string
  ms: number
  target?: string
  note?: string
}

function timeIt(runs: number, f: () => void): number {
  f()
  const samples: number[] = []
  for (let r = 0; r < runs; r++) {
    const start = performance.now()
    f()
    samples.push(performance.now() - start)
  }
  return median(samples)
}

async function timeItAsync(runs: number, f: () => Promise<unknown>): Promise<number> {
  await f()
  const samples: number[] = []
  for (let r = 0; r < runs; r++) {
    const start = performance.now()
    await f()
    samples.push(performance.now() - start)
  }
  return median(samples)
}

function writeData(dir: string): void {
  const rng = createRng(7)
  const x = Float64Array.from({ length: N }, () => 5 * rng.uniform())
  const y = Float64Array.from(x, (v) => 2 * Math.sin(v) + v ** 0.8 + 0.5 * rng.normal())
  const q = Float64Array.from({ length: N }, () => 5 * rng.uniform())
  const truth = Float64Array.from(q, (v) => 2 * Math.sin(v) + v ** 0.8)
  writeFileSync(join(dir, 'train.csv'), Array.from(csvChunks({ x, y })).join(''))
  writeFileSync(join(dir, 'query.csv'), Array.from(csvChunks({ x: q, truth })).join(''))
  const column = (name: string, data: Float64Array) => ({ name, data, type: 'DOUBLE' as const, nullable: false })
  writeFileSync(join(dir, 'train.parquet'), new Uint8Array(parquetWriteBuffer({ columnData: [column('x', x), column('y', y)] })))
  writeFileSync(join(dir, 'query.parquet'), new Uint8Array(parquetWriteBuffer({ columnData: [column('x', q), column('truth', truth)] })))
}

/** `fit` as a user runs it, output to /dev/null: median wall time and the largest peak memory of `runs` runs. */
function endToEnd(dir: string, train: string, query: string, runs: number, extra: string[] = []): { ms: number; rssMb: number } {
  const times: number[] = []
  let rssKb = 0
  for (let r = 0; r < runs; r++) {
    const devNull = openSync('/dev/null', 'w')
    const start = performance.now()
    const p = spawnSync(
      process.execPath,
      ['--import', REPORT_RSS, join(ROOT, 'bin', 'nw-workbench.js'), 'fit', '--train', join(dir, train), '--query', join(dir, query), '--kernel', 'gaussian', '--sigma', SIGMA, '--json', ...extra],
      { stdio: ['ignore', devNull, 'pipe'], encoding: 'utf8' },
    )
    times.push(performance.now() - start)
    closeSync(devNull)
    if (p.status !== 0) throw new Error(`fit failed (${p.status}): ${p.stderr}`)
    rssKb = Math.max(rssKb, Number(/maxrss-kb (\d+)/.exec(p.stderr)?.[1] ?? 0))
  }
  return { ms: median(times), rssMb: rssKb / 1024 }
}

/** How long the launcher takes to start and load the CLI, doing nothing. */
function startOnly(runs: number): number {
  const times: number[] = []
  for (let r = 0; r < runs; r++) {
    const start = performance.now()
    spawnSync(process.execPath, [join(ROOT, 'bin', 'nw-workbench.js'), '--version'], { stdio: 'ignore' })
    times.push(performance.now() - start)
  }
  return median(times)
}

function naiveParse(bytes: Uint8Array): Float64Array[] {
  const lines = new TextDecoder().decode(bytes).split('\n')
  const x = new Float64Array(lines.length)
  const y = new Float64Array(lines.length)
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!.split(',')
    x[i] = Number(cells[0])
    y[i] = Number(cells[1])
  }
  return [x, y]
}

export async function benchDataFiles(log: (line: string) => void = console.log): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nw-bench-data-'))
  try {
    writeData(dir)
    const rows: Row[] = []
    const csvBytes = new Uint8Array(readFileSync(join(dir, 'train.csv')))
    rows.push({
      what: `CSV reader, 10^6 rows x 2 columns in memory (${(csvBytes.length / 1e6).toFixed(0)} MB)`,
      ms: timeIt(5, () => readCsvBytes(csvBytes, { source: 'train.csv', required: ['x', 'y'] })),
      target: '<= 300 ms',
    })
    rows.push({
      what: 'for scale: the same text split into lines and cells, Number() each',
      ms: timeIt(1, () => naiveParse(csvBytes)),
      note: 'the old reader did this, plus a regular expression per cell',
    })
    let train = await readTrainingFile(dir, 'train.csv')
    let query = await readQueryFile(dir, 'query.csv')
    rows.push({ what: 'read train.csv + query.csv from disk (4 x 10^6 cells)', ms: await timeItAsync(3, async () => ((train = await readTrainingFile(dir, 'train.csv')), (query = await readQueryFile(dir, 'query.csv')))) })
    rows.push({ what: 'read train.parquet + query.parquet from disk', ms: await timeItAsync(3, async () => ((train = await readTrainingFile(dir, 'train.parquet')), (query = await readQueryFile(dir, 'query.parquet')))) })
    let yHat: Float64Array = new Float64Array(0)
    rows.push({ what: 'estimator (nwPredict, Gaussian, sigma 0.05)', ms: timeIt(3, () => (yHat = nwPredict({ keys: train.x, values: train.y, queries: query.x, kernel: 'gaussian', sigma: Number(SIGMA) }).yHat)) })
    rows.push({ what: 'print the JSON of 10^6 estimates', ms: timeIt(3, () => printJson(() => undefined, { yHat, undefinedQueries: [] })) })
    const sink = { cwd: dir, stdout: () => undefined, stderr: (s: string) => void process.stderr.write(s) }
    for (const ext of ['csv', 'parquet']) {
      const args = ['fit', '--train', `train.${ext}`, '--query', `query.${ext}`, '--kernel', 'gaussian', '--sigma', SIGMA, '--json']
      rows.push({ what: `fit from ${ext.toUpperCase()} in-process (runCli, warm)`, ms: await timeItAsync(3, () => runCli(args, sink)) })
    }
    rows.push({ what: 'start the CLI alone (node bin/nw-workbench.js --version)', ms: startOnly(3), note: 'part of both figures below' })
    const fromParquet = endToEnd(dir, 'train.parquet', 'query.parquet', 3)
    const fromCsv = endToEnd(dir, 'train.csv', 'query.csv', 3)
    rows.push({ what: 'fit end to end from Parquet (node bin/nw-workbench.js)', ms: fromParquet.ms, target: '<= 1.0 s', note: `peak RSS ${fromParquet.rssMb.toFixed(0)} MB (target <= 400 MB)` })
    rows.push({ what: 'fit end to end from CSV (node bin/nw-workbench.js)', ms: fromCsv.ms, target: '<= 1.5 s', note: `peak RSS ${fromCsv.rssMb.toFixed(0)} MB (target <= 400 MB)` })
    // By default fit stays on one thread unless 4 or more cores are idle (defaultThreads.ts); two threads, for comparison.
    const twoParquet = endToEnd(dir, 'train.parquet', 'query.parquet', 3, ['--threads', '2'])
    const twoCsv = endToEnd(dir, 'train.csv', 'query.csv', 3, ['--threads', '2'])
    rows.push({ what: 'the same with --threads 2, from Parquet / CSV', ms: twoParquet.ms, note: `/ ${(twoCsv.ms / 1000).toFixed(2)} s (peak RSS ${twoParquet.rssMb.toFixed(0)} / ${twoCsv.rssMb.toFixed(0)} MB)` })
    const width = Math.max(...rows.map((r) => r.what.length))
    log(`data files, n = m = 10^6 (medians; end to end: 3 runs each as a new process, which includes starting Node and loading the CLI)`)
    for (const r of rows) log(`${r.what.padEnd(width)}  ${(r.ms >= 1000 ? `${(r.ms / 1000).toFixed(2)} s` : `${r.ms.toFixed(0)} ms`).padStart(8)}${r.target ? `  target ${r.target}` : ''}${r.note ? `  ${r.note}` : ''}`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (require.main === module) void benchDataFiles()
