import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const BIN = join(__dirname, '..', '..', 'bin', 'nw-workbench.js')

/** The built command line as a real process. */
export function nw(cwd: string, args: string[], env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', timeout: 120_000 })
}

/** A small study: 2 kernels x 2 widths x 2 replicates = 8 runs, a few milliseconds each. */
export function writeSmallStudy(dir: string, name = 'slurm round trip'): string {
  const path = join(dir, 'study.json')
  writeFileSync(
    path,
    JSON.stringify({
      name,
      base: { data: { fn: 'sin', n: 60, noiseSd: 0.3, seed: 5 } },
      axes: { kernel: ['gaussian', 'epanechnikov'], sigma: [0.3, 0.8] },
      replicates: 2,
      replicateSeeds: 'data',
    }),
  )
  return path
}

interface SweepCell {
  params: Record<string, unknown>
  runIds: string[]
  metrics: Record<string, { mean: number | null; sd: number | null; n: number }>
}

/** Cells by their parameters, for comparing two sweeps of the same study. */
export function byParams(cells: SweepCell[]): Map<string, SweepCell> {
  return new Map(cells.map((c) => [JSON.stringify(c.params), c]))
}
