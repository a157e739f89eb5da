import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawRequest, startChildServer, type ChildServer } from './rawHttp'

// Fuzzing of what an unauthenticated client controls on the way to the
// event stream: the request line, the headers and the cookies. The server
// runs in its own process; after each batch it must still be running and
// answering, and no answer may be a 5xx or a silent close.
const TOKEN = 'f'.repeat(48)
const RUNS = 250
let s: ChildServer

beforeAll(async () => {
  s = await startChildServer(TOKEN)
})
afterAll(() => s.stop())

const host = () => `127.0.0.1:${s.port}`
const goodCookie = () => `nw_token_${s.port}=${TOKEN}`

/** Characters that have broken URL and cookie parsers before, among plain ones. */
const tricky = fc.constantFrom('/', '/', '[', ']', '%', '%2F', '%5C', '%00', '\\', ':', '@', '?', '#', '.', '..', ' ', '\t', '*', '"', ';', '=', ',', '\x00', '\x01', '\x7f', 'é', '\u{1F600}', 'a', 'Z', '0', '-', '~')
const trickyString = (maxLength: number) => fc.string({ unit: fc.oneof(tricky, fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 })), maxLength })
/** Header values as a client may send them: anything but CR and LF (which end the header). */
const headerText = (maxLength: number) => trickyString(maxLength).map((t) => t.replace(/[\r\n]/g, ''))

function request(line: string, headers: string[]): Buffer {
  return Buffer.from(`${line}\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`, 'utf8')
}
const upgradeHeaders = () => [`Host: ${host()}`, 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13', `Origin: http://${host()}`]

function expectAnswered(status: number | null, what: string): void {
  expect(status, what).not.toBeNull()
  expect(status!, what).toBeLessThan(500)
}

async function expectAlive(): Promise<void> {
  expect(s.alive()).toBe(true)
  expect((await rawRequest(s.port, request('GET / HTTP/1.1', [`Host: ${host()}`, `Cookie: ${goodCookie()}`]))).status).toBe(200)
}

describe('fuzzing the upgrade path', () => {
  it('request lines: any method, target and version get an answer below 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom('GET', 'POST', 'HEAD', 'OPTIONS', 'CONNECT', 'PUT', 'get', 'G ET', ''), trickyString(8)),
        fc.oneof(fc.constantFrom('/events', '//[', '/.//evil.com/', '*', 'http://x/events', '//', '/%'), trickyString(40).map((t) => `/${t}`), trickyString(40)),
        fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 x', '', 'HTTP/9.9', 'http/1.1'),
        fc.boolean(),
        async (method, target, version, asUpgrade) => {
          const line = `${method} ${target.replace(/[\r\n]/g, '')} ${version}`
          const headers = asUpgrade ? [...upgradeHeaders(), `Cookie: ${goodCookie()}`] : [`Host: ${host()}`, `Cookie: ${goodCookie()}`]
          expectAnswered((await rawRequest(s.port, request(line, headers))).status, JSON.stringify(line))
        },
      ),
      { numRuns: RUNS },
    )
    await expectAlive()
  })

  it('headers: any extra header names and values get an answer below 500', async () => {
    const name = fc.oneof(fc.constantFrom('Cookie', 'Origin', 'Host', 'Upgrade', 'Connection', 'Sec-WebSocket-Key', 'Sec-WebSocket-Version', 'Sec-WebSocket-Extensions', 'Sec-WebSocket-Protocol', 'Authorization', 'Accept'), trickyString(12))
    // A body announced and never sent would only make the server wait: not what is fuzzed here.
    const header = fc.tuple(name, headerText(60)).filter(([n]) => !/^\s*(content-length|transfer-encoding)\s*$/i.test(n))
    await fc.assert(
      fc.asyncProperty(fc.array(header, { maxLength: 6 }), fc.boolean(), async (extra, asUpgrade) => {
        const base = asUpgrade ? [...upgradeHeaders(), `Cookie: ${goodCookie()}`] : [`Host: ${host()}`]
        const headers = [...base, ...extra.map(([n, v]) => `${n}: ${v}`)]
        const line = asUpgrade ? 'GET /events HTTP/1.1' : 'GET / HTTP/1.1'
        expectAnswered((await rawRequest(s.port, request(line, headers))).status, JSON.stringify(headers))
      }),
      { numRuns: RUNS },
    )
    await expectAlive()
  })

  it('cookies: junk around the token cookie never hides it (101 on the event stream, 200 for the page)', async () => {
    const name = fc.oneof(fc.constantFrom(`nw_token_PORT`, 'nw_token_1', ' nw_token_PORT', 'other', ''), trickyString(10))
    const part = fc.tuple(name, headerText(30), fc.boolean()).map(([n, v, bare]) => (bare ? v : `${n}=${v}`))
    await fc.assert(
      fc.asyncProperty(fc.array(part, { maxLength: 6 }), fc.nat(), async (junk, at) => {
        // Semicolons and printable junk only: a control character makes the whole request unparseable (a 400 of its own).
        const parts = junk.map((p) => p.replaceAll('PORT', String(s.port)).replace(/[^\t -~]/g, ''))
        parts.splice(at % (parts.length + 1), 0, goodCookie())
        const cookie = `Cookie: ${parts.join('; ')}`
        const ws = await rawRequest(s.port, request('GET /events HTTP/1.1', [...upgradeHeaders(), cookie]))
        expect(ws.status, cookie).toBe(101)
        const page = await rawRequest(s.port, request('GET / HTTP/1.1', [`Host: ${host()}`, cookie]))
        expect(page.status, cookie).toBe(200)
      }),
      { numRuns: RUNS },
    )
    await expectAlive()
  })

  it('cookies alone (no valid token): any Cookie header gets 401 and never an exit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(`nw_token_PORT`, 'x'), headerText(30)), { maxLength: 4 }), async (pairs) => {
        const cookie = `Cookie: ${pairs.map(([n, v]) => `${n.replace('PORT', String(s.port))}=${v}`).join('; ')}`
        const r = await rawRequest(s.port, request('GET /events HTTP/1.1', [...upgradeHeaders(), cookie]))
        expectAnswered(r.status, cookie)
        expect(r.status === 401 || r.status === 400, `${cookie}: ${r.status}`).toBe(true)
      }),
      { numRuns: RUNS },
    )
    await expectAlive()
  })
})
