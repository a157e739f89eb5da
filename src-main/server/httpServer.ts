import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { CONTENT_SECURITY_POLICY } from '../csp'
import type { Services } from '../services'
import { allowedHosts, checkAccess, createPolicy, type AccessPolicy } from './auth'
import { createEventClients } from './eventClients'
import { DEFAULT_EVENT_LIMITS, type EventQueueLimits } from './eventQueue'
import { refusedPage, wantsHtml } from './refusedPage'
import { answerAndDrain, DEFAULT_DRAIN, readBody, type DrainLimits } from './requestBody'
import { parseRequestTarget, sameOriginLocation } from './requestTarget'
import { readStatic } from './staticFiles'

/**
 * Browser mode: the built renderer and the API over HTTP (POST /api/METHOD
 * with a JSON body) and events over a WebSocket (/events). A thin transport:
 * every API call goes to the same dispatcher the Electron IPC uses.
 *
 * Anything a client sends, however malformed, gets a 4xx or a closed
 * connection: every listener on the server, its sockets and its WebSockets
 * is guarded, so no request can make the process exit.
 */
export interface BrowserServerOptions {
  services: Services
  rendererDir: string
  host: string
  port: number
  token: string
  /** Further host names to accept (e.g. the name of a remote box). */
  allowHosts?: string[]
  /** Largest request body accepted, in bytes (inline data sets can be large); larger ones get 413. */
  maxBodyBytes?: number
  /** After a 413, how much of the rest of the body is read (and thrown away) before the connection closes. */
  drain?: DrainLimits
  /** Backpressure of the event stream (see EventQueue). */
  eventLimits?: EventQueueLimits
  /** Where the server reports what it does on its own (a dropped client); default stderr. */
  log?: (line: string) => void
}

export interface BrowserServer {
  server: Server
  url: string
  port: number
  close(): Promise<void>
}

export const DEFAULT_MAX_BODY_BYTES = 256 * 1024 * 1024

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
}
const TEXT = 'text/plain; charset=utf-8'

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...SECURITY_HEADERS, ...extra })
  res.end(body)
}

function jsonError(message: string): string {
  return JSON.stringify({ ok: false, error: { name: 'ValidationError', message } })
}

/** Answers on a raw socket (an upgrade, a request Node could not parse) and closes it. */
function refuseSocket(socket: Duplex, status: number): void {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  // Destroyed once written: the socket is half-open after end(), and a client that never closes would keep it.
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy())
}

export async function startBrowserServer(o: BrowserServerOptions): Promise<BrowserServer> {
  const limit = o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const log = o.log ?? ((line: string) => process.stderr.write(`nw-workbench serve: ${line}\n`))
  let policy: AccessPolicy | null = null

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = parseRequestTarget(req.url)
    if (!target) {
      send(res, 400, TEXT, 'nw-workbench: the request target must be a path\n', { Connection: 'close' })
      return
    }
    const urlToken = target.params.get('token')
    const verdict = checkAccess(req, policy!, urlToken)
    if (!verdict.ok) {
      if (wantsHtml(req)) send(res, verdict.status, 'text/html; charset=utf-8', refusedPage(verdict.status, verdict.reason))
      else send(res, verdict.status, TEXT, `nw-workbench: ${verdict.reason}\n`)
      return
    }
    if (urlToken !== null) {
      // Keep the token in a cookie and drop it from the address bar (and from history), staying on this origin.
      send(res, 303, TEXT, '', {
        Location: sameOriginLocation(target.pathname),
        'Set-Cookie': `${policy!.cookieName}=${encodeURIComponent(o.token)}; HttpOnly; SameSite=Strict; Path=/`,
      })
      return
    }
    if (target.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') {
        send(res, 405, TEXT, 'use POST\n', { Allow: 'POST' })
        return
      }
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        send(res, 415, TEXT, 'send JSON (Content-Type: application/json)\n')
        return
      }
      const body = await readBody(req, limit)
      if (!body.ok) {
        if (body.reason === 'aborted') return
        const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...SECURITY_HEADERS }
        answerAndDrain(req, res, 413, headers, jsonError(`the request body is larger than this server's limit of ${limit} bytes`), o.drain ?? DEFAULT_DRAIN)
        return
      }
      let request: unknown
      try {
        request = body.text.length ? JSON.parse(body.text) : {}
      } catch {
        send(res, 400, 'application/json', jsonError('the request body is not valid JSON'))
        return
      }
      // Each tab names itself (a random id per page load), so one tab's newer request supersedes only its own older one.
      const tab = req.headers['x-nw-client']
      const client = typeof tab === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(tab) ? `tab:${tab}` : 'browser'
      const result = await o.services.dispatch(target.pathname.slice('/api/'.length), request, { client })
      send(res, 200, 'application/json', JSON.stringify(result))
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, TEXT, 'method not allowed\n')
      return
    }
    const file = await readStatic(o.rendererDir, target.pathname)
    if (!file) {
      send(res, 404, TEXT, 'not found\n')
      return
    }
    send(res, 200, file.type, file.body)
  }

  const server = createServer((req, res) => {
    // A client that goes away mid-answer must not raise an unhandled 'error'.
    req.on('error', () => undefined)
    res.on('error', () => undefined)
    handle(req, res).catch((e: Error) => {
      try {
        if (!res.headersSent) send(res, 500, TEXT, `internal error: ${e.message}\n`)
        else res.destroy()
      } catch {
        res.destroy()
      }
    })
  })
  // Requests Node cannot parse (a bad request line, bad header bytes, headers too large).
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    // Node's own check before it answers: a response already under way cannot get a 400 in the middle.
    const busy = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage?.headersSent
    if (err.code === 'ECONNRESET' || !socket.writable || busy) {
      socket.destroy()
      return
    }
    refuseSocket(socket, err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400)
  })

  // CONNECT (a proxy request) is not served: say so rather than drop the connection.
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy())
    refuseSocket(socket, 405)
  })

  const clients = createEventClients(o.services.events, o.eventLimits ?? DEFAULT_EVENT_LIMITS, log)
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 })
  sockets.on('error', (e) => log(`event stream: ${e.message}`))
  sockets.on('wsClientError', (_e, socket) => refuseSocket(socket, 400))
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands the socket over without an error listener: a reset here would otherwise be uncaught.
    socket.on('error', () => socket.destroy())
    try {
      const target = parseRequestTarget(req.url)
      if (!target) {
        refuseSocket(socket, 400)
        return
      }
      const verdict = checkAccess(req, policy!)
      // A WebSocket handshake must carry an Origin from a browser: require it to be ours.
      if (!verdict.ok || target.pathname !== '/events' || !req.headers.origin) {
        refuseSocket(socket, verdict.ok ? 403 : verdict.status)
        return
      }
      sockets.handleUpgrade(req, socket, head, (ws) => clients.add(ws))
    } catch (e) {
      log(`refused a WebSocket upgrade: ${(e as Error).message}`)
      refuseSocket(socket, 400)
    }
  })

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
  // After listening, an error (too many open files on accept) is reported, not fatal.
  server.on('error', (e) => log(`server: ${e.message}`))
  const port = (server.address() as AddressInfo).port
  const shownHost = o.host === '0.0.0.0' || o.host === '::' ? '127.0.0.1' : o.host.includes(':') ? `[${o.host}]` : o.host
  return {
    server,
    port,
    url: `http://${shownHost}:${port}/?token=${o.token}`,
    close: () =>
      new Promise<void>((resolve) => {
        clients.close()
        sockets.close()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
