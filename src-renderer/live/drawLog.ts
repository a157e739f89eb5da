/**
 * Where a live frame's time goes on the page: each live chart's redraw,
 * timed and recorded when a measuring tool (the preview benchmark, a
 * profiler script) has put an array at `window.__nwDrawLog`; nothing is
 * kept otherwise.
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
