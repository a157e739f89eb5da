import { readFileSync } from 'node:fs'
import { join } from 'node:path'

function readVersion(): string {
  // The CLI runs from src-main/, the built app from out/main/: both sit two levels below package.json.
  for (const up of ['..', '../..']) {
    try {
      const pkg = JSON.parse(readFileSync(join(__dirname, up, 'package.json'), 'utf8')) as { name?: string; version?: string }
      if (pkg.name === 'nw-workbench' && pkg.version) return pkg.version
    } catch {
      // try the next level
    }
  }
  return '0.0.0-unknown'
}

/** The app's version, stored with every run. */
export const APP_VERSION: string = readVersion()
