import { FrameMemo } from './frameMemo'
import { SplitBalance } from './splitBalance'
import type { DataRef, FrameMetrics, FrameRequest, HeatmapView, LiveFrame, LooCurveRequest, LooCurveUpdate, NumbersComparison, ProbeRequest, ProbeResult, RunNumbers, WorkerReply, WorkerRequest } from './protocol'

/**
 * The page's side of the preview workers. Three lanes, each a worker of its
 * own, so that a slow job never queues ahead of a quick one:
 * - interactive: the frames you see while dragging (exact up to ~10^5
 *   points, coarse beyond), the probe, replay frames;
 * - heat: the heatmap of an interactive frame, computed while the
 *   interactive worker computes its fit (two cores, one frame);
 * - exact: exact frames of large data sets and the metrics a saved run
 *   stores; work there that a newer input makes moot is stopped by ending
 *   the worker (an engine call cannot be interrupted otherwise) and starting
 *   a fresh one;
 * - curve: leave-one-out curves, cancelled between points, and paused while
 *   the interactive lane works (this machine may have two cores).
 */

export type LaneName = 'interactive' | 'heat' | 'exact' | 'curve'

export class PreviewCancelled extends Error {
  override name = 'PreviewCancelled'
  constructor() {
    super('superseded by a newer input')
  }
}

type Pending = {
  resolve(reply: WorkerReply): void
  reject(e: Error): void
  /** The request, to send again with its data when the worker has dropped them. */
  message: WorkerRequest
  data: DataRef | null
  /** Streams (LOO curves) get every reply, not only the last. */
  onUpdate?: (reply: WorkerReply) => void
}

export type WorkerFactory = () => Worker

export function defaultWorkerFactory(): Worker {
  return new Worker(new URL('./preview.worker.ts', import.meta.url), { type: 'module', name: 'nw-preview' })
}

let nextId = 1

/**
 * One frame from its two parts (computed at once by two workers): the fit's
 * part, with the heatmap rows of its split if any, and the heatmap's part.
 * For a compact kernel each part also has the fit at its rows' queries
 * (frame.ts: fusedPart): the display points follow on, and the test MSE is
 * made of the two parts' squared errors (equal to the whole frame's but
 * perhaps for the last digit: the sum is taken in two pieces). The worker's
 * share is the longer of the two.
 */
export function joinParts(fit: LiveFrame, heat: LiveFrame): LiveFrame {
  const { testErrors: a, ...first } = fit
  const b = heat.testErrors
  return {
    ...first,
    xs: concat(fit.xs, heat.xs),
    yHat: concat(fit.yHat, heat.yHat),
    yTruth: fit.yTruth && heat.yTruth ? concat(fit.yTruth, heat.yTruth) : fit.yTruth,
    undefinedCount: fit.undefinedCount + heat.undefinedCount,
    fitErrorBound: Math.max(fit.fitErrorBound, heat.fitErrorBound),
    testMse: a && b ? (a.used + b.used > 0 ? (a.sum + b.sum) / (a.used + b.used) : null) : fit.testMse,
    heatmap: joinHeatmaps(fit.heatmap, heat.heatmap),
    heatmapAlgorithm: heat.heatmapAlgorithm,
    workerMs: Math.max(fit.workerMs, heat.workerMs),
    fitMs: fit.fitMs,
    heatMs: fit.heatMs + heat.heatMs,
    reused: fit.reused && heat.reused,
  }
}

