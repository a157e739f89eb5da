import { mkdirSync, writeFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { WorkbenchEvent } from '../../src-shared/api/contract'
import { startBrowserServer, type BrowserServer } from '../../src-main/server/httpServer'
import { createServices, type Services } from '../../src-main/services'
import { tempDir } from '../cli/runCli'

// Issue 15: events had no backpressure (ten clients that never read took the
// server from 135 MB to 1.4 GB). A client that reads gets every epoch; one
// that never reads is dropped once its backlog passes the limit.
const TOKEN = 'e'.repeat(48)
const DROP_BYTES = 2 * 1024 * 1024
let services: Services
let server: BrowserServer
const logged: string[] = []

beforeAll(async () => {
  const renderer = join(tempDir(), 'renderer')
  mkdirSync(renderer, { recursive: true })
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>nw</title>')
  services = createServices({ databasePath: ':memory:', transport: 'browser', experimentWorkers: 1 })
  server = await startBrowserServer({
    services,
    rendererDir: renderer,
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    eventLimits: { highWaterBytes: 64 * 1024, dropBytes: DROP_BYTES },
    log: (line) => logged.push(line),
  })
})
afterAll(async () => {
  await server.close()
  await services.close()
})

const headers = () => ({ Cookie: `nw_token_${server.port}=${TOKEN}`, Origin: `http://127.0.0.1:${server.port}` })

/** A client that completes the handshake, then never reads another byte. */
function stalledClient(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1')
    const h = headers()
    socket.on('connect', () =>
      socket.write(
        `GET /events HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n` +
          `Sec-WebSocket-Version: 13\r\nOrigin: ${h.Origin}\r\nCookie: ${h.Cookie}\r\n\r\n`,
      ),
    )
    socket.once('data', (d) => {
      if (!String(d).startsWith('HTTP/1.1 101')) reject(new Error(String(d)))
      socket.pause()
      resolve(socket)
    })
    socket.on('error', () => undefined)
  })
}

describe('the event stream under backpressure', () => {
  it('drops a client that never reads and still gives a reading client every epoch', async () => {
    const reader = new WebSocket(`ws://127.0.0.1:${server.port}/events`, { headers: headers() })
    await new Promise((r) => reader.once('open', r))
    const epochs: number[] = []
    const done = new Promise<void>((resolve) =>
      reader.on('message', (m) => {
        const e = JSON.parse(String(m)) as WorkbenchEvent
        if (e.type === 'run.progress') for (const r of e.records) epochs.push(r.epoch)
        if (e.type === 'run.status') resolve()
      }),
    )
    const stalled = await stalledClient()

    // 3000 events of 100 epochs (about 5 kB each, 15 MB in all: more than the kernel's socket buffers hold).
    const EVENTS = 3000
    const PER = 100
    for (let k = 0; k < EVENTS; k++) {
      const records = []
      for (let i = 1; i <= PER; i++) records.push({ epoch: k * PER + i, loss: 1 / (k * PER + i), w: 0.123456789 * i })
      const last = records[PER - 1]!
      services.events.emit({ type: 'run.progress', runId: 'r1', epoch: last.epoch, epochs: EVENTS * PER, loss: last.loss, w: last.w, records })
      if (k % 20 === 19) await new Promise((r) => setTimeout(r, 1))
    }
    services.events.emit({ type: 'run.status', runId: 'r1', status: 'done', run: { id: 'r1', status: 'done' } as never })
    await done

    expect(epochs.length).toBe(EVENTS * PER)
    let inOrder = true
    for (let i = 0; i < epochs.length; i++) if (epochs[i] !== i + 1) inOrder = false
    expect(inOrder).toBe(true)
    expect(logged.filter((l) => l.startsWith('dropped an event client'))).toHaveLength(1)
    reader.close()
    stalled.destroy()
  })
})
