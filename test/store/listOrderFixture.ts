import type { ExperimentSpecInput } from '../../src-shared/api/spec'
import { experimentSpecSchema } from '../../src-shared/api/spec'
import type { RunFilter, SortableColumn } from '../../src-shared/api/requests'
import type { RunSummary } from '../../src-shared/api/runs'
import type { ExperimentOutcome } from '../../src-shared/experiment/execute'
import { normalizeSpec } from '../../src-shared/experiment/normalize'
import { enumerateCells, replicateSpec } from '../../src-shared/study/cells'
import { studySchema } from '../../src-shared/study/studySpec'
import { openDatabase } from '../../src-main/store/database'
import { RunStore } from '../../src-main/store/runStore'

/**
 * A library made to trip every order: creation times in threes (ties broken
 * by id), names differing only in case, a handful of sigma and metric values
 * (ties), missing metrics and sigmas, incomplete runs, queued and failed
 * runs, runs in studies and outside them, deleted runs. `truth` is what was
 * put in, for a plain recomputation of each page.
 */
export interface Library {
  store: RunStore
  /** Every live run, as store.summary reads it one by one, with its study (null: none). */
  live: { run: RunSummary; studyId: string | null }[]
  studyIds: string[]
}

const KERNELS = ['gaussian', 'boxcar', 'epanechnikov', 'tricube'] as const
const NAMES = ['alpha', 'Alpha', 'ALPHA', 'beta', 'Beta', 'gamma']
const METRIC_VALUES = [0.25, 0.5, 0.5, 1, null]

function outcome(i: number, sigma: number): ExperimentOutcome {
  const n = 1 + (i % 3)
  const a = Float64Array.from({ length: n }, (_, k) => k)
  const pick = (k: number) => METRIC_VALUES[(i * 7 + k * 3) % METRIC_VALUES.length]!
  const partial = i % 5 === 0
  const parametric = i % 4 === 3
  return {
    dataset: { xTrain: a, yTrain: a, xQuery: a, yTruth: a },
    sigma,
    w0: parametric ? 1 : null,
    epochs: parametric ? Array.from({ length: i % 3 }, (_, k) => ({ epoch: k + 1, loss: 1 / (k + 1), w: 1 + k })) : [],
    w: parametric ? [2, -1, 2, 0.5][i % 4]! : null,
    yHat: a,
    yHatNonparametric: null,
    undefinedQueries: [],
    baseline: 1,
    metrics: {
      trainLoss: pick(0),
      trainMse: pick(1),
      testMse: pick(2),
      looScore: pick(3),
      coverage: {
        trainLoss: { covered: n, total: n },
        trainMse: { covered: n, total: n },
        // Every fifth run's test MSE leaves a query out: incomplete.
        testMse: { covered: partial ? n - 1 : n, total: n },
        looScore: null,
      },
    },
    fit: { algorithm: 'dense', errorBound: 0 },
  }
}

function spec(i: number): ExperimentSpecInput {
  const parametric = i % 4 === 3
  return {
    name: `${NAMES[i % NAMES.length]} ${i % 4}`,
    data: { fn: 'sin', n: 10, seed: i % 3 },
    kernel: parametric ? 'gaussian' : KERNELS[i % KERNELS.length],
    ...(parametric ? { mode: 'parametric' as const, training: { epochs: 2, lr: 0.1 } } : {}),
    // Some bandwidths come from a rule: null until the run is done.
    sigma: i % 6 === 1 ? { rule: 'silverman' } : [0.1, 0.5, 0.5, 2][i % 4]!,
    tags: i % 3 === 0 ? ['x'] : i % 3 === 1 ? ['x', 'y'] : [],
    notes: i % 10 === 0 ? 'note ten' : '',
  }
}

