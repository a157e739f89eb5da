import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawRequest, startChildServer, type ChildServer } from './rawHttp'

// Issue 15: malformed requests (a cookie that is not percent-encoding, a request
// line that is not a path) made the server process exit. The server runs in a
// process of its own here, so an exit shows as an exit, not as a failed test run.
const TOKEN = 'k'.repeat(48)
let s: ChildServer

beforeAll(async () => {
  s = await startChildServer(TOKEN)
})
afterAll(() => s.stop())

const host = () => `127.0.0.1:${s.port}`
const cookieName = () => `nw_token_${s.port}`

function upgrade(target: string, cookie: string | null, extra = ''): string {
  return (
    `GET ${target} HTTP/1.1\r\nHost: ${host()}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://${host()}\r\n` +
    (cookie === null ? '' : `Cookie: ${cookie}\r\n`) +
    extra +
    '\r\n'
  )
}
const get = (target: string, cookie: string | null) => `GET ${target} HTTP/1.1\r\nHost: ${host()}\r\n${cookie === null ? '' : `Cookie: ${cookie}\r\n`}Connection: close\r\n\r\n`

async function expectAlive(): Promise<void> {
  expect(s.alive()).toBe(true)
  expect((await rawRequest(s.port, get('/', `${cookieName()}=${TOKEN}`))).status).toBe(200)
}

describe('malformed requests get a 4xx and never stop the server', () => {
  it('a WebSocket upgrade whose token cookie is "%" (the issue\'s curl repro) gets 401', async () => {
    expect((await rawRequest(s.port, upgrade('/events', `${cookieName()}=%`))).status).toBe(401)
    await expectAlive()
  })

  it('the same cookie on plain HTTP gets 401, not 500', async () => {
    expect((await rawRequest(s.port, get('/', `${cookieName()}=%`))).status).toBe(401)
    expect((await rawRequest(s.port, get('/', `${cookieName()}=%E0%A4%A`))).status).toBe(401)
    await expectAlive()
  })

  it('a request line "GET //[ HTTP/1.1", or one that is not a path, gets a 4xx, on an upgrade and on plain HTTP', async () => {
    for (const target of ['//[', '/[', '*', 'http://evil.example/', 'http://[/', 'events', '//evil.example/events', '/%']) {
      for (const request of [upgrade(target, `${cookieName()}=${TOKEN}`), get(target, `${cookieName()}=${TOKEN}`)]) {
        const r = await rawRequest(s.port, request)
        expect(r.status, target).toBeGreaterThanOrEqual(400)
        expect(r.status, target).toBeLessThan(500)
      }
    }
    await expectAlive()
  })

  it('a malformed or foreign cookie never hides a valid token in the same header', async () => {
    const good = `${cookieName()}=${TOKEN}`
    for (const cookie of [`${cookieName()}=%; ${good}`, `${good}; ${cookieName()}=%`, `other=%zz; ${cookieName()}="x"; ${good}`, `${cookieName()}=${'0'.repeat(48)};${good}`, `=%; ;;${good}`]) {
      expect((await rawRequest(s.port, get('/', cookie))).status, cookie).toBe(200)
      expect((await rawRequest(s.port, upgrade('/events', cookie))).status, cookie).toBe(101)
    }
    await expectAlive()
  })

  it('bytes Node cannot parse get 400, and headers that are too large get 431', async () => {
    expect((await rawRequest(s.port, 'GET / HTTP/1.1\r\nHost: \x01\x02\r\n\r\n')).status).toBe(400)
    expect((await rawRequest(s.port, 'NOT A REQUEST\r\n\r\n')).status).toBe(400)
    expect((await rawRequest(s.port, `GET / HTTP/1.1\r\nHost: ${host()}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)).status).toBe(431)
    await expectAlive()
  })

  it('a WebSocket client that sends a bad frame (unmasked, or over the size limit) is disconnected, the server stays', async () => {
    for (const frame of [Buffer.from([0x81, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f]), Buffer.from([0x82, 0xff, 0, 0, 0, 1, 0, 0, 0, 0, 1, 2, 3, 4])]) {
      const closed = await new Promise<boolean>((resolve) => {
        const socket = connect(s.port, '127.0.0.1')
        let head = ''
        socket.on('connect', () => socket.write(upgrade('/events', `${cookieName()}=${TOKEN}`)))
        socket.on('data', (d) => {
          if (head.includes('\r\n\r\n')) return
          head += d.toString('latin1')
          if (head.startsWith('HTTP/1.1 101') && head.includes('\r\n\r\n')) socket.write(frame)
        })
        socket.on('error', () => undefined)
        socket.on('close', () => resolve(head.startsWith('HTTP/1.1 101')))
        setTimeout(() => {
          socket.destroy()
          resolve(false)
        }, 5000)
      })
      expect(closed).toBe(true)
    }
    await expectAlive()
  })

  it('a client that resets the connection in the middle of an upgrade does not stop the server', async () => {
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve) => {
        const socket = connect(s.port, '127.0.0.1')
        socket.on('connect', () => {
          socket.write(upgrade('/events', `${cookieName()}=${TOKEN}`))
          socket.resetAndDestroy()
          resolve()
        })
        socket.on('error', () => resolve())
      })
    }
    await new Promise((r) => setTimeout(r, 200))
    await expectAlive()
  })
})
