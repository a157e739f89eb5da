import type { Migration } from './types'

/**
 * Vector runs (issue 13): their dimension, features, task and choices, the
 * width vector used, class labels and classification metrics with their
 * coverage, as one JSON value (null for one-dimensional runs; finite
 * doubles survive JSON bit for bit). Their arrays (inputs row-major, class
 * scores, band ends) are rows of run_arrays like any other.
 */
export const migration005: Migration = {
  version: 5,
  name: 'vector inputs',
  up: `
    ALTER TABLE runs ADD COLUMN vector_json TEXT;
  `,
}
