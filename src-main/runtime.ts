import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { WorkerEntry } from './jobs/pool'

/**
 * Where this code runs from: the build in out/ (the command line, the
 * desktop app, browser mode) or the TypeScript sources under vitest and the
 * benchmark. Files move between the two (the build puts shared code in
 * out/main/chunks/), so paths are found from the package root, never from a
 * fixed number of '..'.
 */
export const RUNNING_FROM_SOURCE = __filename.endsWith('.ts')

function findAppRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }
      if (pkg.name === 'nw-workbench') return dir
    } catch {
      // not here: look one level up
    }
    if (dirname(dir) === dir) return join(__dirname, '..')
  }
}

/** The folder holding package.json. */
export const APP_ROOT = findAppRoot()

const WORKERS = {
  jobs: { source: 'src-main/jobs/jobs.worker.ts', built: 'out/main/jobs.worker.js' },
  predict: { source: 'src-main/parallel/predict.worker.ts', built: 'out/main/predict.worker.js' },
}

/**
 * A worker thread's entry: the built file, or from sources the .ts file run
 * through tsx (a development tool, needed only then). Sources never start
 * built workers, which could be older than the code under test.
 */
export function workerEntry(name: keyof typeof WORKERS): WorkerEntry {
  if (!RUNNING_FROM_SOURCE) return { path: join(APP_ROOT, WORKERS[name].built) }
  return {
    path: join(APP_ROOT, WORKERS[name].source),
    // Resolved here: a worker resolves --require from the process's cwd, which may be any folder.
    execArgv: ['--require', require.resolve('tsx/cjs')],
  }
}

/** Whether the built command line exists (npm install builds it). */
export function isBuilt(): boolean {
  return existsSync(join(APP_ROOT, WORKERS.jobs.built))
}
