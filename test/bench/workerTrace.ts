import type { BrowserContext, Page } from 'playwright-core'
import { formatMs } from './measure'

/**
 * A Chromium trace of the preview workers while the profile's inputs run:
 * for each long task of a worker, how much of it was garbage collection and
 * how many times V8 threw compiled code away. A frame several times its
 * usual time is most often one of these, not the engine's arithmetic: code
 * running unoptimised boxes every number it computes, and the scavenges that
 * follow take the rest (a first typed sigma at 10^3 took 41 ms in the fit's
 * worker, 15 of them in 8 scavenges, with 53 deoptimisations).
 */

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  ts: number
  dur?: number
  args?: { name?: string }
}

export interface WorkerTrace {
  stop(): Promise<string[][]>
}

/** Long tasks are those of at least this many milliseconds. */
export const LONG_TASK_MS = 5

export async function traceWorkers(context: BrowserContext, page: Page): Promise<WorkerTrace> {
  const session = await context.newCDPSession(page)
  const events: TraceEvent[] = []
  session.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])))
  await session.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['devtools.timeline', 'v8'] } })
  return {
    async stop() {
      const complete = new Promise((resolve) => session.once('Tracing.tracingComplete', resolve))
      await session.send('Tracing.end')
      await complete
      return longWorkerTasks(events)
    },
  }
}

/** Rows: worker, start (ms into the trace), task, garbage collection, deoptimisations. */
function longWorkerTasks(events: TraceEvent[]): string[][] {
  const thread = (e: TraceEvent) => `${e.pid}:${e.tid}`
  const workers = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'DedicatedWorker thread').map(thread))
  const origin = events.reduce((min, e) => (e.ts > 0 && e.ts < min ? e.ts : min), Infinity)
  const byWorker = new Map<string, TraceEvent[]>()
  for (const e of events) {
    if (e.ph !== 'X' || !workers.has(thread(e))) continue
    const own = byWorker.get(thread(e))
    if (own) own.push(e)
    else byWorker.set(thread(e), [e])
  }
  const rows: { start: number; row: string[] }[] = []
  let index = 0
  for (const own of byWorker.values()) {
    index++
    for (const task of own.filter((e) => e.name === 'FunctionCall' && (e.dur ?? 0) >= LONG_TASK_MS * 1000)) {
      const inside = own.filter((e) => e.ts >= task.ts && e.ts <= task.ts + task.dur!)
      const gc = inside.filter((e) => e.name === 'MinorGC' || e.name === 'MajorGC')
      const deopts = inside.filter((e) => e.name === 'V8.DeoptimizeCode').length
      const gcMs = gc.reduce((sum, e) => sum + (e.dur ?? 0), 0) / 1000
      const start = (task.ts - origin) / 1000
      rows.push({ start, row: [`worker ${index}`, formatMs(start), formatMs(task.dur! / 1000), `${formatMs(gcMs)} (${gc.length})`, String(deopts)] })
    }
  }
  return rows.sort((a, b) => a.start - b.start).map((r) => r.row)
}
