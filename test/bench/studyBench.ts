// Benchmark of studies (issue 14), printed beside its targets:
// - a local study of 1,000 cells at n = 10^3: wall time (target <= 60 s on the
//   2-core test machine) and the overhead per cell beyond the estimator
//   (target <= 20 ms): the study's wall time minus the time its runs spent in
//   the estimator (each run's own start and end, timed in its worker), per cell;
// - the library with 100,000 runs in 1,000 studies: a page of runs, a page of
//   studies (target < 100 ms) and a study's summary (target < 200 ms). Pages
//   are asked for by offset (the list scrolls to any row), so the deepest page
//   in every order the library offers is timed too.
// Run alone: node --require tsx/cjs test/bench/studyBench.ts [library | local]
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServices } from '../../src-main/services'
import { openDatabase } from '../../src-main/store/database'
import { RunStore } from '../../src-main/store/runStore'
import type { StudyRunResult } from '../../src-main/store/studyStore'
import { SORTABLE_COLUMNS, type SortableColumn } from '../../src-shared/api/requests'
import type { ExperimentOutcome } from '../../src-shared/experiment/execute'
import { normalizeSpec } from '../../src-shared/experiment/normalize'
import { enumerateCells, replicateSpec } from '../../src-shared/study/cells'
import { studySchema } from '../../src-shared/study/studySpec'
import { median } from './measure'

const CELLS = 1000
const STUDIES = 1000
const RUNS_PER_STUDY = 100

async function localStudy(log: (line: string) => void): Promise<void> {
  const study = studySchema.parse({
    name: 'bench: 1,000 cells at n = 10^3',
    base: { data: { fn: 'sin', n: 1000, noiseSd: 0.5, seed: 1 }, kernel: 'gaussian' },
    axes: { sigma: { log: [0.01, 1], count: CELLS } },
  })
  const services = createServices({ databasePath: join(mkdtempSync(join(tmpdir(), 'nw-bench-study-')), 'runs.db'), transport: 'cli' })
  try {
    const t = performance.now()
    const { id } = services.studies.create(study)
    const final = await services.studies.waitFor(id)
    const wallMs = performance.now() - t
    const workers = (await services.dispatch('appInfo', {})) as { ok: true; value: { workers: number } }
    // Time inside the estimator: every run's own start and end (Date.now in its worker), summed over runs.
    const runs = services.store.list({ offset: 0, limit: 1000, sort: { by: 'createdAt', dir: 'asc' }, filter: { studyId: id } }).runs
    const estimatorMs = runs.reduce((sum, r) => sum + (r.finishedAt! - r.startedAt!), 0)
    const overhead = (wallMs - estimatorMs / workers.value.workers) / CELLS
    log(
      `studies: ${CELLS.toLocaleString('en')} cells at n = 10^3 (${final.done} done) in ${(wallMs / 1000).toFixed(1)} s on ${workers.value.workers} worker(s) (target <= 60 s); ` +
        `in the estimator ${(estimatorMs / 1000).toFixed(1)} s; overhead ${overhead.toFixed(2)} ms per cell (target <= 20 ms)`,
    )
  } finally {
    await services.close()
  }
}

function fakeOutcome(i: number, arrays: Float64Array): ExperimentOutcome {
  return {
    dataset: { xTrain: arrays, yTrain: arrays, xQuery: arrays, yTruth: arrays },
    sigma: 0.05 + (i % 97) / 20,
    w0: null,
    epochs: [],
    w: null,
    yHat: arrays,
    yHatNonparametric: null,
    undefinedQueries: [],
    baseline: 1,
    // Every tenth run's test MSE leaves a query out (incomplete runs sort last), every 23rd has none.
    metrics: {
      trainLoss: null,
      trainMse: (i % 13) / 10,
      testMse: i % 23 === 0 ? null : (i % 17) / 10 + 0.01,
      looScore: (i % 19) / 10,
      coverage: { trainLoss: null, trainMse: { covered: 2, total: 2 }, testMse: { covered: i % 10 === 0 ? 1 : 2, total: 2 }, looScore: { covered: 2, total: 2 } },
    },
    fit: { algorithm: 'dense', errorBound: 0 },
  }
}

function time(runs: number, f: () => unknown): number {
  f()
  const samples: number[] = []
  for (let k = 0; k < runs; k++) {
    const t = performance.now()
    f()
    samples.push(performance.now() - t)
  }
  return median(samples)
}

/** The slowest order's median time: every column, both directions, incomplete runs last or not. */
function slowestOrder(page: (sort: { by: SortableColumn; dir: 'asc' | 'desc'; incompleteLast: boolean }) => unknown): { ms: number; order: string } {
  let worst = { ms: 0, order: '' }
  for (const by of SORTABLE_COLUMNS) {
    for (const dir of ['asc', 'desc'] as const) {
      for (const incompleteLast of [true, false]) {
        const ms = time(5, () => page({ by, dir, incompleteLast }))
        if (ms > worst.ms) worst = { ms, order: `by ${by} ${dir}${incompleteLast ? '' : ', incomplete runs anywhere'}` }
      }
    }
  }
  return worst
}

