import { spawn } from 'node:child_process'
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { serveToken, TOKEN_FILE_NAME } from '../../src-main/server/tokenFile'
import { cli, tempDir } from '../cli/runCli'

// Issue 10: a restarted `serve` made a new token, so an open tab was refused
// for good. The token is now kept in the data folder until --new-token.
const BIN = join(__dirname, '..', '..', 'bin', 'nw-workbench.js')

const mode = (path: string) => statSync(path).mode & 0o777

describe('the token file', () => {
  it('is made at the first start, readable by its owner only, and reused after', () => {
    const dir = join(tempDir(), 'data')
    const first = serveToken(dir)
    expect(first.source).toBe('created')
    expect(first.token).toMatch(/^[0-9a-f]{48}$/)
    const file = join(dir, TOKEN_FILE_NAME)
    expect(first.file).toBe(file)
    if (process.platform !== 'win32') expect(mode(file)).toBe(0o600)
    expect(readFileSync(file, 'utf8')).toBe(`${first.token}\n`)
    expect(serveToken(dir)).toEqual({ token: first.token, source: 'file', file })
  })

  it('is replaced by --new-token, still 0600', () => {
    const dir = tempDir()
    const first = serveToken(dir)
    const renewed = serveToken(dir, { renew: true })
    expect(renewed.source).toBe('renewed')
    expect(renewed.token).not.toBe(first.token)
    expect(serveToken(dir).token).toBe(renewed.token)
    if (process.platform !== 'win32') expect(mode(join(dir, TOKEN_FILE_NAME))).toBe(0o600)
  })

  it('is not used when other users may read it, and says how to fix that', () => {
    const dir = tempDir()
    serveToken(dir)
    chmodSync(join(dir, TOKEN_FILE_NAME), 0o644)
    expect(() => serveToken(dir)).toThrow(/may be read by other users \(mode 644\); run chmod 600 on it, or start serve with --new-token/)
    expect(mode(join(dir, TOKEN_FILE_NAME))).toBe(0o644)
    serveToken(dir, { renew: true })
    expect(mode(join(dir, TOKEN_FILE_NAME))).toBe(0o600)
  })

  it('is replaced when it does not hold a token', () => {
    const dir = tempDir()
    writeFileSync(join(dir, TOKEN_FILE_NAME), 'not a token!\n', { mode: 0o600 })
    const t = serveToken(dir)
    expect(t.source).toBe('created')
    expect(serveToken(dir).token).toBe(t.token)
  })

  it('is left alone by --token, which must be URL-safe and long enough', () => {
    const dir = tempDir()
    const kept = serveToken(dir).token
    expect(serveToken(dir, { given: 'my-own-token_1234' })).toEqual({ token: 'my-own-token_1234', source: 'given', file: null })
    expect(serveToken(dir).token).toBe(kept)
    for (const bad of ['short', 'has space in it 1234', 'semi;colon;1234567', 'x'.repeat(257), 'é'.repeat(20)]) {
      expect(() => serveToken(dir, { given: bad })).toThrow(/--token must be 16 to 256 characters of A-Z, a-z, 0-9/)
    }
  })
})

/** Starts `serve` as a real process with its data folder in `config`; resolves with the printed address. */
function startServe(config: string, db: string, ...args: string[]) {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', db, ...args], { env: { ...process.env, XDG_CONFIG_HOME: config, NW_WORKBENCH_DB: '' }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  const url = new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      if (out.includes('\n')) resolve(out.split('\n')[0]!)
    })
    child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${stderr}`)))
  })
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
  return { url, stop, stderr: () => stderr }
}

describe('serve', () => {
  it('keeps its token across restarts with the same data folder, --new-token changes it, and it serves as "browser"', async () => {
    const dir = tempDir()
    const config = join(dir, 'config')
    const db = join(dir, 'runs.db')
    const tokenOf = (url: string) => new URL(url).searchParams.get('token')!

    const first = startServe(config, db)
    const url1 = await first.url
    expect(url1).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/)
    const info = await fetch(new URL('/api/appInfo', url1), { method: 'POST', headers: { Authorization: `Bearer ${tokenOf(url1)}`, 'Content-Type': 'application/json' }, body: '{}' })
    expect(await info.json()).toMatchObject({ ok: true, value: { transport: 'browser' } })
    await first.stop()
    expect(first.stderr()).toContain(`made a token, kept in ${join(config, 'nw-workbench', TOKEN_FILE_NAME)}`)
    expect(mode(join(config, 'nw-workbench', TOKEN_FILE_NAME))).toBe(0o600)

    const second = startServe(config, db)
    const url2 = await second.url
    expect(tokenOf(url2)).toBe(tokenOf(url1))
    await second.stop()

    const third = startServe(config, db, '--new-token')
    const url3 = await third.url
    expect(tokenOf(url3)).not.toBe(tokenOf(url1))
    // The old address is refused now, with a page that says what to do.
    const old = await fetch(new URL('/', url3), { headers: { Accept: 'text/html', Cookie: `nw_token_${new URL(url3).port}=${tokenOf(url1)}` } })
    expect(old.status).toBe(401)
    expect(await old.text()).toMatch(/Open the address that <code>nw-workbench serve<\/code> printed/)
    await third.stop()
  }, 60_000)

  it('refuses --token with --new-token, and a bad --token, with one line', async () => {
    const dir = tempDir()
    const both = await cli(dir, 'serve', '--token', 'a'.repeat(20), '--new-token', '--db', join(dir, 'x.db'))
    expect(both.code).toBe(2)
    expect(both.stderr).toBe('nw-workbench serve: give --token or --new-token, not both\n')
    const bad = await cli(dir, 'serve', '--token', 'short', '--db', join(dir, 'x.db'))
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^nw-workbench serve: --token must be 16 to 256 characters/)
  })
})
