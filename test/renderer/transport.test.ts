// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApiClient } from '../../src-shared/api/client'
import { browserConnection, TOKEN_REFUSED_MESSAGE } from '../../src-renderer/api/transport'

/** A WebSocket that fails its handshake, as a browser reports it: a close, and no reason. */
class RefusedSocket {
  static made = 0
  onopen: (() => void) | null = null
  onmessage: ((m: { data: unknown }) => void) | null = null
  onclose: (() => void) | null = null
  constructor() {
    RefusedSocket.made++
    setTimeout(() => this.onclose?.(), 0)
  }
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

describe('the browser-mode connection when the server refuses the token', () => {
  it('answers a call with the reason in words, not "cancelExperiment: missing or wrong token"', async () => {
    vi.stubGlobal('WebSocket', RefusedSocket)
    vi.stubGlobal('fetch', vi.fn(async () => new Response('nw-workbench: missing or wrong token: ...\n', { status: 401 })))
    const connection = browserConnection()
    const api = createApiClient(connection.transport)
    const error = await api.cancelExperiment({ id: 'abcdabcdabcd' }).catch((e: Error) => e)
    expect((error as Error).message).toBe(TOKEN_REFUSED_MESSAGE)
    expect(TOKEN_REFUSED_MESSAGE).toMatch(/Open the address nw-workbench serve printed/)
  })

  it('tells the page when the event stream is refused for its token, and not when the server is only down', async () => {
    vi.useFakeTimers()
    vi.stubGlobal('WebSocket', RefusedSocket)
    let status = 0
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        if (status === 0) throw new TypeError('Failed to fetch')
        return new Response(status === 200 ? '{"ok":true,"value":{}}' : 'no', { status, headers: { 'Content-Type': 'application/json' } })
      }),
    )
    const connection = browserConnection()
    const seen: (string | null)[] = []
    connection.onRefused((m) => seen.push(m))
    // Down: the stream closes, the check cannot reach the server.
    await vi.advanceTimersByTimeAsync(10)
    expect(seen).toEqual([null])
    // Back, with another token.
    status = 401
    await vi.advanceTimersByTimeAsync(2000)
    expect(seen).toEqual([null, TOKEN_REFUSED_MESSAGE])
    // Back with this page's token (the stream itself would then open; the check alone clears it too).
    status = 200
    await vi.advanceTimersByTimeAsync(20_000)
    expect(seen).toEqual([null, TOKEN_REFUSED_MESSAGE, null])
  })
})
