import type { z } from 'zod'
import type { BandwidthMethod } from '../engine/bandwidth'
import type { VectorViewReply } from '../experiment/vectorView'
import type { VectorHeatmapReply, VectorProbeReply } from '../experiment/vectorAttention'
import type { TrainingRecord } from '../experiment/outcome'
import type { Bundle } from './bundle'
import type { RunDetail, RunPage, RunStatus, RunSummary, RunError } from './runs'
import { REQUEST_SCHEMAS } from './requests'
import type { StudyProgress } from './studies'
import type { StudyApi } from './studyRequests'

/**
 * The workbench API, declared once. The main process implements it as a
 * handler table (`ApiHandlers`: a missing or mistyped handler fails to
 * compile); the renderer calls it through a client derived from it
 * (`createApiClient`), over Electron IPC or HTTP in browser mode.
 */
export type ApiMethod = keyof typeof REQUEST_SCHEMAS
export type ApiRequest<M extends ApiMethod> = z.input<(typeof REQUEST_SCHEMAS)[M]>
/** A request after validation, with defaults filled in: what handlers receive. */
export type ApiParsedRequest<M extends ApiMethod> = z.output<(typeof REQUEST_SCHEMAS)[M]>

export interface HeatmapReply {
  rows: number
  cols: number
  /** Block means of the attention weights, row-major; rows are sorted queries, columns sorted keys. */
  values: number[]
  max: number
  rowEdges: number[]
  colEdges: number[]
  undefinedRows: number[]
  /** The kernel and bandwidth the weights were computed with. */
  kernel: string
  sigma: number
  /** How the cells were computed, and a bound on |cell - exact cell| (0: exact up to rounding). */
  algorithm: string
  errorBound: number
}

export interface BandwidthSuggestion {
  method: BandwidthMethod
  sigma: number | null
  /** Mean squared leave-one-out error at sigma; null where undefined. */
  score: number | null
  /** Why there is no value, when there is none. */
  error: string | null
  /** The leave-one-out optimum at an end of the search (see BandwidthSearchResult.limit); absent for the rules. */
  limit?: 'lower' | 'upper' | null
}

export interface DataPreview {
  xTrain: number[]
  yTrain: number[]
  xQuery: number[]
  yTruth: number[] | null
  nTrain: number
  nQuery: number
  /** True when the points were thinned to maxPoints for display. */
  thinned: boolean
}

export interface AppInfo {
  version: string
  databasePath: string
  workers: number
  transport: 'electron' | 'browser' | 'cli'
}

