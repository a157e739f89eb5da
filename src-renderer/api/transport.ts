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
  bridge: NwBridge | null
}

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
    bridge,
  }
}

/** This page load's name for the server: a newer request supersedes an older one of the same tab only. */
const TAB_ID = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('')

function browserConnection(): Connection {
  const listeners = new Set<(e: WorkbenchEvent) => void>()
  const statusListeners = new Set<(c: boolean) => void>()
  let connected = false
  let everConnected = false
  let retry = 500
  const setStatus = (c: boolean) => {
    connected = c
    for (const l of statusListeners) l(c)
  }
  const open = () => {
    const url = new URL('events', window.location.href)
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
    const ws = new WebSocket(url)
    ws.onopen = () => {
      retry = 500
      setStatus(true)
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
        const res = await fetch(new URL(`api/${method}`, window.location.href), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-NW-Client': TAB_ID },
          body: JSON.stringify(request ?? {}),
          credentials: 'same-origin',
        })
        if (res.status === 401 || res.status === 403) {
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
    bridge: null,
  }
}

export function connect(): Connection {
  return window.nwBridge ? electronConnection(window.nwBridge) : browserConnection()
}
