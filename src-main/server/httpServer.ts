import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { CONTENT_SECURITY_POLICY } from '../csp'
import type { Services } from '../services'
import { allowedHosts, checkAccess, createPolicy, type AccessPolicy } from './auth'
import { readStatic } from './staticFiles'

/**
 * Browser mode: the built renderer and the API over HTTP (POST /api/METHOD
 * with a JSON body) and events over a WebSocket (/events). A thin transport:
 * every API call goes to the same dispatcher the Electron IPC uses.
 */
export interface BrowserServerOptions {
  services: Services
  rendererDir: string
  host: string
  port: number
  token: string
  /** Further host names to accept (e.g. the name of a remote box). */
  allowHosts?: string[]
  /** Largest request body accepted, in bytes (inline data sets can be large). */
  maxBodyBytes?: number
}

export interface BrowserServer {
  server: Server
  url: string
  port: number
  close(): Promise<void>
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...SECURITY_HEADERS, ...extra })
  res.end(body)
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > limit) {
        reject(Object.assign(new Error(`the request is larger than ${limit} bytes`), { status: 413 }))
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

export async function startBrowserServer(o: BrowserServerOptions): Promise<BrowserServer> {
  const limit = o.maxBodyBytes ?? 256 * 1024 * 1024
  let policy: AccessPolicy | null = null

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const urlToken = url.searchParams.get('token')
    const verdict = checkAccess(req, policy!, urlToken)
    if (!verdict.ok) {
      send(res, verdict.status, 'text/plain; charset=utf-8', `nw-workbench: ${verdict.reason}\n`)
      return
    }
    if (urlToken !== null) {
      // Keep the token in a cookie and drop it from the address bar (and from history).
      send(res, 303, 'text/plain; charset=utf-8', '', {
        Location: url.pathname,
        'Set-Cookie': `${policy!.cookieName}=${encodeURIComponent(o.token)}; HttpOnly; SameSite=Strict; Path=/`,
      })
      return
    }
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') {
        send(res, 405, 'text/plain; charset=utf-8', 'use POST\n', { Allow: 'POST' })
        return
      }
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        send(res, 415, 'text/plain; charset=utf-8', 'send JSON (Content-Type: application/json)\n')
        return
      }
      let body: unknown
      try {
        const text = await readBody(req, limit)
        body = text.length ? JSON.parse(text) : {}
      } catch (e) {
        const status = (e as { status?: number }).status ?? 400
        send(res, status, 'application/json', JSON.stringify({ ok: false, error: { name: 'ValidationError', message: status === 413 ? (e as Error).message : 'the request body is not valid JSON' } }))
        return
      }
      // Each tab names itself (a random id per page load), so one tab's newer request supersedes only its own older one.
      const tab = req.headers['x-nw-client']
      const client = typeof tab === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(tab) ? `tab:${tab}` : 'browser'
      const result = await o.services.dispatch(url.pathname.slice('/api/'.length), body, { client })
      send(res, 200, 'application/json', JSON.stringify(result))
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n')
      return
    }
    const file = await readStatic(o.rendererDir, url.pathname)
    if (!file) {
      send(res, 404, 'text/plain; charset=utf-8', 'not found\n')
      return
    }
    send(res, 200, file.type, file.body)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: Error) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `internal error: ${e.message}\n`)
      else res.destroy()
    })
  })
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 })
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const verdict = checkAccess(req, policy!)
    // A WebSocket handshake must carry an Origin from a browser: require it to be ours.
    if (!verdict.ok || url.pathname !== '/events' || !req.headers.origin) {
      const status = verdict.ok ? 403 : verdict.status
      socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\n\r\n`)
      return
    }
    sockets.handleUpgrade(req, socket, head, (ws) => watch(ws))
  })
  const watch = (ws: WebSocket) => {
    const off = o.services.events.on((event) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event))
    })
    let alive = true
    ws.on('pong', () => (alive = true))
    const ping = setInterval(() => {
      if (!alive) ws.terminate()
      alive = false
      ws.ping()
    }, 30_000)
    ws.on('close', () => {
      off()
      clearInterval(ping)
    })
    // Clients only listen; anything they send is ignored.
    ws.on('message', () => undefined)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(o.port, o.host, () => {
      server.off('error', reject)
      // Set before any connection is handled: the port is only known once bound (port 0 picks one).
      const bound = (server.address() as AddressInfo).port
      policy = createPolicy(o.token, bound, allowedHosts(o.host, bound, o.allowHosts))
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const shownHost = o.host === '0.0.0.0' || o.host === '::' ? '127.0.0.1' : o.host.includes(':') ? `[${o.host}]` : o.host
  return {
    server,
    port,
    url: `http://${shownHost}:${port}/?token=${o.token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of sockets.clients) c.terminate()
        sockets.close()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
