import type { ApiHandlers, AppInfo, BandwidthSuggestion, CallContext } from '../../src-shared/api/contract'
import type { BandwidthMethod } from '../../src-shared/engine/bandwidth'
import type { StudyMethod } from '../../src-shared/api/studyRequests'
import { InputError } from '../../src-shared/errors'
import { normalizeSpec } from '../../src-shared/experiment/normalize'
import type { EventHub } from '../events'
import type { ExperimentRunner } from '../jobs/experimentRunner'
import type { JobPool, WorkbenchJobs } from '../jobs/jobKinds'
import type { JobKind, JobReply, JobRequest } from '../jobs/jobTable'
import type { StoreLocation } from '../jobs/workerStore'
import { editWhenFree } from '../store/busy'
import type { RunStore } from '../store/runStore'

export interface HandlerDeps {
  store: RunStore
  runner: ExperimentRunner
  /** Heatmaps, run details, previews, rules of thumb: short jobs that never queue behind a long one. */
  quick: JobPool
  /** Leave-one-out searches: long, cancellable, superseded by a newer request. */
  search: JobPool
  /** Where worker threads find the runs. */
  location: StoreLocation
  events: EventHub
  info: () => AppInfo
  /** This process, recorded as the owner of imported runs. */
  owner: string
}

/** The API implemented over the store, the runner and the job pools. No transport logic lives here. */
export function createHandlers(d: HandlerDeps): Omit<ApiHandlers, StudyMethod> {
  const changed = (ids: string[]) => d.events.emit({ type: 'runs.changed', ids })
  const write = editWhenFree

  /**
   * Requests that a newer one of the same kind from the same client makes
   * moot (a preview, bandwidth suggestions for data the user has since
   * changed): the older job is cancelled. Only the same tab's: another
   * client's requests are its own business.
   */
  const running = new Map<string, { cancel(): void }>()
  const latest = async <K extends JobKind<WorkbenchJobs>>(
    pool: JobPool,
    lane: string,
    ctx: CallContext,
    kind: K,
    request: JobRequest<WorkbenchJobs, K>,
  ): Promise<JobReply<WorkbenchJobs, K>> => {
    const key = `${ctx.client}\u0000${lane}`
    running.get(key)?.cancel()
    const handle = pool.run(kind, request)
    running.set(key, handle)
    try {
      const o = await handle.outcome
      if (o.status === 'cancelled') throw new InputError('superseded by a newer request')
      if (o.status === 'failed') throw o.error
      return o.reply
    } finally {
      if (running.get(key) === handle) running.delete(key)
    }
  }

  /** Rules of thumb on the quick lane, the search on its own: the rules never wait for the search. */
  const suggestBandwidth = async (req: JobRequest<WorkbenchJobs, 'bandwidth'>, ctx: CallContext): Promise<BandwidthSuggestion[]> => {
    const methods = [...new Set(req.methods)]
    const rules = methods.filter((m): m is Exclude<BandwidthMethod, 'loo-cv'> => m !== 'loo-cv')
    const [fromRules, fromSearch] = await Promise.all([
      rules.length ? latest(d.quick, 'rules', ctx, 'bandwidth', { ...req, methods: rules }) : [],
      methods.includes('loo-cv') ? latest(d.search, 'search', ctx, 'bandwidth', { ...req, methods: ['loo-cv'] }) : [],
    ])
    const all = [...fromRules, ...fromSearch]
    return methods.map((m) => all.find((s) => s.method === m)!)
  }

  return {
    createExperiment: (spec) => d.runner.create(spec),
    cancelExperiment: ({ id }) => d.runner.cancel(id),
    getExperiment: ({ id, arrays }) => (arrays ? d.quick.run('detail', { store: d.location, id, arrays }).result : d.store.detail(id, false)),
    getExperimentArray: ({ id, name, offset, limit }) => d.quick.run('arrayPage', { store: d.location, id, name, offset, limit }).result,
    listExperiments: (req) => d.store.list(req),
    renameExperiment: async ({ id, name }) => {
      const r = await write('renaming the run', () => d.store.rename(id, name))
      changed([id])
      return r
    },
    tagExperiment: async ({ id, add, remove }) => {
      const r = await write('tagging the run', () => d.store.tag(id, add, remove))
      changed([id])
      return r
    },
    tagExperiments: async ({ ids, add, remove }) => {
      const runs = await write('tagging the runs', () => d.store.batch(() => ids.map((id) => d.store.tag(id, add, remove))))
      changed(ids)
      return { tagged: runs.length }
    },
    suggestTags: ({ prefix, limit }) => d.store.tagsStartingWith(prefix, limit),
    annotateExperiment: async ({ id, notes }) => {
      const r = await write('saving the notes', () => d.store.annotate(id, notes))
      changed([id])
      return r
    },
    deleteExperiments: async ({ ids }) => {
      // A run being computed is stopped first, so its worker is not busy for nothing.
      await Promise.all(ids.filter((id) => d.runner.isActive(id)).map((id) => d.runner.cancel(id)))
      const deleted = await write('deleting the runs', () => d.store.softDelete(ids, Date.now()))
      changed(ids)
      return { deleted }
    },
    restoreExperiments: async ({ ids }) => {
      const restored = await write('restoring the runs', () => d.store.restore(ids))
      changed(ids)
      return { restored }
    },
    experimentHeatmap: ({ id, model, rows, cols }) => d.quick.run('heatmap', { store: d.location, id, model, rows, cols }).result,
    experimentVectorView: ({ id, grid, sliceSteps }) => d.quick.run('vectorView', { store: d.location, id, grid, sliceSteps }).result,
    experimentLocalLinear: ({ id, xQuery }) => d.quick.run('localLinear', { store: d.location, id, xQuery }).result,
    experimentVectorHeatmap: ({ id, order, rows, cols }) => d.quick.run('vectorHeatmap', { store: d.location, id, order, rows, cols }).result,
    experimentVectorProbe: ({ id, at, maxBars }) => d.quick.run('vectorProbe', { store: d.location, id, at, maxBars }).result,
    suggestBandwidth: ({ data, kernel, methods }, ctx) => suggestBandwidth({ data, kernel, methods }, ctx),
    previewData: ({ data, maxPoints }, ctx) => latest(d.quick, 'preview', ctx, 'preview', { data, maxPoints }),
    rerunExperiment: ({ id }) => {
      const source = d.store.summary(id)
      const spec = d.store.spec(id)
      // The run as it is now (renamed, retagged), linked back to it; names are at most 200 characters.
      const name = d.store.uniqueName(`${source.name.slice(0, 185)} · re-run`)
      return d.runner.start({ ...spec, name, tags: source.tags }, { parentId: id })
    },
    ensureExperiment: async (spec) => {
      const same = d.store.findSameRun(normalizeSpec(spec))
      if (same) return { run: d.store.summary(same), reused: true }
      return { run: await d.runner.create(spec), reused: false }
    },
    exportBundle: ({ ids }) => d.store.exportBundle(ids, Date.now()),
    importBundle: async ({ bundle }) => {
      const r = await write('importing the bundle', () => d.store.importBundle(bundle, d.owner))
      changed(r.imported)
      return r
    },
    appInfo: () => d.info(),
  }
}
