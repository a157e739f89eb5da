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
  id?: string
  args?: { name?: string; data?: ProfileData }
}

/** What V8's sampling profiler writes into a trace: a Profile event (its start), then ProfileChunks. */
interface ProfileData {
  startTime?: number
  cpuProfile?: { nodes?: { id: number; callFrame: { functionName?: string; url?: string; lineNumber?: number } }[]; samples?: number[] }
  timeDeltas?: number[]
}

export interface WorkerTrace {
  stop(): Promise<{ tasks: string[][]; hotspots: string[] }>
}

/** The longest worker tasks whose sampled functions are listed, and how many functions each. */
const PROFILED_TASKS = 8
const HOT_FUNCTIONS = 8

/** Long tasks are those of at least this many milliseconds. */
export const LONG_TASK_MS = 5

export async function traceWorkers(context: BrowserContext, page: Page): Promise<WorkerTrace> {
  const session = await context.newCDPSession(page)
  const events: TraceEvent[] = []
  session.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])))
  await session.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['devtools.timeline', 'v8', 'disabled-by-default-v8.cpu_profiler'] } })
  return {
    async stop() {
      const complete = new Promise((resolve) => session.once('Tracing.tracingComplete', resolve))
      await session.send('Tracing.end')
      await complete
      const origin = originOf(events)
      const byWorker = workerEvents(events)
      return { tasks: longWorkerTasks(byWorker, origin), hotspots: hotspots(byWorker, threadSamples(events), origin) }
    },
  }
}

const thread = (e: TraceEvent) => `${e.pid}:${e.tid}`
const originOf = (events: TraceEvent[]) => events.reduce((min, e) => (e.ts > 0 && e.ts < min ? e.ts : min), Infinity)

/** Each worker thread's complete ('X') events, in the order the workers first appear. */
function workerEvents(events: TraceEvent[]): Map<string, TraceEvent[]> {
  const workers = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'DedicatedWorker thread').map(thread))
  const byWorker = new Map<string, TraceEvent[]>()
  for (const e of events) {
    if (e.ph !== 'X' || !workers.has(thread(e))) continue
    const own = byWorker.get(thread(e))
    if (own) own.push(e)
    else byWorker.set(thread(e), [e])
  }
  return byWorker
}

/** A worker's tasks of LONG_TASK_MS or more. */
const longTasks = (own: TraceEvent[]) => own.filter((e) => e.name === 'FunctionCall' && (e.dur ?? 0) >= LONG_TASK_MS * 1000)
/** Whether a moment (trace clock, us) falls within a task. */
const within = (task: TraceEvent, ts: number) => ts >= task.ts && ts <= task.ts + task.dur!

/** Rows: worker, start (ms into the trace), task, garbage collection, deoptimisations. */
function longWorkerTasks(byWorker: Map<string, TraceEvent[]>, origin: number): string[][] {
  const rows: { start: number; row: string[] }[] = []
  let index = 0
  for (const own of byWorker.values()) {
    index++
    for (const task of longTasks(own)) {
      const inside = own.filter((e) => within(task, e.ts))
      const gc = inside.filter((e) => e.name === 'MinorGC' || e.name === 'MajorGC')
      const deopts = inside.filter((e) => e.name === 'V8.DeoptimizeCode').length
      const gcMs = gc.reduce((sum, e) => sum + (e.dur ?? 0), 0) / 1000
      const start = (task.ts - origin) / 1000
      rows.push({ start, row: [`worker ${index}`, formatMs(start), formatMs(task.dur! / 1000), `${formatMs(gcMs)} (${gc.length})`, String(deopts)] })
    }
  }
  return rows.sort((a, b) => a.start - b.start).map((r) => r.row)
}

/**
 * For the longest worker tasks, the functions the sampling profiler found
 * running most often (self time): whether a slow frame spent its time in the
 * engine's loops, in building cells, or somewhere unexpected.
 */
function hotspots(byWorker: Map<string, TraceEvent[]>, samples: Map<string, Sample[]>, origin: number): string[] {
  const tasks = [...byWorker]
    .flatMap(([key, own], i) => longTasks(own).map((task) => ({ key, index: i + 1, task })))
    .sort((a, b) => b.task.dur! - a.task.dur!)
    .slice(0, PROFILED_TASKS)
  return tasks.map(({ key, index, task }) => {
    const self = new Map<string, number>()
    let total = 0
    for (const s of samples.get(key) ?? []) {
      if (!within(task, s.ts)) continue
      self.set(s.name, (self.get(s.name) ?? 0) + s.ms)
      total += s.ms
    }
    const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, HOT_FUNCTIONS)
    const list = top.map(([name, ms]) => `${name} ${formatMs(ms)}`).join(', ')
    return `worker ${index} at ${formatMs((task.ts - origin) / 1000)}, ${formatMs(task.dur! / 1000)} (${formatMs(total)} sampled): ${list}`
  })
}

/** One sample: when (trace clock, us), the function running, and the time up to the next sample (ms). */
interface Sample {
  ts: number
  name: string
  ms: number
}

/** Each thread's samples. */
function threadSamples(events: TraceEvent[]): Map<string, Sample[]> {
  const profiles = new Map<string, { time: number; names: Map<number, string>; out: Sample[] }>()
  const byThread = new Map<string, Sample[]>()
  for (const e of events) {
    const data = e.args?.data
    if (!data || e.id === undefined) continue
    if (e.name === 'Profile') {
      const out = byThread.get(thread(e)) ?? []
      byThread.set(thread(e), out)
      profiles.set(`${e.pid}:${e.id}`, { time: data.startTime ?? e.ts, names: new Map(), out })
    } else if (e.name === 'ProfileChunk') {
      const p = profiles.get(`${e.pid}:${e.id}`)
      if (!p) continue
      for (const node of data.cpuProfile?.nodes ?? []) {
        const f = node.callFrame
        // Chunks may repeat a node with only its id and parent: its call frame came in an earlier chunk.
        if (!f) continue
        const file = f.url?.split('/').pop() ?? ''
        const where = file ? ` ${file}:${(f.lineNumber ?? 0) + 1}` : ''
        p.names.set(node.id, `${f.functionName || '(anonymous)'}${where}`)
      }
      const ids = data.cpuProfile?.samples ?? []
      const deltas = data.timeDeltas ?? []
      for (let k = 0; k < ids.length; k++) {
        p.time += deltas[k] ?? 0
        const previous = p.out[p.out.length - 1]
        if (previous) previous.ms = (p.time - previous.ts) / 1000
        p.out.push({ ts: p.time, name: p.names.get(ids[k]!) ?? '?', ms: 0 })
      }
    }
  }
  return byThread
}
