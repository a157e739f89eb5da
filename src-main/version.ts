import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { APP_ROOT } from './runtime'

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(APP_ROOT, 'package.json'), 'utf8')) as { version?: string }
    return pkg.version ?? '0.0.0-unknown'
  } catch {
    return '0.0.0-unknown'
  }
}

/** The app's version, stored with every run. */
export const APP_VERSION: string = readVersion()
