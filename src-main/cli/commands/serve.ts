import { join } from 'node:path'
import { DEFAULT_MAX_BODY_BYTES, startBrowserServer } from '../../server/httpServer'
import { serveToken, TOKEN_FILE_NAME } from '../../server/tokenFile'
import { userDataDir } from '../../paths'
import { ensureBuilt, RENDERER_DIR } from '../../server/rendererBuild'
import type { Command } from '../command'
import { numberFlag, stringFlag, UsageError } from '../flags'
import { DB_FLAG, DB_HELP, openCliServices } from '../store'

export const DEFAULT_PORT = 8620

export const serveCommand: Command = {
  name: 'serve',
  help: `Usage: nw-workbench serve [--port P] [--host H] [--db FILE] [--allow-host NAME] [--token T | --new-token]

Serves the workbench (the same renderer and services as the desktop app) and
prints one line with its address and token, on every start:
  http://127.0.0.1:${DEFAULT_PORT}/?token=...
Open it in a browser. Every request needs the token (kept in a cookie after the
first load); requests from other hosts or origins are refused. The token is
random, made at the first start and kept in ${join(userDataDir(), TOKEN_FILE_NAME)}
(readable by you only), so open tabs reconnect when serve restarts.

On a remote compute box, keep the default host and tunnel the port:
  ssh -L ${DEFAULT_PORT}:127.0.0.1:${DEFAULT_PORT} box   then open the printed address locally.

  --port P        port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host H        address to bind (default 127.0.0.1; 0.0.0.0 exposes it to the network)
  --allow-host N  another host name the server may be reached by (repeatable); with a port
                  (localhost:9000) it also covers a tunnel onto another local port
  --token T       use this token for this start (16 to 256 of A-Z a-z 0-9 . _ ~ -); the kept one is left as it is
  --new-token     make a new random token and keep it in place of the old one (open tabs must reload with the new address)
${DB_HELP}

A request body may be at most ${DEFAULT_MAX_BODY_BYTES / 1024 / 1024} MB; a larger one gets 413.`,
  flags: { port: { type: 'string' }, host: { type: 'string' }, 'allow-host': { type: 'string', multiple: true }, token: { type: 'string' }, 'new-token': { type: 'boolean' }, ...DB_FLAG },
  async run({ values, io }) {
    const port = numberFlag(values, 'port', { integer: true, min: 0, max: 65535 }) ?? DEFAULT_PORT
    const host = stringFlag(values, 'host') ?? '127.0.0.1'
    const allow = (values['allow-host'] as unknown as string[] | undefined) ?? []
    const given = stringFlag(values, 'token')
    if (given !== undefined && values['new-token']) throw new UsageError('give --token or --new-token, not both')
    const token = serveToken(userDataDir(), { ...(given !== undefined ? { given } : {}), renew: values['new-token'] === true })
    ensureBuilt((line) => io.stderr(`nw-workbench serve: ${line}\n`))
    const services = openCliServices(values, io, undefined, 'browser')
    let server
    try {
      server = await startBrowserServer({ services, rendererDir: RENDERER_DIR, host, port, token: token.token, allowHosts: allow })
    } catch (e) {
      await services.close()
      const code = (e as NodeJS.ErrnoException).code
      if (code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use; pick another with --port (0 for any free port)`)
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`cannot bind to host ${host}`)
      throw e
    }
    io.stdout(`${server.url}\n`)
    if (token.source === 'created' || token.source === 'renewed') {
      io.stderr(`nw-workbench serve: ${token.source === 'created' ? 'made a token' : 'made a new token'}, kept in ${token.file} for the next starts\n`)
    }
    if (services.interrupted.length) {
      io.stderr(`nw-workbench serve: ${services.interrupted.length} run(s) left running by a stopped process are marked interrupted\n`)
    }
    await new Promise<void>((resolve) => {
      const stop = () => resolve()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
    await server.close()
    await services.close()
  },
}
