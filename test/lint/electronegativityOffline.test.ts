import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../cli/runCli'

const ROOT = join(__dirname, '..', '..')
const NO_NETWORK = join(__dirname, 'fixtures', 'noNetwork.cjs')
const ELECTRON_VERSION = (JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }).version

// Issue 15: `npm run lint` ran Electronegativity, which fetched Electron's
// release list and its translations from the internet.
describe('the Electronegativity lint', () => {
  it('passes with the network unreachable, and tries to reach it zero times', () => {
    const log = join(tempDir(), 'network.log')
    const r = spawnSync(process.execPath, ['--require', NO_NETWORK, join(ROOT, 'scripts', 'electronegativity.mjs')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NW_NETWORK_LOG: log },
      timeout: 120_000,
    })
    const attempts = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []
    expect(attempts).toEqual([])
    expect(r.status, r.stderr + r.stdout).toBe(0)
    expect(r.stdout).toMatch(new RegExp(`no medium or high findings \\(Electron ${ELECTRON_VERSION}, \\d+ checks`))
    expect(r.stdout).not.toMatch(/Could not retrieve updated translations/)
  }, 130_000)

  it('would notice an attempt (the guard itself works)', () => {
    const log = join(tempDir(), 'network.log')
    const r = spawnSync(process.execPath, ['--require', NO_NETWORK, '-e', "require('node:https').get('https://example.invalid/')"], { encoding: 'utf8', env: { ...process.env, NW_NETWORK_LOG: log } })
    expect(r.status).not.toBe(0)
    expect(readFileSync(log, 'utf8')).toMatch(/^https get https:\/\/example\.invalid\//)
  })
})
