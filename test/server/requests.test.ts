import { mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../src-main/csp'
import { startBrowserServer, type BrowserServer } from '../../src-main/server/httpServer'
import { parseRequestTarget, sameOriginLocation } from '../../src-main/server/requestTarget'
import { createServices, type Services } from '../../src-main/services'
import { tempDir } from '../cli/runCli'
import { rawRequest } from './rawHttp'

const TOKEN = 'r'.repeat(48)
const LIMIT = 4096
let services: Services
let server: BrowserServer
let origin: string

beforeAll(async () => {
  const renderer = join(tempDir(), 'renderer')
  mkdirSync(renderer, { recursive: true })
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>nw</title>')
  services = createServices({ databasePath: ':memory:', transport: 'browser', experimentWorkers: 1 })
  server = await startBrowserServer({ services, rendererDir: renderer, host: '127.0.0.1', port: 0, token: TOKEN, maxBodyBytes: LIMIT, log: () => undefined })
  origin = `http://127.0.0.1:${server.port}`
})
afterAll(async () => {
  await server.close()
  await services.close()
})

/** The Location of the token redirect for a raw request target (sent as is: no client normalises it). */
async function redirectFor(target: string): Promise<string | null> {
  const r = await rawRequest(server.port, `GET ${target}${target.includes('?') ? '&' : '?'}token=${TOKEN} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`)
  if (r.status !== 303) return null
  return /\r\nLocation: ([^\r]*)/i.exec(r.head)?.[1] ?? ''
}

function expectSameOrigin(location: string, what: string): void {
  expect(location.startsWith('/'), `${what} -> ${location}`).toBe(true)
  expect(/^[/\\]{2}/.test(location) || /^\/[\\]/.test(location), `${what} -> ${location}`).toBe(false)
  expect(/^[a-z][a-z0-9+.-]*:/i.test(location), `${what} -> ${location}`).toBe(false)
  // Resolved as a browser resolves it, from any page of the server.
  for (const from of [`${origin}/`, `${origin}/a/b/c`]) expect(new URL(location, from).origin, `${what} -> ${location}`).toBe(origin)
}

describe('the token redirect stays on the server', () => {
  it('"/.//evil.com/" (the issue\'s repro) and its variants redirect to a path of this server', async () => {
    const variants = ['/.//evil.com/', '//evil.com/', '///evil.com', '/\\evil.com', '/\\\\evil.com', '/%2F%2Fevil.com', '/%5C%5Cevil.com', '/./../', '/..//evil.com', '/a/../..//evil.com', '/.%2F/evil.com', '/%2e/%2fevil.com', '/%2e%2e//evil.com', '/%09/evil.com', '/;/evil.com', '/@evil.com', '//evil.com/%2F..', '/./\\/evil.com', '/.\\.\\/evil.com', '/https://evil.com', '/javascript:alert(1)']
    for (const v of variants) {
      const location = await redirectFor(v)
      expect(location, v).not.toBeNull()
      expectSameOrigin(location!, v)
    }
    expect(await redirectFor('/.//evil.com/')).toBe('/evil.com/')
    expect(await redirectFor('/')).toBe('/')
  })

  it('for any path a client can send', async () => {
    const unit = fc.constantFrom('/', '\\', '.', '..', '%2F', '%5C', '%2e', '@', ':', 'evil.com', 'a', '%09', ';', '?x=1', '#')
    await fc.assert(
      fc.asyncProperty(fc.array(unit, { maxLength: 10 }), async (parts) => {
        const target = `/${parts.join('')}`
        const location = await redirectFor(target)
        if (location !== null) expectSameOrigin(location, target)
      }),
      { numRuns: 200 },
    )
  })

  it('sameOriginLocation never gives "//", a backslash after the slash or a scheme, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('/', '\\', '.', ':', '@', 'a', 'h', 't', 'p', 's', ' ', '\t', '\n', '%', '2', 'F') }), (p) => {
        const target = parseRequestTarget(`/${p}`)
        const location = sameOriginLocation(target ? target.pathname : p)
        expect(location.startsWith('/')).toBe(true)
        expect(/^\/[/\\]/.test(location)).toBe(false)
        expect(new URL(location, 'http://me.invalid/x/y').origin).toBe('http://me.invalid')
      }),
      { numRuns: 2000 },
    )
  })
})

describe('request bodies over the limit', () => {
  function post(body: Buffer, chunk: number): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/appInfo', headers: { Host: `127.0.0.1:${server.port}`, Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' } },
        (res) => {
          let text = ''
          res.on('data', (c) => (text += c))
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }))
        },
      )
      req.on('error', reject)
      // Streamed in chunks without a Content-Length (chunked), the way a large upload arrives.
      let at = 0
      const pump = () => {
        while (at < body.length) {
          const ok = req.write(body.subarray(at, at + chunk))
          at += chunk
          if (!ok) return void req.once('drain', pump)
        }
        req.end()
      }
      pump()
    })
  }

  it('get 413 with the JSON error and Connection: close, not a reset (streamed body, Node http client)', async () => {
    const r = await post(Buffer.alloc(2 * 1024 * 1024, 0x20), 16 * 1024)
    expect(r.status).toBe(413)
    expect(r.headers.connection).toBe('close')
    expect(JSON.parse(r.text)).toEqual({ ok: false, error: { name: 'ValidationError', message: `the request body is larger than this server's limit of ${LIMIT} bytes` } })
  })

  it('get 413 when the declared Content-Length is over the limit (fetch)', async () => {
    const res = await fetch(`${origin}/api/appInfo`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: ' '.repeat(1024 * 1024) })
    expect(res.status).toBe(413)
    expect(res.headers.get('connection')).toBe('close')
    expect(((await res.json()) as { ok: boolean }).ok).toBe(false)
  })

  it('a body just under the limit is still taken', async () => {
    const r = await post(Buffer.from(`{}${' '.repeat(LIMIT - 2)}`), 1000)
    expect(r.status).toBe(200)
    expect(JSON.parse(r.text)).toMatchObject({ ok: true, value: { transport: 'browser' } })
  })
})

describe('a refused page load', () => {
  it('gets a page in words (no script, no style) that says what to do, with the CSP', async () => {
    const res = await fetch(`${origin}/`, { headers: { Accept: 'text/html,application/xhtml+xml' } })
    expect(res.status).toBe(401)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    const html = await res.text()
    expect(html).toMatch(/access token was refused/)
    expect(html).toMatch(/Open the address that <code>nw-workbench serve<\/code> printed/)
    expect(html).not.toMatch(/<script|<style|style=|on\w+=/i)
  })

  it('escapes what it repeats of the request (a host name in a 403)', async () => {
    const r = await rawRequest(server.port, `GET / HTTP/1.1\r\nHost: <b>x</b>:${server.port}\r\nAccept: text/html\r\nConnection: close\r\n\r\n`)
    expect(r.status).toBe(403)
    const res = await fetch(`${origin}/`, { headers: { Accept: 'text/html', Origin: 'http://"><script>x</script>' } })
    const html = await res.text()
    expect(res.status).toBe(403)
    expect(html).not.toMatch(/<script>/)
    expect(html).toMatch(/&#34;&#62;&#60;script&#62;/)
  })

  it('an API call without the token still gets one line of text', async () => {
    const res = await fetch(`${origin}/api/appInfo`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
    expect(res.status).toBe(401)
    expect(await res.text()).toMatch(/^nw-workbench: missing or wrong token: open the address nw-workbench serve printed/)
  })
})
