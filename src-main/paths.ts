import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * The per-user folder where the app keeps its database: the same place
 * Electron's app.getPath('userData') gives for an app named nw-workbench,
 * so the CLI, browser mode and the desktop app share their runs by default.
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'nw-workbench')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'nw-workbench')
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'nw-workbench')
}

/** The database used when no --db is given: $NW_WORKBENCH_DB, else runs.db in the user-data folder. */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.NW_WORKBENCH_DB || join(userDataDir(env), 'runs.db')
}
