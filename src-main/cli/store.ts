import { dirname, resolve } from 'node:path'
import { describeFsError, makeDirs } from '../fsErrors'
import { defaultDatabasePath } from '../paths'
import type { AppInfo } from '../../src-shared/api/contract'
import { createServices, type Services } from '../services'
import type { FlagValues } from './flags'
import type { CliIo } from './io'

export const DB_FLAG = { db: { type: 'string' as const } }

export const DB_HELP = `  --db FILE       the experiment database (default: $NW_WORKBENCH_DB, else ${defaultDatabasePath()})`

/** Opens the services on the database named by --db (or the default), creating its folder if needed. */
export function openCliServices(values: FlagValues, io: CliIo, workers?: number, transport: AppInfo['transport'] = 'cli'): Services {
  const path = typeof values.db === 'string' ? resolve(io.cwd, values.db) : defaultDatabasePath()
  try {
    makeDirs(dirname(path))
  } catch (e) {
    throw describeFsError(dirname(path), e)
  }
  return createServices({ databasePath: path, transport, ...(workers ? { experimentWorkers: workers } : {}) })
}

/** Runs `fn` with the services open and always closes them (workers and database) afterwards. */
export async function withServices<T>(values: FlagValues, io: CliIo, fn: (s: Services) => Promise<T> | T): Promise<T> {
  const services = openCliServices(values, io)
  try {
    return await fn(services)
  } finally {
    await services.close()
  }
}
