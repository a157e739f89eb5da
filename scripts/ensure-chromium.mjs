#!/usr/bin/env node
// The end-to-end tests drive Debian's Chromium (playwright's own browser
// download does not work offline). Before `npm test`, install it if it is
// missing and apt-get can: on a fresh machine the README's test command then
// just works. CHROMIUM_PATH points the tests at another Chromium.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (existsSync(path)) process.exit(0)

const root = typeof process.getuid === 'function' && process.getuid() === 0
const sudo = root ? [] : ['sudo', '-n']
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0
if (!has('apt-get') || (!root && !has('sudo'))) {
  console.error(`npm test: the browser tests need Chromium at ${path}: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH`)
  process.exit(1)
}
console.log('npm test: installing Debian’s chromium for the browser tests (once)…')
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
for (const args of [['apt-get', 'update', '-qq'], ['apt-get', 'install', '-y', '-qq', 'chromium']]) {
  const [cmd, ...rest] = [...sudo, ...args]
  const r = spawnSync(cmd, rest, { stdio: ['ignore', 'ignore', 'inherit'], env })
  if (r.status !== 0) {
    console.error(`npm test: "${args.join(' ')}" failed; install chromium yourself or set CHROMIUM_PATH`)
    process.exit(1)
  }
}
