import { migration001 } from './001-runs'
import { migration002 } from './002-fit-algorithm'
import { migration003 } from './003-provenance'
import { migration004 } from './004-studies'
import { migration005 } from './005-vector-inputs'
import { migration006 } from './006-library-order'
import type { Migration } from './types'

/** Every migration, in order; a database's PRAGMA user_version is the last one applied. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006]

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version
