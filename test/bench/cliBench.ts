/**
 * Start-up of the built command line, beside Node's own: `node -e 0`,
 * `nw-workbench --help` and a `fit` of 10 points, each a real process, median
 * of several runs. The target is the built CLI within 0.15 s of bare Node.
 * Run alone with: node --import tsx test/bench/cliBench.ts
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const BIN = join(__dirname, '..', '..', 'bin', 'nw-workbench.js')
const RUNS = 15

function medianMs(args: string[], cwd: string): number {
  const samples: number[] = []
  for (let r = 0; r < RUNS + 2; r++) {
    const t = performance.now()
    const p = spawnSync(process.execPath, args, { cwd, stdio: 'ignore' })
    if (p.status !== 0) throw new Error(`${args.join(' ')} exited ${p.status}`)
    // The first two runs warm the file cache.
    if (r >= 2) samples.push(performance.now() - t)
  }
  samples.sort((a, b) => a - b)
  return samples[Math.floor(samples.length / 2)]!
}

export function benchCli(log: (line: string) => void = console.log): void {
  const dir = mkdtempSync(join(tmpdir(), 'nw-bench-cli-'))
  writeFileSync(join(dir, 't.csv'), 'x,y\n' + Array.from({ length: 10 }, (_, i) => `${i / 2},${Math.sin(i / 2)}`).join('\n') + '\n')
  writeFileSync(join(dir, 'q.csv'), 'x\n' + Array.from({ length: 10 }, (_, i) => `${i / 2 + 0.25}`).join('\n') + '\n')
  const base = medianMs(['-e', '0'], dir)
  const help = medianMs([BIN, '--help'], dir)
  const fit = medianMs([BIN, 'fit', '--train', 't.csv', '--query', 'q.csv', '--kernel', 'gaussian', '--sigma', '0.5', '--json'], dir)
  const row = (label: string, ms: number) => `cli: ${label.padEnd(28)} ${ms.toFixed(0).padStart(5)} ms   ${ms === base ? '(baseline)' : `+${(ms - base).toFixed(0)} ms over node -e 0 (target <= +150 ms)`}`
  log(`cli: medians of ${RUNS} processes each`)
  log(row('node -e 0', base))
  log(row('nw-workbench --help', help))
  log(row('nw-workbench fit (10 points)', fit))
}

if (require.main === module) benchCli()
