import type { Migration } from './types'

/**
 * What a researcher needs to trust and trace a run:
 * - parent_id: the run this one re-runs;
 * - sigma_eff: 1/|w| of a trained model, the bandwidth it effectively uses;
 * - *_covered: how many points or queries each metric was computed over
 *   (undefined estimates are left out), and `complete` when every metric
 *   covers all of them, so incomplete runs never rank silently first;
 * - spec_hash: the normalised spec's fingerprint, to find a run made from
 *   the same spec by the same version (the gallery reuses its runs);
 * - run_epochs: the training curve in chunks appended while the run trains,
 *   so a crash keeps every epoch written so far.
 */
export const migration003: Migration = {
  version: 3,
  name: 'provenance, metric coverage and epochs appended while training',
  up: `
    ALTER TABLE runs ADD COLUMN parent_id TEXT REFERENCES runs (id) ON DELETE SET NULL;
    ALTER TABLE runs ADD COLUMN sigma_eff REAL;
    ALTER TABLE runs ADD COLUMN train_loss_covered INTEGER;
    ALTER TABLE runs ADD COLUMN train_mse_covered INTEGER;
    ALTER TABLE runs ADD COLUMN test_mse_covered INTEGER;
    ALTER TABLE runs ADD COLUMN loo_score_covered INTEGER;
    ALTER TABLE runs ADD COLUMN complete INTEGER;
    ALTER TABLE runs ADD COLUMN spec_hash TEXT;
    CREATE INDEX runs_by_parent ON runs (parent_id);
    CREATE INDEX runs_by_spec_hash ON runs (spec_hash);
    -- Names the app makes up are kept unique (uniqueName looks them up).
    CREATE INDEX runs_by_name ON runs (name);

    -- Runs saved before this version were complete exactly when they had no undefined query.
    UPDATE runs SET complete = CASE WHEN undefined_queries = '[]' AND (loo_score IS NOT NULL OR n_train < 2) THEN 1 ELSE 0 END WHERE status = 'done';
    UPDATE runs SET sigma_eff = 1.0 / abs(learned_w) WHERE learned_w IS NOT NULL AND learned_w <> 0;

    CREATE TABLE run_epochs (
      run_id      TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      first_epoch INTEGER NOT NULL,
      loss        BLOB NOT NULL,
      w           BLOB NOT NULL,
      PRIMARY KEY (run_id, first_epoch)
    ) WITHOUT ROWID;
  `,
}
