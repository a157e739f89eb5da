/**
 * Where a live frame's time goes, stage by stage: a measuring tool for the
 * live preview (not part of `npm run bench`). For one size it types sigmas,
 * switches kernels and reads the page's frame log (src-renderer/live/drawLog.ts):
 * input to ask, the worker's share, the rest of ask-to-reply (messages and
 * waiting), reply to updated (Vue and the charts), to finished, to painted.
 * With --cpu it also records a CPU profile of the page's main thread over the
 * same inputs and prints the functions with the most self time (--cpu-out=file
 * writes the whole profile, a .cpuprofile for DevTools); with
 * --trace, each long task of the workers with its garbage collection and
 * deoptimisations (workerTrace.ts).
 *
 *   node --import tsx test/bench/previewProfile.ts [n] [--cpu] [--trace] [--shots=dir] [--renderer=dir] [--kernel=k] [--kernels=a,b] [--sigmas=a,b] [--seeds=a,b] [--ab]
 *
 * --kernel=k types the sigmas with kernel k (one more frame, first in the table).
 * --kernels=a,b,... switches to these kernels instead of the usual four;
 * --sigmas=a,b,... types these sigmas instead of the usual ten (--sigmas= none:
 * a profile of kernel switches alone); --seeds=a,b,... then types these
 * generator seeds (new data of the same size).
 * --renderer serves another built renderer (a copy of out/renderer made
 * before a change), so a before and an after can be timed in the same
 * moment on a shared machine. --ab pins the first frame as A first.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { ensureBuilt, RENDERER_DIR } from '../../src-main/server/rendererBuild'
import { startBrowserServer } from '../../src-main/server/httpServer'
import { createServices } from '../../src-main/services'
import { tempDir } from '../cli/runCli'
import type { DrawRecord, FrameRecord } from '../../src-renderer/live/drawLog'
import { launchChromiumInSession } from './sameSessionChromium'
import { listOption, option } from './args'
import { formatMs, hostCalibrationMs, median, printTable } from './measure'
import { LONG_TASK_MS, traceWorkers } from './workerTrace'

const SIGMAS = ['0.05', '0.08', '0.12', '0.2', '0.3', '0.5', '0.8', '0.15', '0.25', '0.4']
const KERNELS = ['epanechnikov', 'gaussian', 'tricube', 'gaussian']

interface PageElement {
  getAttribute(name: string): string | null
  textContent: string | null
}
declare const document: { querySelector(selector: string): PageElement | null }
declare const window: { __nwDrawLog?: DrawRecord[]; __nwFrameLog?: FrameRecord[] }

async function settled(page: Page, sigma: string | null): Promise<void> {
  await page.waitForFunction(
    (s) => {
      const shown = document.querySelector('[data-role="shown-sigma"]')?.getAttribute('data-value')
      const exact = document.querySelector('[data-role="frame-quality"]')?.textContent?.includes('exact')
      const latency = document.querySelector('[data-role="latency"]')?.getAttribute('data-exact-ms')
      const busy = document.querySelector('[data-role="updating"]')
      return (s === null || shown === s) && exact && latency && !busy
    },
    sigma,
    { timeout: 120_000, polling: 20 },
  )
  await page.waitForTimeout(400)
}

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

/** Functions by self time and by total time (each sample credits every function on its stack once), idle left out. */
function topTimes(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }, count: number): string[][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id)
  const label = (id: number) => {
    const f = byId.get(id)!.callFrame
    return `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`
  }
  const self = new Map<string, number>()
  const total = new Map<string, number>()
  let busy = 0
  profile.samples.forEach((id, k) => {
    const ms = (profile.timeDeltas[k] ?? 0) / 1000
    const own = label(id)
    if (own.startsWith('(idle)')) return
    busy += ms
    self.set(own, (self.get(own) ?? 0) + ms)
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = label(at)
      if (seen.has(name)) continue
      seen.add(name)
      total.set(name, (total.get(name) ?? 0) + ms)
    }
  })
  const rows = [...total.entries()].sort((a, b) => b[1] - a[1]).slice(0, count)
  return [['(busy)', formatMs(busy), '']].concat(rows.map(([name, ms]) => [name.slice(0, 90), formatMs(ms), formatMs(self.get(name) ?? 0)]))
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 1e4)
  const cpu = process.argv.includes('--cpu')
  const shots = option('shots')
  const rendererDir = option('renderer')
  const ab = process.argv.includes('--ab')
  if (!rendererDir) ensureBuilt(() => undefined)
  const calibrationStart = hostCalibrationMs()
  const services = createServices({ databasePath: join(tempDir('nw-profile-'), 'runs.db'), transport: 'browser', experimentWorkers: 1 })
  const server = await startBrowserServer({ services, rendererDir: rendererDir ?? RENDERER_DIR, host: '127.0.0.1', port: 0, token: 'profile'.repeat(8) })
  // In this process's session, as Electron's renderers are in its main process's (sameSessionChromium.ts).
  const browser = await launchChromiumInSession({ width: 1440, height: 1000 })
  const context = browser.context
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    await page.goto(server.url)
    await page.waitForSelector('[data-role="latency"]', { timeout: 30_000 })
    await page.click('button[role="tab"]:has-text("Generator")')
    await page.fill('[data-field="sigma"]', '0.3')
    await page.fill('[data-field="gen.queryStep"]', String(5 / n))
    await page.fill('[data-field="gen.n"]', String(n))
    await page.waitForSelector(`[data-role="live-preview"] .sub-line:has-text("${n.toLocaleString('en')} points")`, { timeout: 120_000 })
    await settled(page, '0.3')
    // Let the leave-one-out curve and the bandwidth search finish: they share the cores.
    await page.waitForTimeout(n >= 1e5 ? 15_000 : 5_000)
    if (ab) await page.click('[data-action="pin"]')
    const tag = ab ? '-ab' : ''
    if (shots) await page.screenshot({ path: join(shots, `live-${n}${tag}-sigma-0.3.png`), fullPage: true })
    await page.evaluate(() => {
      window.__nwDrawLog = []
      window.__nwFrameLog = []
    })
    const trace = process.argv.includes('--trace') ? await traceWorkers(context, page) : null
    const session = cpu ? await context.newCDPSession(page) : null
    if (session) {
      await session.send('Profiler.enable')
      await session.send('Profiler.setSamplingInterval', { interval: 200 })
      await session.send('Profiler.start')
    }
    const typedKernel = option('kernel')
    if (typedKernel) {
      await page.click(`[data-kernel="${typedKernel}"]`)
      await settled(page, null)
    }
    const sigmas = listOption('sigmas') ?? SIGMAS
    for (const s of sigmas) {
      await page.fill('[data-field="sigma"]', s)
      await settled(page, s)
    }
    const kernels = listOption('kernels') ?? KERNELS
    for (const k of kernels) {
      await page.click(`[data-kernel="${k}"]`)
      await settled(page, null)
    }
    // New data of the same size: the generator's seed typed (the data change's frames).
    const seeds = listOption('seeds') ?? []
    for (const seed of seeds) {
      await page.fill('[data-field="gen.seed"]', seed)
      await settled(page, null)
    }
    const traced = trace ? await trace.stop() : null
    const profile = session ? ((await session.send('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } }).profile : null
    // The whole profile, for DevTools (Performance, Load profile) or a script.
    const cpuOut = option('cpu-out')
    if (profile && cpuOut) writeFileSync(cpuOut, JSON.stringify(profile))
    if (shots) {
      await page.screenshot({ path: join(shots, `live-${n}${tag}-gaussian-0.4.png`), fullPage: true })
      // The fit's tooltip (its curves' colour markers), hovering the middle of the plot.
      const box = (await page.locator('[data-chart="live-fit"] .plot').boundingBox())!
      await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.5)
      await page.waitForTimeout(400)
      await page.locator('[data-chart="live-fit"]').screenshot({ path: join(shots, `live-${n}${tag}-fit-tooltip.png`) })
      await page.mouse.move(0, 0)
    }
    const { frames, draws } = await page.evaluate(() => ({ frames: window.__nwFrameLog ?? [], draws: window.__nwDrawLog ?? [] }))
    const rows = frames.map((f) => [
      f.quality,
      formatMs(f.heard),
      formatMs(f.watched),
      formatMs(f.asked),
      formatMs(f.workerMs),
      f.parts ? `${formatMs(f.parts.fitPartMs)} (${f.parts.fitMs > 0 ? `fit ${formatMs(f.parts.fitMs)}` : 'one pass'}) | ${formatMs(f.parts.heatPartMs)} @ ${f.parts.split}` : '',
      formatMs(f.replied - f.asked - f.workerMs),
      formatMs(f.updated - f.replied),
      formatMs(f.finished - f.updated),
      formatMs(f.painted - f.finished),
      formatMs(f.painted),
    ])
    console.log(`n = m = ${n}: stages of each painted frame (ms after the input event); host calibration ${formatMs(calibrationStart)} before, ${formatMs(hostCalibrationMs())} after`)
    printTable(['frame', 'heard', 'watched', 'input→ask', 'worker', 'fit part | heat part @ split', 'messages', 'update', 'finish', 'paint', 'total'], rows)
    const charts = new Map<string, number[]>()
    for (const d of draws) charts.set(d.chart, [...(charts.get(d.chart) ?? []), d.ms])
    console.log([...charts].map(([c, ms]) => `${c}: median ${formatMs(median(ms))} over ${ms.length}`).join('; '))
    if (traced) {
      console.log(`The workers' tasks of ${LONG_TASK_MS} ms or more (engine frames, warm-up frames), from the first input:`)
      printTable(['worker', 'at', 'task', 'garbage collection (collections)', 'deoptimisations'], traced.tasks)
      console.log('The longest tasks, by sampled self time:')
      for (const line of traced.hotspots) console.log(`  ${line}`)
    }
    if (profile) {
      console.log('Main thread, most total time:')
      printTable(['function', 'total', 'self'], topTimes(profile, 60))
    }
  } finally {
    await browser.close()
    await server.close()
    await services.close()
  }
}

void main()
