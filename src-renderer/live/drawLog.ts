import type { FrameParts } from './protocol'

/**
 * Where a live frame's time goes on the page: each live chart's redraw, and
 * each frame's stages from input to paint, timed and recorded when a
 * measuring tool (the preview benchmark, a profiler script) has put an array
 * at `window.__nwDrawLog` or `window.__nwFrameLog`; nothing is kept otherwise.
 */
export interface DrawRecord {
  chart: string
  /** Building the option, planning the patch and ECharts's update and paint of its canvas. */
  ms: number
  /** 'patch', 'full' or 'none' (see optionPatch.ts). */
  plan: string
}

export function logDraw(record: DrawRecord): void {
  const log = (globalThis as { __nwDrawLog?: DrawRecord[] }).__nwDrawLog
  if (Array.isArray(log)) log.push(record)
}

/**
 * One painted frame's stages, in ms after its input event: when the page
 * asked the worker, when the reply arrived, when the page had updated (Vue
 * and the charts), when the charts had finished drawing, when the browser
 * had painted. `workerMs` is the worker's own share of asked-to-reply.
 */
export interface FrameRecord {
  quality: string
  /** When the page's first listener ran (the event waited in the queue until then); NaN when unknown. */
  heard: number
  /** When the preview's watcher saw the new target (Vue's update of everything before it). */
  watched: number
  asked: number
  replied: number
  workerMs: number
  /** For a frame joined from two parts: the fit's part (with the first rows) and the heatmap's part, in ms, and the split. */
  parts?: FrameParts
  /** The workers had the frame already (a revisited sigma or kernel): no engine call. */
  reused: boolean
  updated: number
  finished: number
  painted: number
}

export function logFrame(record: FrameRecord): void {
  const log = (globalThis as { __nwFrameLog?: FrameRecord[] }).__nwFrameLog
  if (Array.isArray(log)) log.push(record)
}
