import type { NwBridge } from '../../src-shared/api/bridge'
import type { ApiTransport } from '../../src-shared/api/client'
import type { WorkbenchEvent } from '../../src-shared/api/contract'

/** How this page reaches main: the preload's bridge in Electron, HTTP and a WebSocket in browser mode. */
export interface Connection {
  kind: 'electron' | 'browser'
  transport: ApiTransport
  onEvent(listener: (e: WorkbenchEvent) => void): () => void
  /** Connection state of the event stream (browser mode reconnects after a drop). */
  onStatus(listener: (connected: boolean) => void): () => void
  /** Browser mode: the server refused this page's token (a message in words), or took it again (null). */
  onRefused(listener: (message: string | null) => void): () => void
  bridge: NwBridge | null
}

/**
 * What a page whose token the server refuses shows, instead of
 * "reconnecting…" forever or "cancelExperiment: missing or wrong token".
 */
export const TOKEN_REFUSED_MESSAGE =
  'The workbench server refused this page’s access token: it was restarted with a new one (--new-token or --token). Open the address nw-workbench serve printed, the one ending in ?token=…, to go on.'

declare global {
  interface Window {
    nwBridge?: NwBridge
  }
}

/**
 * A request as plain data. Vue's reactive state is made of Proxies, which
 * Electron's contextBridge cannot clone (it refuses them instead of copying
 * their contents); requests are JSON-shaped by contract, so a JSON copy is exact.
 */
function plain(request: unknown): unknown {
  return request === undefined ? {} : JSON.parse(JSON.stringify(request))
}

function electronConnection(bridge: NwBridge): Connection {
  return {
    kind: 'electron',
    transport: { invoke: (method, request) => bridge.invoke(method, plain(request)) },
    onEvent: (listener) => bridge.onEvent(listener),
    onStatus: (listener) => {
      listener(true)
      return () => undefined
    },
    onRefused: () => () => undefined,
    bridge,
  }
}

/** This page load's name for the server: a newer request supersedes an older one of the same tab only. */
const TAB_ID = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('')

export function browserConnection(): Connection {
  const listeners = new Set<(e: WorkbenchEvent) => void>()
  const statusListeners = new Set<(c: boolean) => void>()
  const refusedListeners = new Set<(m: string | null) => void>()
  let connected = false
  let everConnected = false
  let refused: string | null = null
  let retry = 500
  const setStatus = (c: boolean) => {
    connected = c
    for (const l of statusListeners) l(c)
  }
  const setRefused = (m: string | null) => {
    if (m === refused) return
    refused = m
    for (const l of refusedListeners) l(m)
  }
  const post = (method: string, request: unknown) =>
    fetch(new URL(`api/${method}`, window.location.href), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-NW-Client': TAB_ID },
      body: JSON.stringify(request ?? {}),
      credentials: 'same-origin',
    })
  // A browser does not tell a page why a WebSocket handshake failed: ask the API whether the token is the reason.
  const checkToken = () => {
    post('appInfo', {}).then(
      (res) => {
        if (res.status === 401) setRefused(TOKEN_REFUSED_MESSAGE)
        else if (res.ok) setRefused(null)
      },
      () => undefined,
    )
  }
  const open = () => {
    const url = new URL('events', window.location.href)
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
    const ws = new WebSocket(url)
    ws.onopen = () => {
      retry = 500
      setStatus(true)
      setRefused(null)
      // Events sent while the socket was down are lost: tell every view to reload what it shows.
      if (everConnected) for (const l of listeners) l({ type: 'runs.changed', ids: [] })
      everConnected = true
    }
    ws.onmessage = (m) => {
      const event = JSON.parse(String(m.data)) as WorkbenchEvent
      for (const l of listeners) l(event)
    }
    ws.onclose = () => {
      setStatus(false)
      checkToken()
      // The server may be restarting: try again, backing off to every 10 s.
      setTimeout(open, retry)
      retry = Math.min(retry * 2, 10_000)
    }
  }
  open()
  return {
    kind: 'browser',
    transport: {
      async invoke(method, request) {
        const res = await post(method, request)
        if (res.status === 401) {
          setRefused(TOKEN_REFUSED_MESSAGE)
          return { ok: false, error: { name: 'AuthError', message: TOKEN_REFUSED_MESSAGE } }
        }
        if (res.status === 403) {
          return { ok: false, error: { name: 'AuthError', message: (await res.text()).replace(/^nw-workbench: /, '').trim() } }
        }
        if (!res.headers.get('content-type')?.startsWith('application/json')) {
          return { ok: false, error: { name: 'TransportError', message: `the server answered ${res.status}` } }
        }
        return res.json()
      },
    },
    onEvent: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    onStatus: (listener) => {
      statusListeners.add(listener)
      listener(connected)
      return () => statusListeners.delete(listener)
    },
    onRefused: (listener) => {
      refusedListeners.add(listener)
      listener(refused)
      return () => refusedListeners.delete(listener)
    },
    bridge: null,
  }
}

export function connect(): Connection {
  return window.nwBridge ? electronConnection(window.nwBridge) : browserConnection()
}
