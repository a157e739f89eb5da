// Benchmark: listing the runs library with 10,000 runs stored.
// Prints the median time per page for the queries the library makes.
import { experimentSpecSchema } from '../../src-shared/api/spec'
import type { ExperimentOutcome } from '../../src-shared/experiment/execute'
import { normalizeSpec } from '../../src-shared/experiment/normalize'
import type { RunFilter, SortableColumn } from '../../src-shared/api/requests'
import { openDatabase } from '../../src-main/store/database'
import { RunStore } from '../../src-main/store/runStore'
import { KERNEL_IDS } from '../../src-shared/engine/kernels'
import { join } from 'node:path'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'

const RUNS = 10_000

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

export function benchStore(log: (line: string) => void = console.log): void {
  const path = join(mkdtempSync(join(tmpdir(), 'nw-bench-')), 'runs.db')
  const store = new RunStore(openDatabase(path), 'bench', 'bench:1')
  const t0 = performance.now()
  const arrays = Float64Array.from({ length: 50 }, (_, i) => i / 10)
  store.batch(() => {
    for (let i = 0; i < RUNS; i++) {
      const kernel = KERNEL_IDS[i % KERNEL_IDS.length]!
      const sigma = 0.05 + (i % 97) / 20
      const spec = normalizeSpec(
        experimentSpecSchema.parse({ name: `run ${i} ${kernel}`, data: { preset: 'd2l-oldest', seed: i }, kernel, sigma, tags: i % 10 === 0 ? ['tenth'] : [], notes: i % 7 === 0 ? 'interesting' : '' }),
      )
      const id = `bench${String(i).padStart(7, '0')}`
      store.createQueued(id, spec, 1_700_000_000_000 + i)
      const outcome: ExperimentOutcome = {
        dataset: { xTrain: arrays, yTrain: arrays, xQuery: arrays, yTruth: arrays },
        sigma,
        w0: null,
        epochs: [],
        w: null,
        yHat: arrays,
        yHatNonparametric: null,
        undefinedQueries: [],
        baseline: 1,
        metrics: { trainLoss: null, trainMse: (i % 13) / 10, testMse: (i % 17) / 10, looScore: (i % 19) / 10, coverage: { trainLoss: null, trainMse: { covered: 2, total: 2 }, testMse: null, looScore: { covered: 2, total: 2 } } },
    fit: { algorithm: 'dense', errorBound: 0 },
      }
      store.saveOutcome(id, outcome, 1_700_000_000_000 + i)
    }
  })
  log(`store: wrote ${RUNS.toLocaleString('en')} runs (with their arrays) in ${(performance.now() - t0).toFixed(0)} ms`)
  const cases: [string, RunFilter, SortableColumn, number][] = [
    ['newest first, first page', {}, 'createdAt', 0],
    ['newest first, last page', {}, 'createdAt', RUNS - 100],
    ['sorted by test MSE', {}, 'testMse', 5000],
    ['kernel filter + σ range', { kernel: ['gaussian', 'boxcar'], sigmaMin: 0.5, sigmaMax: 3 }, 'sigma', 0],
    ['tag filter', { tags: ['tenth'] }, 'createdAt', 0],
    ['free-text search', { text: 'interesting' }, 'name', 0],
  ]
  for (const [label, filter, by, offset] of cases) {
    const times: number[] = []
    let total = 0
    for (let k = 0; k < 15; k++) {
      const t = performance.now()
      total = store.list({ offset, limit: 100, sort: { by, dir: 'desc' }, filter }).total
      times.push(performance.now() - t)
    }
    log(`store: list 100 of ${total.toLocaleString('en').padStart(6)} runs, ${label.padEnd(28)} median ${median(times).toFixed(2).padStart(6)} ms (target < 100 ms)`)
  }
  store.close()
}

if (require.main === module) benchStore()
