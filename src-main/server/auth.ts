import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { hostname, networkInterfaces } from 'node:os'

/**
 * Who may talk to a browser-mode server: whoever holds its random token
 * (given once in the URL, then kept in an HttpOnly, SameSite=Strict cookie,
 * as Jupyter does), asking by one of the server's own host names (DNS
 * rebinding defence), from one of its own origins (CSRF defence).
 */
export interface AccessPolicy {
  token: string
  cookieName: string
  /** Accepted Host header values, "name:port". */
  hosts: Set<string>
}

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]'])

function bracket(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
}

/**
 * The host names this server answers to: its bind address and loopback names,
 * plus every interface when bound to all. An extra entry with a port
 * ("localhost:9000", for an SSH tunnel onto another local port) is taken as is.
 */
export function allowedHosts(bindHost: string, port: number, extra: string[] = []): Set<string> {
  const withPort = extra.filter((e) => /:\d+$/.test(e) && !/^[0-9a-f:]+$/i.test(e)).map((e) => e.toLowerCase())
  const names = new Set([bindHost, 'localhost', '127.0.0.1', '::1', ...extra.filter((e) => !withPort.includes(e.toLowerCase()))])
  if (WILDCARDS.has(bindHost)) {
    names.add(hostname())
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.add(a.address)
  }
  return new Set([...[...names].filter((n) => !WILDCARDS.has(n)).map((n) => `${bracket(n).toLowerCase()}:${port}`), ...withPort])
}

export function createPolicy(token: string, port: number, hosts: Set<string>): AccessPolicy {
  return { token, cookieName: `nw_token_${port}`, hosts }
}

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Every value the Cookie header gives `name`, decoded. A malformed value
 * (a stray "%", a quoted string, junk set by a page on another local port:
 * cookies are not isolated by port) is skipped, never thrown and never
 * allowed to hide a good value of the same name further on.
 */
export function cookieValues(req: IncomingMessage, name: string): string[] {
  const header = req.headers.cookie
  if (typeof header !== 'string' || header.length === 0) return []
  const values: string[] = []
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq <= 0 || part.slice(0, eq).trim() !== name) continue
    try {
      values.push(decodeURIComponent(part.slice(eq + 1).trim()))
    } catch {
      // Not percent-encoding: cannot be our token, which is plain URL-safe text.
    }
  }
  return values
}

/** Said by every 401: what went wrong and what to do, in words. */
export const TOKEN_REFUSED =
  'missing or wrong token: open the address nw-workbench serve printed (with its ?token=...); serve prints it again each time it starts'

export type AccessVerdict = { ok: true } | { ok: false; status: 401 | 403; reason: string }

/** Host and Origin must be ours; the token must come from the cookie, a bearer header, or `urlToken`. */
export function checkAccess(req: IncomingMessage, policy: AccessPolicy, urlToken?: string | null): AccessVerdict {
  const host = typeof req.headers.host === 'string' ? req.headers.host.toLowerCase() : ''
  if (!policy.hosts.has(host)) return { ok: false, status: 403, reason: `requests for host "${host}" are refused` }
  const origin = req.headers.origin
  if (origin !== undefined) {
    // A repeated Origin (joined with commas) or a garbled one is none of ours.
    let originHost = ''
    try {
      const u = new URL(origin)
      originHost = u.protocol === 'http:' ? u.host.toLowerCase() : ''
    } catch {
      originHost = ''
    }
    if (!policy.hosts.has(originHost)) return { ok: false, status: 403, reason: `requests from origin "${origin}" are refused` }
  }
  const auth = req.headers.authorization
  const bearer = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : undefined
  // Any credential that matches will do: a cookie left by an earlier run of the server
  // (a new token each start) must not shadow the token in the freshly printed address.
  const given = [urlToken ?? undefined, bearer, ...cookieValues(req, policy.cookieName)]
  if (!given.some((t) => sameToken(t, policy.token))) {
    return { ok: false, status: 401, reason: TOKEN_REFUSED }
  }
  return { ok: true }
}