/** `outside` runs in no study and `perStudy` runs in each of two studies. */
export function buildLibrary(outside: number, perStudy: number): Library {
  const store = new RunStore(openDatabase(':memory:'), 'v', 'h:1')
  const studyOf = new Map<string, string | null>()
  const deleted: string[] = []
  let i = 0
  store.batch(() => {
    for (; i < outside; i++) {
      const id = `run${String(i).padStart(6, '0')}`
      store.createQueued(id, normalizeSpec(experimentSpecSchema.parse(spec(i))), 1000 + Math.floor(i / 3))
      studyOf.set(id, null)
      if (i % 11 === 4) continue // queued: no metrics, completeness unknown
      if (i % 13 === 5) {
        store.saveStopped(id, 'failed', { name: 'Error', message: 'boom' }, 5000)
        continue
      }
      store.saveOutcome(id, outcome(i, [0.1, 0.5, 0.5, 2][i % 4]!), 5000)
      if (i % 17 === 2) deleted.push(id)
    }
  })
  const studyIds: string[] = []
  for (let s = 0; s < 2; s++) {
    const study = studySchema.parse({ name: `study ${s}`, base: { data: { fn: 'sin', n: 10, seed: s } }, axes: { sigma: [0.1, 0.5] }, replicates: Math.ceil(perStudy / 2) })
    const cells = enumerateCells(study)
    const studyId = store.studies.save(`stud${s}00000000`, study, cells, null, 900).id
    studyIds.push(studyId)
    store.studies.saveResults(
      studyId,
      Array.from({ length: perStudy }, (_, k) => {
        const cell = cells[k % cells.length]!
        const r = Math.floor(k / cells.length)
        const id = `s${s}run${String(k).padStart(5, '0')}`
        studyOf.set(id, studyId)
        const at = 1000 + Math.floor((i + k) / 3)
        return { id, cellKey: cell.key, replicate: r, spec: normalizeSpec(replicateSpec(study, cell, r)), createdAt: at, startedAt: at, finishedAt: at, result: { status: 'done' as const, outcome: outcome(i + k, cell.key.includes('0.1') ? 0.1 : 0.5) } }
      }),
    )
    i += perStudy
  }
  store.softDelete(deleted, 9000)
  const gone = new Set(deleted)
  const live = [...studyOf].filter(([id]) => !gone.has(id)).map(([id, studyId]) => ({ run: store.summary(id), studyId }))
  return { store, live, studyIds }
}

/** SQLite's NOCASE: ASCII letters folded, nothing else. */
const nocase = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase())
const bytewise = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

function key(r: RunSummary, by: SortableColumn): string | number | null {
  switch (by) {
    case 'createdAt': return r.createdAt
    case 'name': return nocase(r.name)
    case 'status': return r.status
    case 'mode': return r.mode
    case 'kernel': return r.kernel
    case 'sigma': return r.sigma
    case 'w': return r.w
    case 'nTrain': return r.data.nTrain
    case 'epochsDone': return r.epochsDone
    default: return r.metrics[by]
  }
}

/**
 * The library's order, recomputed plainly: incomplete runs last (metric
 * columns, unless turned off), missing values last either way, the column
 * in the direction asked, then newest first, then id.
 */
export function referenceOrder(runs: RunSummary[], by: SortableColumn, dir: 'asc' | 'desc', incompleteLast: boolean): RunSummary[] {
  const metric = by === 'trainLoss' || by === 'trainMse' || by === 'testMse' || by === 'looScore'
  const sign = dir === 'asc' ? 1 : -1
  return [...runs].sort((a, b) => {
    if (metric && incompleteLast) {
      const ia = a.complete === false ? 1 : 0
      const ib = b.complete === false ? 1 : 0
      if (ia !== ib) return ia - ib
    }
    const ka = key(a, by)
    const kb = key(b, by)
    if ((ka === null) !== (kb === null)) return ka === null ? 1 : -1
    if (ka !== null && kb !== null && ka !== kb) return sign * (typeof ka === 'number' ? ka - (kb as number) : bytewise(ka, kb as string))
    if (by !== 'createdAt' && a.createdAt !== b.createdAt) return b.createdAt - a.createdAt
    return bytewise(a.id, b.id)
  })
}

/** The runs a filter keeps, recomputed plainly (the filters these tests use). */
export function referenceFilter(lib: Library, filter: RunFilter): RunSummary[] {
  return lib.live
    .filter(({ run: r, studyId }) => {
      if (filter.studyId !== undefined && studyId !== filter.studyId) return false
      if (filter.kernel && !filter.kernel.includes(r.kernel)) return false
      if (filter.status && !filter.status.includes(r.status)) return false
      if (filter.mode && !filter.mode.includes(r.mode)) return false
      if (filter.sigmaMin !== undefined && !(r.sigma !== null && r.sigma >= filter.sigmaMin)) return false
      if (filter.sigmaMax !== undefined && !(r.sigma !== null && r.sigma <= filter.sigmaMax)) return false
      if (filter.tags && !filter.tags.every((t) => r.tags.includes(t))) return false
      if (filter.text !== undefined) {
        const t = nocase(filter.text)
        if (![r.name, r.notes, r.data.label, r.id, r.kernel, ...r.tags].some((s) => nocase(s).includes(t))) return false
      }
      return true
    })
    .map(({ run }) => run)
}
