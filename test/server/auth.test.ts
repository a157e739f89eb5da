import { mkdirSync, writeFileSync } from 'node:fs'
import { request, type IncomingHttpHeaders } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { CONTENT_SECURITY_POLICY } from '../../src-main/csp'
import { startBrowserServer, type BrowserServer } from '../../src-main/server/httpServer'
import { createServices, type Services } from '../../src-main/services'
import { tempDir } from '../cli/runCli'

const TOKEN = 'a'.repeat(48)
let services: Services
let server: BrowserServer
let base: string

beforeAll(async () => {
  const dir = tempDir()
  const renderer = join(dir, 'renderer')
  mkdirSync(join(renderer, 'assets'), { recursive: true })
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>nw</title>')
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(dir, 'secret.txt'), 'do not serve')
  services = createServices({ databasePath: ':memory:', transport: 'browser', experimentWorkers: 1 })
  server = await startBrowserServer({ services, rendererDir: renderer, host: '127.0.0.1', port: 0, token: TOKEN })
  base = `127.0.0.1:${server.port}`
})
afterAll(async () => {
  await server.close()
  await services.close()
})

interface Reply {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

function http(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers: { Host: base, ...headers } }, (res) => {
      let data = ''
      res.on('data', (c) => (data += c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: data }))
    })
    req.on('error', reject)
    if (body !== undefined) req.write(body)
    req.end()
  })
}
const cookie = () => `nw_token_${server.port}=${TOKEN}`
const api = (method: string, headers: Record<string, string>, body = '{}') =>
  http('POST', `/api/${method}`, { 'Content-Type': 'application/json', ...headers }, body)

describe('browser-mode server', () => {
  it('prints an address with the token, on 127.0.0.1', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`)
    expect(server.server.address()).toMatchObject({ address: '127.0.0.1' })
  })

  it('refuses a request without the token, or with a wrong one', async () => {
    expect((await http('GET', '/')).status).toBe(401)
    expect((await http('GET', '/?token=nope')).status).toBe(401)
    expect((await http('GET', '/', { Cookie: `nw_token_${server.port}=${'b'.repeat(48)}` })).status).toBe(401)
    expect((await api('appInfo', {})).status).toBe(401)
    expect((await api('appInfo', { Authorization: 'Bearer wrong' })).status).toBe(401)
  })

  it('takes the token into an HttpOnly SameSite cookie on first load and drops it from the address', async () => {
    const r = await http('GET', `/?token=${TOKEN}`)
    expect(r.status).toBe(303)
    expect(r.headers.location).toBe('/')
    expect(r.headers['set-cookie']![0]).toMatch(new RegExp(`^nw_token_${server.port}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`))
    const page = await http('GET', '/', { Cookie: cookie() })
    expect(page.status).toBe(200)
    expect(page.body).toContain('<title>nw</title>')
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    expect(page.headers['x-content-type-options']).toBe('nosniff')
  })

  it('lets the token in a fresh address win over a stale cookie from an earlier run of the server', async () => {
    const r = await http('GET', `/?token=${TOKEN}`, { Cookie: `nw_token_${server.port}=${'0'.repeat(48)}` })
    expect(r.status).toBe(303)
  })

  it('answers API calls with the cookie or a bearer token', async () => {
    const r = await api('appInfo', { Cookie: cookie() })
    expect(r.status).toBe(200)
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { transport: 'browser' } })
    expect(JSON.parse((await api('appInfo', { Authorization: `Bearer ${TOKEN}` })).body).ok).toBe(true)
    const bad = JSON.parse((await api('getExperiment', { Cookie: cookie() }, '{"id": 5}')).body)
    expect(bad).toEqual({ ok: false, error: { name: 'ValidationError', message: expect.stringMatching(/^id: /) } })
  })

  it('refuses a request whose Host or Origin is not the served address, even with the token', async () => {
    expect((await http('GET', '/', { Cookie: cookie(), Host: `evil.example:${server.port}` })).status).toBe(403)
    expect((await api('appInfo', { Cookie: cookie(), Origin: 'http://evil.example' })).status).toBe(403)
    expect((await api('appInfo', { Cookie: cookie(), Origin: `https://${base}` })).status).toBe(403)
    expect((await api('appInfo', { Cookie: cookie(), Origin: `http://${base}` })).status).toBe(200)
    expect((await api('appInfo', { Cookie: cookie(), Origin: `http://localhost:${server.port}`, Host: `localhost:${server.port}` })).status).toBe(200)
  })

  it('serves only files of the renderer, and only by POST for the API', async () => {
    expect((await http('GET', '/assets/app.js', { Cookie: cookie() })).status).toBe(200)
    expect((await http('GET', '/../secret.txt', { Cookie: cookie() })).status).toBe(404)
    expect((await http('GET', '/%2e%2e/secret.txt', { Cookie: cookie() })).status).toBe(404)
    expect((await http('GET', '/api/appInfo', { Cookie: cookie() })).status).toBe(405)
    expect((await http('POST', '/api/appInfo', { Cookie: cookie(), 'Content-Type': 'text/plain' }, '{}')).status).toBe(415)
    const broken = await api('appInfo', { Cookie: cookie() }, '{not json')
    expect(broken.status).toBe(400)
    expect(JSON.parse(broken.body).error.message).toBe('the request body is not valid JSON')
  })

  it('streams events over a WebSocket only to an authorised page from its own origin', async () => {
    const open = (headers: Record<string, string>) =>
      new Promise<{ ws: WebSocket | null; status: number | null }>((resolve) => {
        const ws = new WebSocket(`ws://${base}/events`, { headers })
        ws.on('open', () => resolve({ ws, status: null }))
        ws.on('unexpected-response', (_req, res) => resolve({ ws: null, status: res.statusCode ?? null }))
        ws.on('error', () => undefined)
      })
    expect((await open({ Origin: `http://${base}` })).status).toBe(401)
    expect((await open({ Cookie: cookie(), Origin: 'http://evil.example' })).status).toBe(403)
    expect((await open({ Cookie: cookie() })).status).toBe(403)
    const { ws } = await open({ Cookie: cookie(), Origin: `http://${base}` })
    expect(ws).not.toBeNull()
    const got = new Promise<unknown>((resolve) => ws!.once('message', (m) => resolve(JSON.parse(String(m)))))
    services.events.emit({ type: 'runs.changed', ids: ['x1x1'] })
    expect(await got).toEqual({ type: 'runs.changed', ids: ['x1x1'] })
    ws!.close()
  })
})

describe('allowed hosts', () => {
  it('takes extra names on the server port, and name:port entries as they are', async () => {
    const { allowedHosts } = await import('../../src-main/server/auth')
    const hosts = allowedHosts('127.0.0.1', 8620, ['box.lan', 'localhost:9000', 'LOCALHOST:9001'])
    expect(hosts.has('box.lan:8620')).toBe(true)
    expect(hosts.has('localhost:9000')).toBe(true)
    expect(hosts.has('localhost:9001')).toBe(true)
    expect(hosts.has('127.0.0.1:8620')).toBe(true)
    expect(hosts.has('[::1]:8620')).toBe(true)
    expect(hosts.has('box.lan:9000')).toBe(false)
  })
})
