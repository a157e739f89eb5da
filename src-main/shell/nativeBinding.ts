import { existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * better-sqlite3 compiled for Electron's ABI. node_modules keeps the Node
 * build (tests, CLI, browser mode); `npm start` builds this one into
 * .electron-native/ (see scripts/start.mjs) and main loads it through
 * better-sqlite3's nativeBinding option.
 */
export function electronNativeBinding(appRoot: string): string | undefined {
  const file = join(appRoot, '.electron-native', `better_sqlite3-electron-${process.versions.electron}-${process.arch}.node`)
  return existsSync(file) ? file : undefined
}
