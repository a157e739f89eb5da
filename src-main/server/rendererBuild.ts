import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { InputError } from '../../src-shared/errors'

/** The repository root (this file is src-main/server/). */
export const APP_ROOT = join(__dirname, '..', '..')
export const RENDERER_DIR = join(APP_ROOT, 'out', 'renderer')

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs)
  }
  return newest
}

/** Whether out/renderer is missing or older than the sources it is built from. */
export function rendererIsStale(root = APP_ROOT): boolean {
  const index = join(root, 'out', 'renderer', 'index.html')
  if (!existsSync(index)) return true
  const built = statSync(index).mtimeMs
  const sources = ['src-renderer', 'src-shared'].map((d) => join(root, d)).filter(existsSync)
  return sources.some((d) => newestMtime(d) > built)
}

/**
 * Browser mode serves the same built renderer as the desktop app. In a
 * checkout it is (re)built here when missing or stale, so `serve` never
 * shows an old UI; a build takes a few seconds.
 */
export function ensureRendererBuilt(log: (line: string) => void, root = APP_ROOT): void {
  if (!rendererIsStale(root)) return
  const cli = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
  if (!existsSync(cli)) {
    if (existsSync(join(root, 'out', 'renderer', 'index.html'))) return
    throw new InputError('the renderer is not built and electron-vite is not installed: run npm install, then npm run build')
  }
  log('building the renderer (npm run build)…')
  const r = spawnSync(process.execPath, [cli, 'build'], { cwd: root, encoding: 'utf8' })
  if (r.status !== 0) {
    throw new InputError(`building the renderer failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`)
  }
}
