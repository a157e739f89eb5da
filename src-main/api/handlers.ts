import type { ApiHandlers, AppInfo, HeatmapReply } from '../../src-shared/api/contract'
import type { StudyMethod } from '../../src-shared/api/studyRequests'
import { trainedKernel } from '../../src-shared/engine/parametric'
import type { Heatmap } from '../../src-shared/engine/types'
import { InputError } from '../../src-shared/errors'
import type { EventHub } from '../events'
import type { ExperimentRunner } from '../jobs/experimentRunner'
import type { JobPool, WorkbenchJobs } from '../jobs/jobKinds'
import type { JobKind, JobReply, JobRequest } from '../jobs/jobTable'
import type { RunStore } from '../store/runStore'
import { APP_VERSION } from '../version'

export interface HandlerDeps {
  store: RunStore
  runner: ExperimentRunner
  interactive: JobPool
  events: EventHub
  info: () => AppInfo
  /** This process, recorded as the owner of imported runs. */
  owner: string
}

function heatmapReply(h: Heatmap, kernel: string, sigma: number): HeatmapReply {
  return {
    rows: h.rows,
    cols: h.cols,
    values: Array.from(h.values),
    max: h.max,
    rowEdges: Array.from(h.rowEdges),
    colEdges: Array.from(h.colEdges),
    undefinedRows: h.undefinedRows,
    kernel,
    sigma,
  }
}

/** The API implemented over the store, the runner and the job pools. No transport logic lives here. */
export function createHandlers(d: HandlerDeps): Omit<ApiHandlers, StudyMethod> {
  const changed = (ids: string[]) => d.events.emit({ type: 'runs.changed', ids })
  /**
   * Editor requests that a newer one of the same kind makes moot (a preview,
   * bandwidth suggestions for data the user has since changed): the older job
   * is cancelled, so a 15-second leave-one-out search on a big import does not
   * hold up everything queued behind it on the interactive thread.
   */
  const running = new Map<string, { cancel(): void }>()
  const latest = async <K extends JobKind<WorkbenchJobs>>(kind: K, request: JobRequest<WorkbenchJobs, K>): Promise<JobReply<WorkbenchJobs, K>> => {
    running.get(kind)?.cancel()
    const handle = d.interactive.run(kind, request)
    running.set(kind, handle)
    try {
      const o = await handle.outcome
      if (o.status === 'cancelled') throw new InputError('superseded by a newer request')
      if (o.status === 'failed') throw o.error
      return o.reply
    } finally {
      if (running.get(kind) === handle) running.delete(kind)
    }
  }
  return {
    createExperiment: (spec) => d.runner.create(spec),
    cancelExperiment: ({ id }) => d.runner.cancel(id),
    getExperiment: ({ id, arrays }) => d.store.detail(id, arrays),
    listExperiments: (req) => d.store.list(req),
    renameExperiment: ({ id, name }) => {
      const r = d.store.rename(id, name)
      changed([id])
      return r
    },
    tagExperiment: ({ id, add, remove }) => {
      const r = d.store.tag(id, add, remove)
      changed([id])
      return r
    },
    annotateExperiment: ({ id, notes }) => {
      const r = d.store.annotate(id, notes)
      changed([id])
      return r
    },
    deleteExperiments: async ({ ids }) => {
      // A run being computed is stopped first, so its worker is not busy for nothing.
      await Promise.all(ids.filter((id) => d.runner.isActive(id)).map((id) => d.runner.cancel(id)))
      const deleted = d.store.softDelete(ids, Date.now())
      changed(ids)
      return { deleted }
    },
    restoreExperiments: ({ ids }) => {
      const restored = d.store.restore(ids)
      changed(ids)
      return { restored }
    },
    experimentHeatmap: async ({ id, model, rows, cols }) => {
      const run = d.store.summary(id)
      const a = d.store.arrays(id, ['xTrain', 'yTrain', 'xQuery'])
      if (!a.xTrain || !a.yTrain || !a.xQuery) {
        throw new InputError(`run ${id} has no data yet (it is ${run.status})`)
      }
      let kernel = run.kernel
      let sigma = run.sigma
      if (model === 'trained') {
        if (run.mode !== 'parametric' || run.w === null) throw new InputError(`run ${id} has no trained model`)
        ;({ kernel, sigma } = trainedKernel(run.w))
      }
      if (sigma === null) throw new InputError(`run ${id} has no bandwidth yet (it is ${run.status})`)
      const h = await d.interactive.run(
        'heatmap',
        { keys: a.xTrain, values: a.yTrain, queries: a.xQuery, kernel, sigma, rows, cols },
        {},
        [a.xTrain.buffer as ArrayBuffer, a.yTrain.buffer as ArrayBuffer, a.xQuery.buffer as ArrayBuffer],
      ).result
      return heatmapReply(h, kernel, sigma)
    },
    suggestBandwidth: ({ data, kernel, methods }) => latest('bandwidth', { data, kernel, methods }),
    previewData: ({ data, maxPoints }) => latest('preview', { data, maxPoints }),
    rerunExperiment: ({ id }) => {
      const spec = d.store.spec(id)
      // Names are at most 200 characters, re-runs of re-runs included.
      return d.runner.start({ ...spec, name: `${spec.name.slice(0, 191)} · re-run` })
    },
    exportBundle: ({ ids }) => d.store.exportBundle(ids, APP_VERSION, Date.now()),
    importBundle: ({ bundle }) => {
      const r = d.store.importBundle(bundle, d.owner)
      changed(r.imported)
      return r
    },
    appInfo: () => d.info(),
  }
}
