import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { InputError } from '../../src-shared/errors'
import { APP_ROOT } from '../runtime'

export { APP_ROOT }
export const RENDERER_DIR = join(APP_ROOT, 'out', 'renderer')

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs)
  }
  return newest
}

/** What `electron-vite build` writes that the app, browser mode and the command line run. */
const OUTPUTS = ['out/renderer/index.html', 'out/main/cli.js', 'out/main/jobs.worker.js', 'out/main/index.js']
const SOURCES = ['src-renderer', 'src-shared', 'src-main', 'electron.vite.config.ts']

/** Whether any build output is missing or older than the sources it is built from. */
export function buildIsStale(root = APP_ROOT): boolean {
  let built = Infinity
  for (const out of OUTPUTS) {
    const file = join(root, out)
    if (!existsSync(file)) return true
    built = Math.min(built, statSync(file).mtimeMs)
  }
  const sources = SOURCES.map((d) => join(root, d)).filter(existsSync)
  return sources.some((d) => (statSync(d).isDirectory() ? newestMtime(d) : statSync(d).mtimeMs) > built)
}

/**
 * Browser mode serves the same built renderer as the desktop app, and the
 * command line's tests run the built CLI. In a checkout the build is redone
 * here when missing or stale, so neither ever runs old code; it takes a few
 * seconds.
 */
export function ensureBuilt(log: (line: string) => void, root = APP_ROOT): void {
  if (!buildIsStale(root)) return
  const cli = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
  if (!existsSync(cli)) {
    if (existsSync(join(root, 'out', 'renderer', 'index.html'))) return
    throw new InputError('the renderer is not built and electron-vite is not installed: run npm install, then npm run build')
  }
  log('building the app (npm run build)…')
  const r = spawnSync(process.execPath, [cli, 'build'], { cwd: root, encoding: 'utf8' })
  if (r.status !== 0) {
    throw new InputError(`the build failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`)
  }
}
