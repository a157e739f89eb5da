// Benchmark: the browser-mode server's memory while clients stop reading its
// event stream (issue 15: ten clients that never read took the server from
// 135 MB to 1.4 GB in 60 s of training). Trains the oldest edition's
// parametric model for SECONDS (default 60) with ten WebSocket clients that
// complete the handshake and never read, then prints the process's RSS
// (main thread and job workers) before, at its peak and at the end, and
// what became of the clients. Target: growth at most 200 MB.
//   node --require tsx/cjs test/bench/eventsBench.ts [SECONDS]
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startBrowserServer } from '../../src-main/server/httpServer'
import { createServices } from '../../src-main/services'

const CLIENTS = Number(process.env.NW_BENCH_CLIENTS ?? 10)
const TOKEN = 'b'.repeat(48)
const MB = 1024 * 1024

function stalledClient(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    socket.on('connect', () =>
      socket.write(
        `GET /events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n` +
          `Sec-WebSocket-Version: 13\r\nOrigin: http://127.0.0.1:${port}\r\nCookie: nw_token_${port}=${TOKEN}\r\n\r\n`,
      ),
    )
    socket.once('data', (d) => {
      if (!String(d).startsWith('HTTP/1.1 101')) return reject(new Error(`handshake refused: ${String(d).split('\r\n')[0]}`))
      // Never read again: the kernel's buffers fill, then the server's.
      socket.pause()
      resolve(socket)
    })
    socket.on('error', () => undefined)
  })
}

export async function benchEvents(seconds = 60, log: (line: string) => void = console.log): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nw-bench-events-'))
  const renderer = join(dir, 'renderer')
  mkdirSync(renderer)
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>nw</title>')
  const services = createServices({ databasePath: join(dir, 'runs.db'), transport: 'browser', experimentWorkers: 1 })
  const dropped: number[] = []
  const start = performance.now()
  const server = await startBrowserServer({
    services,
    rendererDir: renderer,
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    log: (line) => {
      if (line.startsWith('dropped')) dropped.push((performance.now() - start) / 1000)
    },
  })
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => stalledClient(server.port)))
  let events = 0
  let bytes = 0
  let epochs = 0
  services.events.on((e) => {
    events++
    bytes += JSON.stringify(e).length
    if (e.type === 'run.progress') epochs = e.epoch
  })
  global.gc?.()
  const before = process.memoryUsage().rss
  let peak = before
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 250)
  const created = await services.dispatch('createExperiment', {
    name: 'events benchmark',
    data: { preset: 'd2l-oldest', seed: 1 },
    kernel: 'gaussian',
    sigma: 1,
    mode: 'parametric',
    training: { w0: 1, lr: 0.0001, epochs: 1_000_000, loss: 'sum-half', loo: true },
  })
  if (!created.ok) throw new Error(created.error.message)
  const id = (created.value as { id: string }).id
  await new Promise((r) => setTimeout(r, seconds * 1000))
  peak = Math.max(peak, process.memoryUsage().rss)
  clearInterval(sampler)
  await services.dispatch('cancelExperiment', { id })
  const after = process.memoryUsage().rss
  for (const c of clients) c.destroy()
  await server.close()
  await services.close()
  log(
    `events: ${seconds} s of training (${epochs.toLocaleString('en')} epochs, ${events.toLocaleString('en')} events, ${(bytes / MB).toFixed(1)} MB of JSON) ` +
      `with ${CLIENTS} clients that never read: RSS ${(before / MB).toFixed(0)} MB before, peak ${(peak / MB).toFixed(0)} MB, ` +
      `growth ${((peak - before) / MB).toFixed(0)} MB (target <= 200 MB); ${dropped.length} of ${CLIENTS} clients dropped` +
      (dropped.length ? ` (first at ${dropped[0]!.toFixed(1)} s, last at ${dropped[dropped.length - 1]!.toFixed(1)} s)` : '') +
      `; ${(after / MB).toFixed(0)} MB at the end`,
  )
}

if (require.main === module) void benchEvents(Number(process.argv[2] ?? 60))
