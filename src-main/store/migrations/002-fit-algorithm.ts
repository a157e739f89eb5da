import type { Migration } from './types'

/** How a run's predictions were computed (dense, window, fgt, compact, ...) and the error bound the engine stated. */
export const migration002: Migration = {
  version: 2,
  name: 'fit algorithm and error bound',
  up: `
    ALTER TABLE runs ADD COLUMN fit_algorithm TEXT;
    ALTER TABLE runs ADD COLUMN fit_error_bound REAL;
  `,
}
