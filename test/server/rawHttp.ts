import { spawn, type ChildProcess } from 'node:child_process'
import { connect } from 'node:net'
import { join } from 'node:path'

export interface RawReply {
  /** The status of the first response line, or null when the server closed without answering. */
  status: number | null
  head: string
}

/** Sends bytes as they are (no client library would send a malformed request) and reads the answer's head. */
export function rawRequest(port: number, bytes: string | Buffer, timeoutMs = 3000): Promise<RawReply> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let got = ''
    let settled = false
    const done = () => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got)
      resolve({ status: m ? Number(m[1]) : null, head: got.split('\r\n\r\n')[0]! })
    }
    const timer = setTimeout(done, timeoutMs)
    socket.on('connect', () => socket.write(bytes))
    socket.on('data', (d) => {
      got += d.toString('latin1')
      if (got.includes('\r\n\r\n')) done()
    })
    socket.on('error', done)
    socket.on('close', done)
  })
}

export interface ChildServer {
  child: ChildProcess
  port: number
  /** Whether the process is still running. */
  alive(): boolean
  stop(): Promise<void>
}

/** Starts test/server/fixtures/childServer.ts in its own Node process. */
export function startChildServer(token: string): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), join(__dirname, 'fixtures', 'childServer.ts')], {
    env: { ...process.env, NW_TEST_TOKEN: token },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.once('exit', (code) => reject(new Error(`the test server exited (${code}) before listening`)))
    child.stdout!.on('data', (d) => {
      out += String(d)
      const line = out.split('\n')[0]
      if (!out.includes('\n')) return
      const { port } = JSON.parse(line!) as { port: number }
      resolve({
        child,
        port,
        alive: () => child.exitCode === null && child.signalCode === null,
        stop: () =>
          new Promise<void>((r) => {
            if (child.exitCode !== null || child.signalCode !== null) return r()
            child.once('exit', () => r())
            child.kill('SIGTERM')
          }),
      })
    })
  })
}