function library(log: (line: string) => void): void {
  const path = join(mkdtempSync(join(tmpdir(), 'nw-bench-lib-')), 'runs.db')
  const store = new RunStore(openDatabase(path), 'bench', 'bench:1')
  const arrays = Float64Array.from({ length: 50 }, (_, i) => i / 10)
  const t0 = performance.now()
  let studyId = ''
  for (let s = 0; s < STUDIES; s++) {
    const study = studySchema.parse({
      name: `bench study ${s}`,
      base: { data: { preset: 'd2l-newest', seed: s } },
      axes: { kernel: ['gaussian', 'boxcar', 'epanechnikov', 'triangular'], sigma: { log: [0.05, 2], count: 5 } },
      replicates: 5,
    })
    const cells = enumerateCells(study)
    studyId = store.studies.save(`bstudy${String(s).padStart(6, '0')}`, study, cells, null, 1_700_000_000_000 + s).id
    const results: StudyRunResult[] = []
    for (let k = 0; k < RUNS_PER_STUDY; k++) {
      const cell = cells[k % cells.length]!
      const r = Math.floor(k / cells.length)
      const at = 1_700_000_000_000 + s * RUNS_PER_STUDY + k
      results.push({
        id: `b${String(s).padStart(5, '0')}${String(k).padStart(4, '0')}`,
        cellKey: cell.key,
        replicate: r,
        spec: normalizeSpec(replicateSpec(study, cell, r)),
        createdAt: at,
        startedAt: at,
        finishedAt: at,
        result: { status: 'done', outcome: fakeOutcome(k, arrays) },
      })
    }
    store.studies.saveResults(studyId, results)
    store.studies.setStatus(studyId, 'done', 1_700_000_000_000)
  }
  const total = store.list({ offset: 0, limit: 1, sort: { by: 'createdAt', dir: 'desc' }, filter: {} }).total
  log(`studies: wrote ${total.toLocaleString('en')} runs in ${STUDIES.toLocaleString('en')} studies in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  const cases: [string, number, () => unknown][] = [
    ['a page of runs outside studies (grouped library)', 100, () => store.list({ offset: 0, limit: 100, sort: { by: 'createdAt', dir: 'desc' }, filter: { studyId: null } })],
    ['ungrouped: a page of all runs, newest first', 100, () => store.list({ offset: 0, limit: 100, sort: { by: 'createdAt', dir: 'desc' }, filter: {} })],
    ['ungrouped: a page 50,000 runs deep', 100, () => store.list({ offset: 50_000, limit: 100, sort: { by: 'createdAt', dir: 'desc' }, filter: {} })],
    ['ungrouped: page 900 (90,000 runs deep)', 100, () => store.list({ offset: 90_000, limit: 100, sort: { by: 'createdAt', dir: 'desc' }, filter: {} })],
    ['ungrouped: all runs sorted by test MSE', 100, () => store.list({ offset: 0, limit: 100, sort: { by: 'testMse', dir: 'asc' }, filter: {} })],
    ['ungrouped: sorted by test MSE, page 900', 100, () => store.list({ offset: 90_000, limit: 100, sort: { by: 'testMse', dir: 'asc' }, filter: {} })],
    ['a study’s runs (an open group)', 100, () => store.list({ offset: 0, limit: 200, sort: { by: 'createdAt', dir: 'asc' }, filter: { studyId } })],
    ['a page of 100 studies with their progress', 100, () => store.studies.list(0, 100)],
    ['the last page of studies', 100, () => store.studies.list(900, 100)],
    ['a study’s summary (cells aggregated over replicates)', 200, () => store.studies.detail(studyId)],
  ]
  for (const [label, target, f] of cases) {
    log(`studies: ${label.padEnd(54)} median ${time(15, f).toFixed(2).padStart(7)} ms (target < ${target} ms)`)
  }
  const deepest = slowestOrder((sort) => store.list({ offset: 90_000, limit: 100, sort, filter: {} }))
  log(`studies: ${'ungrouped: page 900, the slowest of every order'.padEnd(54)} median ${deepest.ms.toFixed(2).padStart(7)} ms (target < 100 ms; ${deepest.order})`)
  store.close()
}

export async function benchStudies(log: (line: string) => void = console.log): Promise<void> {
  await localStudy(log)
  library(log)
}

/** One part alone: `node --import tsx test/bench/studyBench.ts library` (or `local`, the 1,000-cell study). */
if (require.main === module) {
  const only = process.argv[2]
  void (only === 'library' ? Promise.resolve(library(console.log)) : only === 'local' ? localStudy(console.log) : benchStudies())
}