/** a then b; a itself when b is empty (a part with no fit). */
function concat(a: Float64Array, b: Float64Array): Float64Array {
  if (b.length === 0) return a
  const out = new Float64Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

/**
 * Two parts' rows of one heatmap. Each part leaves the other's rows 0 (RowRange
 * in the engine), so the sum of the two is every row as its part computed it,
 * bit for bit (x + 0 = x); the first part's rows come first.
 */
function joinHeatmaps(first: HeatmapView, rest: HeatmapView): HeatmapView {
  if (first.rows === 0) return rest
  const values = rest.values
  for (let k = 0; k < values.length; k++) values[k] = first.values[k]! + values[k]!
  return { ...rest, values, max: Math.max(first.max, rest.max), undefinedRows: [...first.undefinedRows, ...rest.undefinedRows] }
}

class Lane {
  private worker: Worker | null = null
  private readonly pending = new Map<number, Pending>()
  /** Keys of imported data this worker has been sent. */
  private known = new Set<string>()

  constructor(
    readonly name: LaneName,
    private readonly factory: WorkerFactory,
  ) {}

  get busy(): boolean {
    return this.pending.size > 0
  }

  private start(): Worker {
    if (this.worker) return this.worker
    const w = this.factory()
    w.onmessage = (e: MessageEvent<WorkerReply>) => this.receive(e.data)
    w.onerror = (e: ErrorEvent) => {
      e.preventDefault()
      this.fail(new Error(`the preview worker stopped: ${e.message || 'it could not be started'}`))
    }
    this.worker = w
    return w
  }

  private post(message: WorkerRequest, data: DataRef | null, withArrays: boolean): void {
    const w = this.start()
    if (data && data.kind === 'arrays') {
      const ref: DataRef = withArrays || !this.known.has(data.key) ? data : { key: data.key, kind: 'arrays' }
      if (ref.arrays) this.known.add(data.key)
      message = withData(message, ref)
    }
    w.postMessage(message)
  }

  request(message: WorkerRequest & { id: number }, data: DataRef | null, onUpdate?: (r: WorkerReply) => void): Promise<WorkerReply> {
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject, message, data, ...(onUpdate ? { onUpdate } : {}) })
      try {
        this.post(message, data, false)
      } catch (e) {
        this.pending.delete(message.id)
        reject(e as Error)
      }
    })
  }

  /** A message that expects no reply (cancel, pause, resume). */
  tell(message: WorkerRequest): void {
    this.worker?.postMessage(message)
  }

  private receive(reply: WorkerReply): void {
    const p = this.pending.get(reply.id)
    if (!p) return
    if (reply.type === 'missing-data') {
      this.known.delete(reply.key)
      this.post(p.message, p.data, true)
      return
    }
    if (reply.type === 'loo-curve' && !reply.final) {
      p.onUpdate?.(reply)
      return
    }
    this.pending.delete(reply.id)
    if (reply.type === 'error') p.reject(new Error(reply.message))
    else if (reply.type === 'cancelled') p.reject(new PreviewCancelled())
    else {
      p.onUpdate?.(reply)
      p.resolve(reply)
    }
  }

  private fail(e: Error): void {
    this.worker?.terminate()
    this.worker = null
    this.known = new Set()
    const pending = [...this.pending.values()]
    this.pending.clear()
    for (const p of pending) p.reject(e)
  }

  /** Ends whatever the worker is doing (its requests fail as cancelled) and starts a fresh one when next needed. */
  restart(): void {
    if (!this.busy) return
    this.fail(new PreviewCancelled())
  }

  close(): void {
    this.fail(new PreviewCancelled())
  }
}

function withData(message: WorkerRequest, data: DataRef): WorkerRequest {
  switch (message.type) {
    case 'frame':
      return { ...message, request: { ...message.request, data } }
    case 'probe':
      return { ...message, request: { ...message.request, data } }
    case 'loo-curve':
      return { ...message, request: { ...message.request, data } }
    case 'metrics':
    case 'warm':
    case 'compare':
      return { ...message, data }
    default:
      return message
  }
}

export class PreviewClient {
  private readonly lanes: Record<LaneName, Lane>
  private readonly balance = new SplitBalance()
  /** Joined frames just shown, by what they answer (not by part or split). */
  private readonly recent = new FrameMemo()

  constructor(factory: WorkerFactory = defaultWorkerFactory) {
    this.lanes = { interactive: new Lane('interactive', factory), heat: new Lane('heat', factory), exact: new Lane('exact', factory), curve: new Lane('curve', factory) }
  }

  busy(lane: LaneName): boolean {
    return this.lanes[lane].busy
  }

  async frame(request: FrameRequest, lane: 'interactive' | 'heat' | 'exact'): Promise<LiveFrame> {
    const r = await this.lanes[lane].request({ type: 'frame', id: nextId++, request }, request.data)
    if (r.type !== 'frame') throw new Error(`unexpected reply ${r.type}`)
    return r.frame
  }

