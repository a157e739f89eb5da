#!/usr/bin/env node
// `npm start`: build, make sure Electron and its better-sqlite3 build are
// there, and open the desktop window. Where Electron's binary cannot be had
// (no route to github.com), say so in one line and start browser mode
// instead: the same app, served to a local browser.
import { spawn, spawnSync } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const electronDir = dirname(require.resolve('electron/package.json'))
const electronVersion = require('electron/package.json').version
const nativeDir = join(root, '.electron-native')
const nativeFile = join(nativeDir, `better_sqlite3-electron-${electronVersion}-${process.arch}.node`)
const quiet = { cwd: root, encoding: 'utf8' }

function run(cmd, args, options = {}) {
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options })
}

/** An environment for downloads: npm's offline-build settings must not leak into them. */
function downloadEnv() {
  const env = { ...process.env }
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD
  // ~/.npmrc may set nodedir to the system's Node headers: right for node_modules, wrong for Electron's ABI.
  for (const k of Object.keys(env)) if (/^npm_config_(nodedir|node_gyp|target|runtime|disturl|dist_url)$/i.test(k)) delete env[k]
  return env
}

function electronBinary() {
  try {
    const path = require('electron')
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}

/** Electron's postinstall is not run by npm install here (see allowScripts in package.json): fetch the binary now. */
function ensureElectron() {
  if (electronBinary()) return true
  console.log(`nw-workbench: downloading Electron ${electronVersion} (once)…`)
  const r = spawnSync(process.execPath, [join(electronDir, 'install.js')], { ...quiet, env: downloadEnv(), timeout: 10 * 60_000 })
  return r.status === 0 && electronBinary() !== null
}

/**
 * better-sqlite3 for Electron's ABI, built into .electron-native/ so that
 * node_modules keeps the Node build that tests, the CLI and browser mode use.
 */
function ensureNativeModule() {
  if (existsSync(nativeFile)) return true
  console.log(`nw-workbench: building better-sqlite3 for Electron ${electronVersion} (once)…`)
  const work = join(nativeDir, 'build-better-sqlite3')
  rmSync(work, { recursive: true, force: true })
  mkdirSync(nativeDir, { recursive: true })
  cpSync(dirname(require.resolve('better-sqlite3/package.json')), work, { recursive: true, filter: (src) => !src.includes(`${join('build', 'Release')}`) })
  const env = downloadEnv()
  const target = ['--runtime=electron', `--target=${electronVersion}`, `--arch=${process.arch}`]
  // A prebuilt binary first; compiling against Electron's headers if there is none.
  let ok = run(process.execPath, [require.resolve('prebuild-install/bin.js'), ...target], { cwd: work, env, stdio: 'ignore' }).status === 0
  if (!ok) {
    const gyp = process.env.npm_config_node_gyp ?? join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
    ok = run(process.execPath, [gyp, 'rebuild', '--release', ...target, '--dist-url=https://electronjs.org/headers'], { cwd: work, env, stdio: 'ignore' }).status === 0
  }
  const built = join(work, 'build', 'Release', 'better_sqlite3.node')
  if (ok && existsSync(built)) copyFileSync(built, nativeFile)
  rmSync(work, { recursive: true, force: true })
  return existsSync(nativeFile)
}

function browserMode(reason) {
  console.log(`nw-workbench: ${reason}, so the desktop window cannot open here; starting browser mode instead (npx nw-workbench serve): open the address below.`)
  const child = spawn(process.execPath, [join(root, 'bin', 'nw-workbench.js'), 'serve', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
}

const build = run(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { stdio: ['inherit', 'ignore', 'inherit'] })
if (build.status !== 0) {
  console.error('nw-workbench: the build failed (see above)')
  process.exit(1)
}
if (!ensureElectron()) {
  browserMode(`Electron's binary could not be downloaded (github.com is not reachable)`)
} else if (!ensureNativeModule()) {
  browserMode(`better-sqlite3 could not be built for Electron ${electronVersion} (its headers could not be downloaded)`)
} else {
  const child = spawn(electronBinary(), [root], { cwd: root, stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: '' } })
  child.on('exit', (code) => process.exit(code ?? 0))
}
