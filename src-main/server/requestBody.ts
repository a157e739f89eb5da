import type { IncomingMessage, ServerResponse } from 'node:http'

export type BodyResult = { ok: true; text: string } | { ok: false; reason: 'too-large' | 'aborted' }

/** The declared Content-Length, if there is a usable one. */
function declaredLength(req: IncomingMessage): number | null {
  const v = req.headers['content-length']
  return typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : null
}

/**
 * Reads a request body of at most `limit` bytes. Past the limit it stops
 * keeping what arrives and says so; the rest is left for `answerAndDrain`,
 * which the caller uses to send its 413.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = declaredLength(req)
  if (declared !== null && declared > limit) return Promise.resolve({ ok: false, reason: 'too-large' })
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = (r: BodyResult) => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      resolve(r)
    }
    const onData = (c: Buffer) => {
      size += c.length
      if (size > limit) done({ ok: false, reason: 'too-large' })
      else chunks.push(c)
    }
    const onEnd = () => done({ ok: true, text: Buffer.concat(chunks).toString('utf8') })
    const onError = () => done({ ok: false, reason: 'aborted' })
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
  })
}

export interface DrainLimits {
  /** Bytes of the unread body to read and throw away before closing anyway. */
  maxBytes: number
  /** How long to wait for the client to finish sending. */
  maxMs: number
}

export const DEFAULT_DRAIN: DrainLimits = { maxBytes: 64 * 1024 * 1024, maxMs: 10_000 }

/**
 * Sends a complete answer at once, then reads and discards the rest of the
 * request before the connection closes ("lingering close"). Closing a socket
 * that still has unread input makes the kernel send a reset, and a client
 * still writing its body would see the reset instead of the answer.
 */
export function answerAndDrain(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body: string, limits: DrainLimits = DEFAULT_DRAIN): void {
  res.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' })
  res.write(body)
  let drained = 0
  const finish = () => {
    clearTimeout(timer)
    req.off('data', onData)
    // With "Connection: close" Node ends the connection once the answer is out.
    if (!res.writableEnded) res.end()
  }
  const onData = (c: Buffer) => {
    drained += c.length
    if (drained > limits.maxBytes) {
      finish()
      req.socket.destroy()
    }
  }
  const timer = setTimeout(() => {
    finish()
    req.socket.destroy()
  }, limits.maxMs)
  timer.unref()
  if (req.complete) {
    finish()
    return
  }
  req.on('data', onData)
  req.once('end', finish)
  req.once('close', finish)
  req.resume()
}
