import type { ApiHandlers, AppInfo, BandwidthSuggestion, DataPreview, HeatmapReply } from '../../src-shared/api/contract'
import type { Heatmap } from '../../src-shared/engine/heatmap'
import { trainedKernel } from '../../src-shared/engine/parametric'
import { InputError } from '../../src-shared/errors'
import type { EventHub } from '../events'
import { JobCancelledError } from '../jobs/errors'
import type { ExperimentRunner } from '../jobs/experimentRunner'
import type { JobRequest, JobResult } from '../jobs/jobTypes'
import type { JobHandle } from '../jobs/pool'
import type { InteractivePool } from '../services'
import { exportBundle, importBundle } from '../store/bundle'
import type { RunStore } from '../store/runStore'
import { APP_VERSION } from '../version'

export interface HandlerDeps {
  store: RunStore
  runner: ExperimentRunner
  interactive: InteractivePool
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
export function createHandlers(d: HandlerDeps): ApiHandlers {
  const changed = (ids: string[]) => d.events.emit({ type: 'runs.changed', ids })
  /**
   * Editor requests that a newer one of the same kind makes moot (a preview,
   * bandwidth suggestions for data the user has since changed): the older job
   * is cancelled, so a 15-second leave-one-out search on a big import does not
   * hold up everything queued behind it on the interactive thread.
   */
  const running = new Map<string, JobHandle<JobResult>>()
  const latest = async (lane: string, request: JobRequest): Promise<JobResult> => {
    running.get(lane)?.cancel()
    const handle = d.interactive.run(request)
    running.set(lane, handle)
    try {
      return await handle.result
    } catch (e) {
      if (e instanceof JobCancelledError) throw new InputError('superseded by a newer request')
      throw e
    } finally {
      if (running.get(lane) === handle) running.delete(lane)
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
      const h = (await d.interactive.run(
        { kind: 'heatmap', keys: a.xTrain, values: a.yTrain, queries: a.xQuery, kernel, sigma, rows, cols },
        {},
        [a.xTrain.buffer as ArrayBuffer, a.yTrain.buffer as ArrayBuffer, a.xQuery.buffer as ArrayBuffer],
      ).result) as Heatmap
      return heatmapReply(h, kernel, sigma)
    },
    suggestBandwidth: async ({ data, kernel, methods }) => (await latest('bandwidth', { kind: 'bandwidth', data, kernel, methods })) as BandwidthSuggestion[],
    previewData: async ({ data, maxPoints }) => (await latest('preview', { kind: 'preview', data, maxPoints })) as DataPreview,
    rerunExperiment: ({ id }) => {
      const spec = d.store.spec(id)
      // Names are at most 200 characters, re-runs of re-runs included.
      return d.runner.start({ ...spec, name: `${spec.name.slice(0, 191)} · re-run` })
    },
    exportBundle: ({ ids }) => exportBundle(d.store.db, ids, APP_VERSION, Date.now()),
    importBundle: ({ bundle }) => {
      const r = importBundle(d.store.db, bundle, d.owner)
      changed(r.imported)
      return r
    },
    appInfo: () => d.info(),
  }
}
