/**
 * The server under heavy requests (issue: "one request must never stall everyone"):
 * - while a run of 10^7 training points and 10^7 queries is computed, saved and opened,
 *   cheap requests (the runs list) keep being answered: their p99 latency;
 * - 10,000 list calls with id lists of varied length: how much the process's memory grows.
 * Run alone with: node --import tsx test/bench/serverLoadBench.ts
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServices, type Services } from '../../src-main/services'

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!
}

async function call(s: Services, method: string, request: unknown): Promise<unknown> {
  const r = await s.dispatch(method, request)
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`)
  return r.value
}

/** Fires a cheap request every `everyMs` until `done` and returns their latencies. */
async function probe(s: Services, done: () => boolean, everyMs = 20): Promise<number[]> {
  const latencies: number[] = []
  while (!done()) {
    const t = performance.now()
    await call(s, 'listExperiments', { limit: 20 })
    latencies.push(performance.now() - t)
    await new Promise((r) => setTimeout(r, everyMs))
  }
  return latencies
}

export async function benchServerLoad(log: (line: string) => void = console.log, n = 10_000_000): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nw-bench-load-'))
  const s = createServices({ databasePath: join(dir, 'runs.db'), transport: 'cli', experimentWorkers: 1 })
  try {
    const t0 = performance.now()
    let finished = false
    const created = (await call(s, 'createExperiment', { data: { fn: 'sin', n, seed: 1, queryStep: 5 / n }, kernel: 'gaussian', sigma: 0.05 })) as { id: string }
    const during = probe(s, () => finished)
    const final = await s.runner.waitFor(created.id)
    finished = true
    const whileSaving = await during
    const computed = performance.now() - t0
    if (final.status !== 'done') throw new Error(`the run ended ${final.status}: ${final.error?.message}`)
    let opened = false
    const t1 = performance.now()
    const opening = probe(s, () => opened, 5)
    await call(s, 'getExperiment', { id: created.id })
    await call(s, 'experimentHeatmap', { id: created.id, rows: 100, cols: 100 })
    opened = true
    const whileOpening = await opening
    const openMs = performance.now() - t1
    const all = [...whileSaving, ...whileOpening].sort((a, b) => a - b)
    log(`load: a run of ${n.toExponential(0)} points computed and saved in ${(computed / 1000).toFixed(1)} s, opened (details + heatmap) in ${(openMs / 1000).toFixed(1)} s`)
    log(`load: meanwhile ${all.length} list requests: median ${percentile(all, 0.5).toFixed(1)} ms, p99 ${percentile(all, 0.99).toFixed(1)} ms, max ${all[all.length - 1]!.toFixed(1)} ms (target p99 <= 100 ms)`)

    // 10,000 list calls, each naming a different number of ids.
    const ids = Array.from({ length: 10_000 }, (_, i) => `zz${String(i).padStart(10, '0')}`)
    global.gc?.()
    const rss0 = process.memoryUsage().rss
    for (let k = 1; k <= 10_000; k++) await call(s, 'listExperiments', { limit: 10, filter: { ids: ids.slice(0, k) } })
    global.gc?.()
    const rss1 = process.memoryUsage().rss
    log(`load: 10,000 list calls with 1 to 10,000 ids each: RSS ${(rss0 / 2 ** 20).toFixed(0)} MB -> ${(rss1 / 2 ** 20).toFixed(0)} MB (+${((rss1 - rss0) / 2 ** 20).toFixed(0)} MB; target <= +100 MB)`)
  } finally {
    await s.close()
  }
}

if (require.main === module) void benchServerLoad(console.log, Number(process.argv[2] ?? 10_000_000))