/** The API as the renderer sees it. */
export interface WorkbenchApi extends StudyApi {
  createExperiment(req: ApiRequest<'createExperiment'>): Promise<RunSummary>
  cancelExperiment(req: ApiRequest<'cancelExperiment'>): Promise<RunSummary>
  /** A run; its arrays thinned for display beyond 100,000 points (arrays.thinned says so). */
  getExperiment(req: ApiRequest<'getExperiment'>): Promise<RunDetail>
  /** A page of one of a run's arrays, in full (undefined estimates as null). */
  getExperimentArray(req: ApiRequest<'getExperimentArray'>): Promise<{ values: (number | null)[]; total: number }>
  listExperiments(req: ApiRequest<'listExperiments'>): Promise<RunPage>
  renameExperiment(req: ApiRequest<'renameExperiment'>): Promise<RunSummary>
  tagExperiment(req: ApiRequest<'tagExperiment'>): Promise<RunSummary>
  /** The same tags added to and removed from many runs at once. */
  tagExperiments(req: ApiRequest<'tagExperiments'>): Promise<{ tagged: number }>
  /** Tags in use that start with a prefix, most used first (for autocompletion). */
  suggestTags(req: ApiRequest<'suggestTags'>): Promise<{ tag: string; runs: number }[]>
  annotateExperiment(req: ApiRequest<'annotateExperiment'>): Promise<RunSummary>
  deleteExperiments(req: ApiRequest<'deleteExperiments'>): Promise<{ deleted: number }>
  restoreExperiments(req: ApiRequest<'restoreExperiments'>): Promise<{ restored: number }>
  experimentHeatmap(req: ApiRequest<'experimentHeatmap'>): Promise<HeatmapReply>
  /** A vector run's surface (d = 2), slices per coordinate and widths per coordinate, computed in a worker. */
  experimentVectorView(req: ApiRequest<'experimentVectorView'>): Promise<VectorViewReply>
  /** A one-dimensional run's local-linear fit at its kernel and σ, at the given queries (drawn beside Nadaraya-Watson), computed in a worker. */
  experimentLocalLinear(req: ApiRequest<'experimentLocalLinear'>): Promise<{ yHat: (number | null)[]; sigma: number; algorithm: string; errorBound: number }>
  /** A vector run's attention heatmap (queries by keys, ordered by a coordinate or by distance to a query), computed in a worker. */
  experimentVectorHeatmap(req: ApiRequest<'experimentVectorHeatmap'>): Promise<VectorHeatmapReply>
  /** A vector run's query probe: one query's attention weights against distance, computed in a worker. */
  experimentVectorProbe(req: ApiRequest<'experimentVectorProbe'>): Promise<VectorProbeReply>
  suggestBandwidth(req: ApiRequest<'suggestBandwidth'>): Promise<BandwidthSuggestion[]>
  previewData(req: ApiRequest<'previewData'>): Promise<DataPreview>
  /** Runs a stored run's spec again, exactly: same data, seed and parameters, so the same numbers. */
  rerunExperiment(req: ApiRequest<'rerunExperiment'>): Promise<RunSummary>
  /**
   * The run this version already made from the same spec (name, tags and
   * notes aside), if it finished; else a new run. How the gallery reproduces
   * figures without piling up copies.
   */
  ensureExperiment(req: ApiRequest<'ensureExperiment'>): Promise<{ run: RunSummary; reused: boolean }>
  exportBundle(req: ApiRequest<'exportBundle'>): Promise<Bundle>
  importBundle(req: ApiRequest<'importBundle'>): Promise<{ imported: string[]; skipped: string[] }>
  appInfo(req: ApiRequest<'appInfo'>): Promise<AppInfo>
}

// Compile-time check that the interface and the schema table list the same methods.
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : never
export const API_METHODS_MATCH: SameKeys<WorkbenchApi, typeof REQUEST_SCHEMAS> = true

export type ApiReply<M extends ApiMethod> = Awaited<ReturnType<WorkbenchApi[M]>>

/** Who is calling: one browser tab or one window. Requests that supersede each other do so per client. */
export interface CallContext {
  client: string
}

/** The main side: one handler per method, receiving the validated request and who sent it. */
export type ApiHandlers = {
  [M in ApiMethod]: (req: ApiParsedRequest<M>, ctx: CallContext) => Promise<ApiReply<M>> | ApiReply<M>
}

export const API_METHODS = Object.keys(REQUEST_SCHEMAS) as ApiMethod[]

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(REQUEST_SCHEMAS, name)
}

/** What crosses a transport in reply to a request. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: RunError }

/** Events pushed from main to every watcher. */
export type WorkbenchEvent =
  | {
      type: 'run.progress'
      runId: string
      /** The latest epoch, of `epochs` in all, and its loss and w (a parametric vector run's: one w per coordinate). */
      epoch: number
      epochs: number
      loss: number
      w: number | number[]
      /** Every epoch finished since the previous progress event (fast runs batch them); a run's records are all of one kind. */
      records: TrainingRecord[]
      /** A scalar w's starting value, once drawn: the replay's epoch 0 before the run is saved. */
      w0?: number
    }
  | { type: 'run.stage'; runId: string; stage: string; done: number; total: number }
  | { type: 'run.status'; runId: string; status: RunStatus; run: RunSummary }
  | { type: 'runs.changed'; ids: string[] }
  | { type: 'study.progress'; studyId: string; progress: StudyProgress }
  | { type: 'menu'; action: 'new-experiment' | 'export' }
