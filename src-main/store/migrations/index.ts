import { migration001 } from './001-runs'
import { migration002 } from './002-fit-algorithm'
import { migration004 } from './004-studies'
import type { Migration } from './types'

/** Every migration, in order; a database's PRAGMA user_version is the last one applied. */
// Migration 3 (run provenance) is the lead's, merged separately; 4 does not depend on it.
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration004]

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version
