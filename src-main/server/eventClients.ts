import type { WebSocket } from 'ws'
import type { EventHub } from '../events'
import { EventQueue, type EventQueueLimits } from './eventQueue'

/** How often a client with held-back events is looked at again. */
const RETRY_MS = 25
/** A client that answers no ping for this long is gone. */
const PING_MS = 30_000

export interface EventClients {
  add(ws: WebSocket): void
  /** Connected clients (for tests). */
  readonly size: number
  close(): void
}

/**
 * Streams the hub's events to WebSocket clients: each event serialised once
 * for all of them, each client behind its own EventQueue (backpressure,
 * coalescing, dropping a client that stops reading). Clients only listen;
 * whatever they send is ignored, and no client error reaches the process.
 */
export function createEventClients(hub: EventHub, limits: EventQueueLimits, log: (line: string) => void): EventClients {
  const clients = new Map<WebSocket, { queue: EventQueue; retry: NodeJS.Timeout | null }>()

  const schedule = (ws: WebSocket) => {
    const c = clients.get(ws)
    if (!c || c.retry || c.queue.held === 0) return
    c.retry = setTimeout(() => {
      c.retry = null
      if (!c.queue.flush()) schedule(ws)
    }, RETRY_MS)
  }

  const off = hub.on((event) => {
    if (clients.size === 0) return
    const data = Buffer.from(JSON.stringify(event))
    for (const [ws, c] of clients) {
      c.queue.push(event, data)
      schedule(ws)
    }
  })

  const remove = (ws: WebSocket) => {
    const c = clients.get(ws)
    if (c?.retry) clearTimeout(c.retry)
    clients.delete(ws)
  }

  return {
    get size() {
      return clients.size
    },
    add(ws) {
      const queue = new EventQueue(
        {
          bufferedAmount: () => ws.bufferedAmount,
          send: (data) => {
            if (ws.readyState === ws.OPEN) ws.send(data, { binary: false })
          },
          drop: (reason) => {
            log(`dropped an event client that stopped reading (${reason}); its page will reconnect and reload`)
            remove(ws)
            ws.terminate()
          },
        },
        limits,
      )
      clients.set(ws, { queue, retry: null })
      let alive = true
      ws.on('pong', () => (alive = true))
      const ping = setInterval(() => {
        if (!alive) {
          ws.terminate()
          return
        }
        alive = false
        ws.ping()
      }, PING_MS)
      ws.on('close', () => {
        clearInterval(ping)
        remove(ws)
      })
      // A bad frame or an oversized message: that client goes, the server stays.
      ws.on('error', () => ws.terminate())
      ws.on('message', () => undefined)
    },
    close() {
      off()
      for (const ws of [...clients.keys()]) {
        remove(ws)
        ws.terminate()
      }
    },
  }
}