  /**
   * A frame from two workers at once: the fit and the first rows of the
   * heatmap on the interactive lane, the other rows on the heat lane, split
   * so that both end at about once (splitBalance.ts).
   */
  async splitFrame(request: FrameRequest): Promise<LiveFrame> {
    // A frame shown a moment ago (a drag going back, a kernel switched back to) is the page's to copy: the
    // workers keep their parts by split too, and the split may have moved since.
    const kept = this.recent.get(request)
    if (kept) return { ...kept, workerMs: 0, fitMs: 0, heatMs: 0, reused: true, parts: undefined }
    const split = this.balance.split(request)
    const [fit, heat] = await Promise.all([this.frame({ ...request, part: 'fit', split }, 'interactive'), this.frame({ ...request, part: 'heatmap', split }, 'heat')])
    this.balance.measured(request, split, fit, heat)
    const frame = { ...joinParts(fit, heat), parts: { split, fitPartMs: fit.workerMs, fitMs: fit.fitMs, heatPartMs: heat.workerMs } }
    this.recent.set(request, frame)
    return frame
  }

  /**
   * The metrics a saved run stores, for a frame shown (frameMetrics.ts). On
   * the curve's worker, beside the curve: background work there pauses while
   * a frame computes (pauseCurves), and `cancel` stops it between two steps
   * without ending the worker.
   */
  metrics(data: DataRef, kernel: FrameRequest['kernel'], sigma: number): { done: Promise<FrameMetrics>; cancel(): void } {
    const id = nextId++
    const lane = this.lanes.curve
    const done = lane.request({ type: 'metrics', id, data, kernel, sigma }, data).then((r) => {
      if (r.type !== 'metrics') throw new Error(`unexpected reply ${r.type}`)
      return r.metrics
    })
    return { done, cancel: () => lane.tell({ type: 'cancel', id }) }
  }

  async probe(request: ProbeRequest): Promise<ProbeResult> {
    const r = await this.lanes.interactive.request({ type: 'probe', id: nextId++, request }, request.data)
    if (r.type !== 'probe') throw new Error(`unexpected reply ${r.type}`)
    return r.probe
  }

  /** A saved run's numbers against this page's computation of the same target (on the exact lane). */
  async compare(data: DataRef, kernel: FrameRequest['kernel'], sigma: number, run: RunNumbers): Promise<NumbersComparison> {
    const r = await this.lanes.exact.request({ type: 'compare', id: nextId++, data, kernel, sigma, run }, data)
    if (r.type !== 'compare') throw new Error(`unexpected reply ${r.type}`)
    return r.comparison
  }

  /** Makes a lane's worker hold the data now (a fresh exact worker, before it is asked for a frame). */
  warm(lane: LaneName, data: DataRef): void {
    void this.lanes[lane].request({ type: 'warm', id: nextId++, data }, data).catch(() => undefined)
  }

  /** A leave-one-out curve, point by point; `cancel` stops it between two points. */
  looCurve(request: LooCurveRequest, onUpdate: (u: LooCurveUpdate, final: boolean) => void): { done: Promise<void>; cancel(): void } {
    const id = nextId++
    const lane = this.lanes.curve
    const done = lane
      .request({ type: 'loo-curve', id, request }, request.data, (r) => {
        if (r.type === 'loo-curve') onUpdate(r.update, r.final)
      })
      .then(() => undefined)
    return { done, cancel: () => lane.tell({ type: 'cancel', id }) }
  }

  /** Stops the exact lane's work in flight (it was for an input the user has moved on from). */
  abandonExact(): void {
    this.lanes.exact.restart()
  }

  pauseCurves(): void {
    this.lanes.curve.tell({ type: 'pause' })
  }

  resumeCurves(): void {
    this.lanes.curve.tell({ type: 'resume' })
  }

  close(): void {
    for (const lane of Object.values(this.lanes)) lane.close()
  }
}

let shared: PreviewClient | null = null

/** The page's one client (null where the page cannot run workers, as in component tests). */
export function previewClient(): PreviewClient | null {
  if (typeof Worker === 'undefined') return null
  shared ??= new PreviewClient()
  return shared
}
